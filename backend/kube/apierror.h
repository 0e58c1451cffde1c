#pragma once

#include "backend/core/result.h"
#include "backend/kube/apistatus.h"

#include <string>

namespace gantry::kube {

/// Why an API call failed: either the server answered with an error (a
/// Kubernetes Status, or a non-Status body read as one), or the request never
/// got an answer (network, TLS, credentials, read-only mode, cancellation).
/// Messages are in words and never contain a token, password or key.
class ApiError
{
public:
    enum class Kind {
        Status,         ///< the server answered with an HTTP error; status() holds it
        Network,        ///< DNS, connection refused or reset, unreachable, proxy
        Tls,            ///< certificate verification or handshake failure
        Timeout,        ///< connecting or waiting for data took too long
        Credentials,    ///< the credential could not be obtained (exec plugin, token file)
        ReadOnly,       ///< refused locally: Gantry runs with --read-only
        Cancelled,      ///< the caller cancelled the request
        BadResponse,    ///< a 2xx answer that is not what the API promises (HTML, bad JSON)
        InvalidRequest, ///< the request could not be formed (bad server URL, bad options)
    };

    /// An error the server reported.
    static ApiError fromStatus(ApiStatus status);
    /// An error of any other kind, described by `message`.
    static ApiError make(Kind kind, std::string message);

    Kind kind() const { return m_kind; }
    /// The server's Status; code 0 and empty fields unless kind() is Status.
    const ApiStatus &status() const { return m_status; }
    /// The HTTP code, 0 when there was no answer.
    int httpCode() const { return m_status.code; }
    /// The words for anything but a Status (the Status's message otherwise).
    const std::string &message() const { return m_kind == Kind::Status ? m_status.message : m_message; }

    /// One line for the UI: "Forbidden (403): pods \"x\" is forbidden: …" or
    /// "TLS verification failed for https://…: unable to get local issuer certificate".
    std::string summary() const;

    bool isStatus() const { return m_kind == Kind::Status; }
    bool isForbidden() const;
    bool isUnauthorized() const;
    bool isNotFound() const;
    /// A stale resourceVersion on update (409 Conflict), not AlreadyExists.
    bool isConflict() const;
    bool isAlreadyExists() const;
    /// 410 Gone/Expired: a watch or continue token too old; relist.
    bool isExpired() const;
    bool isCancelled() const { return m_kind == Kind::Cancelled; }
    bool isReadOnlyRefusal() const { return m_kind == Kind::ReadOnly; }
    /// No answer from the server at all (network, TLS, timeout).
    bool isTransport() const;

private:
    Kind m_kind = Kind::Status;
    ApiStatus m_status;
    std::string m_message;
};

/// A value or the ApiError that prevented it; the REST API reports failures this way and never throws.
template<typename T>
using ApiResult = Result<T, ApiError>;

} // namespace gantry::kube
