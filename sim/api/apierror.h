#pragma once

#include <nlohmann/json.hpp>

#include <stdexcept>
#include <string>

namespace gantry::sim {

/// A request failure, carried to the HTTP layer as a Kubernetes `Status`. Thrown
/// inside the server; never escapes it.
class ApiError : public std::runtime_error
{
public:
    ApiError(int code, std::string reason, std::string message, nlohmann::json details = nullptr);

    int code() const { return m_code; }
    const std::string &reason() const { return m_reason; }
    /// The `Status` object for this error.
    nlohmann::json status() const;

    static ApiError notFound(const std::string &qualifiedResource, const std::string &name);
    static ApiError alreadyExists(const std::string &qualifiedResource, const std::string &name);
    static ApiError conflict(const std::string &qualifiedResource, const std::string &name);
    static ApiError badRequest(const std::string &message);
    static ApiError unknownPath();

private:
    int m_code;
    std::string m_reason;
    nlohmann::json m_details;
};

/// A `Status` object: {"kind":"Status","apiVersion":"v1","metadata":{},"status":…}.
nlohmann::json makeStatus(int code, const std::string &reason, const std::string &message,
                          const nlohmann::json &details = nullptr);

} // namespace gantry::sim
