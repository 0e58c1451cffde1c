#pragma once

#include "backend/actions/auditlog.h"
#include "backend/actions/templatelibrary.h"
#include "backend/kube/cancellation.h"
#include "backend/kube/restclient.h"

#include <memory>
#include <string>

namespace gantry::actions {

/// What every action works with: the cluster client, who and where for the audit
/// log, and the templates. Cheap to copy.
struct ActionContext {
    std::shared_ptr<kube::RestClient> client;
    std::string contextName; ///< kubeconfig context, for the audit log
    std::string user; ///< for the audit log; currentUserName() when the app knows nothing better
    std::shared_ptr<AuditLog> audit; ///< null: no audit log
    std::shared_ptr<const TemplateLibrary> templates; ///< null: the built-in templates

    const TemplateLibrary &templateLibrary() const
    {
        static const TemplateLibrary builtIn;
        return templates ? *templates : builtIn;
    }

    /// Appends `record` with this context's name and user; no-op without an audit log.
    void record(AuditRecord record) const
    {
        if (!audit)
            return;
        record.context = contextName;
        record.user = user;
        audit->append(record);
    }
};

/// How an action runs.
struct ActionOptions {
    /// Validate locally and on the server (dryRun=All), then stop: nothing is stored.
    bool dryRunOnly = false;
    kube::Cancellation cancellation;
};

} // namespace gantry::actions
