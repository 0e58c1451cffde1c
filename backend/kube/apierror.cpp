#include "backend/kube/apierror.h"

namespace gantry::kube {

ApiError ApiError::fromStatus(ApiStatus status)
{
    ApiError error;
    error.m_kind = Kind::Status;
    error.m_status = std::move(status);
    return error;
}

ApiError ApiError::make(Kind kind, std::string message)
{
    ApiError error;
    error.m_kind = kind;
    error.m_message = std::move(message);
    return error;
}

std::string ApiError::summary() const
{
    return m_kind == Kind::Status ? m_status.summary() : m_message;
}

bool ApiError::isForbidden() const
{
    return isStatus() && (m_status.code == 403 || m_status.reason == "Forbidden");
}

bool ApiError::isUnauthorized() const
{
    return isStatus() && (m_status.code == 401 || m_status.reason == "Unauthorized");
}

bool ApiError::isNotFound() const
{
    return isStatus() && (m_status.code == 404 || m_status.reason == "NotFound");
}

bool ApiError::isConflict() const
{
    // Both Conflict and AlreadyExists are 409; apimachinery's IsConflict means the reason.
    return isStatus() && (m_status.reason == "Conflict" || (m_status.code == 409 && m_status.reason.empty()));
}

bool ApiError::isAlreadyExists() const
{
    return isStatus() && m_status.reason == "AlreadyExists";
}

bool ApiError::isExpired() const
{
    return isStatus()
        && (m_status.code == 410 || m_status.reason == "Expired" || m_status.reason == "Gone");
}

bool ApiError::isTransport() const
{
    return m_kind == Kind::Network || m_kind == Kind::Tls || m_kind == Kind::Timeout;
}

} // namespace gantry::kube
