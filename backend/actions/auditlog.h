#pragma once

#include "backend/core/rfc3339.h"

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

namespace gantry::kube {
class RestClient;
}

namespace gantry::actions {

/// One applied or refused action, as one line of the audit log.
struct AuditRecord {
    SystemTime time = std::chrono::system_clock::now();
    std::string context; ///< kubeconfig context name
    std::string user; ///< "" when unknown
    std::string verb; ///< deploy, scale, revert, prewarm, cancel
    std::string kind; ///< of the object: InferenceService, Job, LocalModelCache
    std::string namespaceName;
    std::string name;
    std::string summary; ///< what changed: "spec.predictor.minReplicas: 1 → 3"
    bool dryRun = false;
    std::string result; ///< "applied", "refused: …", "conflict: …", "invalid: …", "forbidden: …", "read-only: …"
};

/// Appends audit records as JSON lines to <data dir>/audit.jsonl:
/// {"time":"2026-…Z","context":…,"user":…,"verb":…,"object":{"kind","namespace","name"},
///  "summary":…,"dryRun":false,"result":"applied"}.
/// The file is created 0600 (its folder 0700) and opened with O_APPEND; each line is
/// written with one write(), so lines from threads and from other Gantry processes
/// never interleave. Records carry what the actions put in them and nothing else:
/// no request bodies, headers or credentials. Thread-safe.
class AuditLog {
public:
    /// Opens (creating) <dataDirectory>/audit.jsonl; see error() when that failed.
    explicit AuditLog(const std::string &dataDirectory);
    ~AuditLog();
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    /// Appends one line; false (and error()) when it could not be written whole.
    bool append(const AuditRecord &record);
    const std::string &path() const { return m_path; }
    /// Why the file could not be opened or the last line not written; "" when all went well.
    std::string error() const;

    /// The line for a record, without its '\n'.
    static std::string toJsonLine(const AuditRecord &record);

private:
    std::string m_path;
    int m_fd = -1;
    mutable std::mutex m_mutex;
    std::string m_error;
};

/// $XDG_DATA_HOME/gantry, or ~/.local/share/gantry.
std::string defaultDataDirectory();
/// defaultDataDirectory() + "/audit.jsonl".
std::string defaultAuditPath();

/// The user name the cluster sees (authentication.k8s.io/v1 SelfSubjectReview), or ""
/// when the server does not offer it, refuses it, or the client is read-only (a review
/// is a POST). Blocking.
std::string currentUserName(kube::RestClient &client);

/// A storage URI fit for logs: user information and query strings (presigned
/// signatures) are cut, e.g. https://host/model.bin?X-Amz-Signature=… → https://host/model.bin?….
std::string redactUri(std::string_view uri);

} // namespace gantry::actions
