#include "backend/kube/apistatus.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>

namespace gantry::kube {

namespace {

std::string stringField(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return {};
    return it->get<std::string>();
}

// A short, printable excerpt of a body that was not a Status, for the message.
std::string excerpt(std::string_view body)
{
    constexpr std::size_t maxLength = 120;
    std::string out;
    bool lastWasSpace = false;
    for (char c : body.substr(0, maxLength * 2)) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (space && lastWasSpace)
            continue;
        out.push_back(space ? ' ' : (std::isprint(static_cast<unsigned char>(c)) ? c : '?'));
        lastWasSpace = space;
        if (out.size() >= maxLength) {
            out += "…";
            break;
        }
    }
    return out;
}

std::string describeNonStatusBody(std::string_view body)
{
    const auto first = std::find_if_not(body.begin(), body.end(),
                                        [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
    if (first == body.end())
        return "the server sent an empty body";
    if (*first == '<')
        return "the server sent an HTML page instead of a Kubernetes Status: " + excerpt(body);
    if (*first == '{' || *first == '[')
        return "the server sent JSON that is not a Kubernetes Status: " + excerpt(body);
    return "the server sent text instead of a Kubernetes Status: " + excerpt(body);
}

} // namespace

std::string reasonForHttpCode(int httpCode)
{
    switch (httpCode) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Expired";
    case 413: return "RequestEntityTooLarge";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return httpCode >= 500 ? "InternalError" : "Unknown";
    }
}

std::string ApiStatus::summary() const
{
    std::string line = reason.empty() ? reasonForHttpCode(code) : reason;
    line += " (" + std::to_string(code) + ")";
    if (!message.empty())
        line += ": " + message;
    return line;
}

ApiStatus parseApiStatus(int httpCode, std::string_view body)
{
    ApiStatus status;
    status.code = httpCode;

    const nlohmann::json json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!json.is_object() || stringField(json, "kind") != "Status") {
        status.reason = reasonForHttpCode(httpCode);
        status.message = describeNonStatusBody(body);
        return status;
    }

    status.fromServerStatus = true;
    if (const auto code = json.find("code"); code != json.end() && code->is_number_integer())
        status.code = code->get<int>();
    status.reason = stringField(json, "reason");
    if (status.reason.empty())
        status.reason = reasonForHttpCode(status.code);
    status.message = stringField(json, "message");

    const auto details = json.find("details");
    if (details != json.end() && details->is_object()) {
        status.detailsName = stringField(*details, "name");
        status.detailsGroup = stringField(*details, "group");
        status.detailsKind = stringField(*details, "kind");
        if (const auto retry = details->find("retryAfterSeconds");
            retry != details->end() && retry->is_number_integer())
            status.retryAfterSeconds = retry->get<int>();
        if (const auto causes = details->find("causes"); causes != details->end() && causes->is_array()) {
            for (const auto &cause : *causes) {
                if (!cause.is_object())
                    continue;
                status.causes.push_back({stringField(cause, "reason"), stringField(cause, "message"),
                                         stringField(cause, "field")});
            }
        }
    }
    return status;
}

} // namespace gantry::kube
