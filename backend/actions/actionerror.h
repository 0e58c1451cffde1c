#pragma once

#include "backend/actions/problem.h"
#include "backend/core/result.h"
#include "backend/kube/apierror.h"

#include <optional>
#include <string>
#include <string_view>

namespace gantry::actions {

/// Why an action was refused or failed, in words an operator can act on, with the
/// local problems or the server's causes when there are any.
class ActionError {
public:
    enum class Kind {
        Invalid, ///< local validation failed: nothing was sent
        ReadOnly, ///< Gantry runs read-only: nothing was sent
        Forbidden, ///< RBAC refused it (403)
        Conflict, ///< the object changed since it was read (409): nothing was overwritten
        AlreadyExists, ///< an object of that name exists (409)
        NotFound, ///< the object (or its namespace) does not exist (404)
        ServerInvalid, ///< the server's validation or admission refused it (422, 400)
        Failed, ///< anything else: network, TLS, timeouts, server errors
    };

    /// Local validation problems.
    static ActionError invalid(Problems problems);
    /// The refusal of a read-only client; `what` is e.g. "scale of InferenceService default/llama".
    static ActionError readOnly(std::string_view what);
    /// An API failure while doing `what` ("create InferenceService default/llama").
    static ActionError fromApi(const kube::ApiError &error, std::string_view what);
    static ActionError make(Kind kind, std::string message);

    Kind kind() const { return m_kind; }
    /// One or more sentences, never a credential.
    const std::string &message() const { return m_message; }
    /// Local problems, or the server's causes (field, message) for ServerInvalid.
    const Problems &problems() const { return m_problems; }
    const std::optional<kube::ApiError> &apiError() const { return m_apiError; }

    /// The audit log's result: "invalid: …", "read-only: …", "forbidden: …",
    /// "conflict: …", "refused: …".
    std::string auditResult() const;

private:
    Kind m_kind = Kind::Failed;
    std::string m_message;
    Problems m_problems;
    std::optional<kube::ApiError> m_apiError;
};

/// An action's result or why there is none.
template<typename T>
using ActionResult = Result<T, ActionError>;

} // namespace gantry::actions
