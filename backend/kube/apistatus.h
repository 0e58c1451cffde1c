#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::kube {

/// One entry of a Status's `details.causes`, e.g. a field that failed validation.
struct StatusCause
{
    std::string reason;
    std::string message;
    std::string field;
};

/// A failed API call as the server described it (a Kubernetes `Status` object), or
/// as close to that as a non-Status answer allows.
struct ApiStatus
{
    int code = 0;                 ///< HTTP status code, e.g. 409
    std::string reason;           ///< machine reason, e.g. "Conflict", "Expired"
    std::string message;          ///< the server's message, verbatim
    std::string detailsName;      ///< details.name
    std::string detailsGroup;     ///< details.group
    std::string detailsKind;      ///< details.kind
    std::vector<StatusCause> causes;
    std::optional<int> retryAfterSeconds;
    bool fromServerStatus = false; ///< true when the body was a real Status object

    /// One line for an operator: "Conflict (409): the object has been modified…".
    std::string summary() const;
};

/// The Kubernetes reason conventionally paired with an HTTP code ("NotFound" for 404).
std::string reasonForHttpCode(int httpCode);

/// Reads a response body as a Kubernetes Status. A body that is not one (an HTML
/// page from a proxy, truncated JSON, nothing at all) still gives a usable status
/// whose message says what came back instead.
ApiStatus parseApiStatus(int httpCode, std::string_view body);

} // namespace gantry::kube
