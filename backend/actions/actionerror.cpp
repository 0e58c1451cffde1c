#include "backend/actions/actionerror.h"

namespace gantry::actions {

ActionError ActionError::invalid(Problems problems)
{
    ActionError error;
    error.m_kind = Kind::Invalid;
    error.m_message = problemsText(problems);
    error.m_problems = std::move(problems);
    return error;
}

ActionError ActionError::readOnly(std::string_view what)
{
    return make(Kind::ReadOnly,
        "Gantry runs read-only (--read-only or --kiosk), so the " + std::string(what) + " was not sent to the cluster");
}

ActionError ActionError::make(Kind kind, std::string message)
{
    ActionError error;
    error.m_kind = kind;
    error.m_message = std::move(message);
    return error;
}

ActionError ActionError::fromApi(const kube::ApiError &api, std::string_view what)
{
    ActionError error;
    error.m_apiError = api;
    const std::string action(what);
    if (api.isReadOnlyRefusal()) {
        error = readOnly(what);
        error.m_apiError = api;
        return error;
    }
    if (api.isForbidden()) {
        error.m_kind = Kind::Forbidden;
        error.m_message = "the cluster does not allow the current user the " + action + ": " + api.message();
    } else if (api.isConflict()) {
        error.m_kind = Kind::Conflict;
        error.m_message = "the object changed since it was read, so the " + action
            + " was not applied and nothing was overwritten; reload it and try again (" + api.message() + ")";
    } else if (api.isAlreadyExists()) {
        error.m_kind = Kind::AlreadyExists;
        error.m_message = api.message();
    } else if (api.isNotFound()) {
        error.m_kind = Kind::NotFound;
        error.m_message = api.message();
    } else if (api.isStatus() && (api.httpCode() == 422 || api.httpCode() == 400)) {
        error.m_kind = Kind::ServerInvalid;
        error.m_message = "the server refused the " + action + ": " + api.message();
        for (const kube::StatusCause &cause : api.status().causes) {
            error.m_problems.push_back({ cause.field, cause.message, {} });
            // The server's message usually lists its causes; add those it left out.
            if (api.message().find(cause.message) == std::string::npos)
                error.m_message += "; " + (cause.field.empty() ? "" : cause.field + ": ") + cause.message;
        }
    } else {
        error.m_kind = Kind::Failed;
        error.m_message = "the " + action + " failed: " + api.summary();
    }
    return error;
}

std::string ActionError::auditResult() const
{
    switch (m_kind) {
    case Kind::Invalid:
    case Kind::ServerInvalid:
        return "invalid: " + m_message;
    case Kind::ReadOnly:
        return "read-only: " + m_message;
    case Kind::Forbidden:
        return "forbidden: " + m_message;
    case Kind::Conflict:
        return "conflict: " + m_message;
    case Kind::AlreadyExists:
    case Kind::NotFound:
    case Kind::Failed:
        break;
    }
    return "refused: " + m_message;
}

} // namespace gantry::actions
