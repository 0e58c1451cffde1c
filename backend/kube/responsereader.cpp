#include "backend/kube/responsereader.h"

#include <algorithm>
#include <cctype>

namespace gantry::kube::detail {

namespace {

std::string lowercase(std::string_view text)
{
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// Whitespace runs folded to one space, control bytes dropped, cut to `limit`.
std::string readable(std::string_view text, std::size_t limit)
{
    std::string out;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isspace(byte)) {
            if (!out.empty() && out.back() != ' ')
                out += ' ';
        } else if (byte >= 0x20 && byte != 0x7F) {
            out += c;
        }
        if (out.size() >= limit) {
            out += "…";
            break;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

bool looksLikeHtml(const TransportResponse &response)
{
    const auto first = response.body.find_first_not_of(" \t\r\n");
    return response.contentType.find("html") != std::string::npos
        || (first != std::string::npos && response.body[first] == '<');
}

// "an HTML page titled "502 Bad Gateway"", "plain text: …", "an empty body".
std::string whatTheBodyIs(const TransportResponse &response)
{
    const std::string &body = response.body;
    const auto first = body.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return "an empty body";
    const std::string lower = lowercase(std::string_view(body).substr(0, 64 * 1024));
    if (looksLikeHtml(response)) {
        const auto open = lower.find("<title");
        const auto start = open == std::string::npos ? open : lower.find('>', open);
        const auto end = start == std::string::npos ? start : lower.find("</title", start);
        if (end != std::string::npos) {
            const std::string title = readable(std::string_view(body).substr(start + 1, end - start - 1), 120);
            if (!title.empty())
                return "an HTML page titled \"" + title + "\"";
        }
        return "an HTML page: " + readable(body, 160);
    }
    if (body[first] == '{' || body[first] == '[')
        return "malformed JSON: " + readable(body, 160);
    return "text (" + (response.contentType.empty() ? std::string("no content type") : response.contentType)
        + "): " + readable(body, 160);
}

std::string proxyHint(const TransportResponse &response)
{
    return looksLikeHtml(response) ? "; is this the API server, or a proxy or login page in front of it?" : "";
}

} // namespace

ApiError statusError(const TransportResponse &response, const std::string &server)
{
    ApiStatus status = parseApiStatus(response.httpCode, response.body);
    if (!status.fromServerStatus)
        status.message = server + " answered HTTP " + std::to_string(response.httpCode) + " with "
            + whatTheBodyIs(response) + " instead of a Kubernetes Status" + proxyHint(response);
    return ApiError::fromStatus(std::move(status));
}

ApiResult<nlohmann::json> readJsonResponse(const TransportRequest &request, const TransportResponse &response,
                                           const std::string &server)
{
    if (response.error)
        return *response.error;
    if (response.httpCode < 200 || response.httpCode > 299)
        return statusError(response, server);
    nlohmann::json document = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object())
        return ApiError::make(ApiError::Kind::BadResponse,
                              request.method + " " + request.path.substr(0, request.path.find('?')) + ": " + server
                                  + " answered HTTP " + std::to_string(response.httpCode) + " with "
                                  + whatTheBodyIs(response) + " instead of a JSON object" + proxyHint(response));
    return document;
}

} // namespace gantry::kube::detail
