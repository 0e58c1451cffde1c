#include "backend/metrics/prometheusresponse.h"

#include "backend/metrics/samplevalue.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <limits>

namespace gantry::metrics {

namespace {

using nlohmann::json;
using Kind = MetricsError::Kind;

constexpr std::size_t maxQuotedBody = 200;

const char *reasonPhrase(int code)
{
    switch (code) {
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 406:
        return "Not Acceptable";
    case 422:
        return "Unprocessable Entity";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 504:
        return "Gateway Timeout";
    default:
        return "";
    }
}

std::string httpStatusText(int code)
{
    const std::string reason = reasonPhrase(code);
    return "HTTP " + std::to_string(code) + (reason.empty() ? "" : " " + reason);
}

bool containsNoCase(std::string_view text, std::string_view needle)
{
    return std::search(text.begin(), text.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    }) != text.end();
}

std::string collapsed(std::string_view text)
{
    std::string out;
    for (char c : text) {
        const bool blank = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (blank && (out.empty() || out.back() == ' '))
            continue;
        out.push_back(blank ? ' ' : c);
        if (out.size() >= maxQuotedBody) {
            out += "…";
            break;
        }
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

// A proxy or login page answers with HTML; its title usually says who answered.
std::string describeNonApiBody(std::string_view contentType, std::string_view body)
{
    if (containsNoCase(contentType, "html") || containsNoCase(body.substr(0, 512), "<html")
        || containsNoCase(body.substr(0, 512), "<!doctype")) {
        std::string head(body.substr(0, 4096));
        std::transform(head.begin(), head.end(), head.begin(),
            [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
        std::string title;
        const auto begin = head.find("<title");
        const auto open = begin == std::string::npos ? begin : head.find('>', begin);
        const auto close = open == std::string::npos ? open : head.find('<', open + 1);
        if (close != std::string::npos)
            title = collapsed(body.substr(open + 1, close - open - 1));
        return "the answer is an HTML page" + (title.empty() ? std::string() : " (\"" + title + "\")")
            + ", not the Prometheus API; is a proxy or login page in the way, or is this the wrong URL?";
    }
    if (body.empty())
        return "the answer is empty";
    return "the answer is not the Prometheus API: \"" + collapsed(body) + "\"";
}

// nlohmann's messages start with "[json.exception.parse_error.101] ".
std::string jsonMessage(const json::exception &error)
{
    std::string text = error.what();
    if (!text.empty() && text.front() == '[') {
        const auto end = text.find("] ");
        if (end != std::string::npos)
            text.erase(0, end + 2);
    }
    return text;
}

struct ShapeError {
    std::string message;
};

double timeOf(const json &value, const char *where)
{
    if (!value.is_number())
        throw ShapeError { std::string(where) + ": the timestamp is not a number" };
    return value.get<double>();
}

double valueOf(const json &value, const char *where)
{
    if (!value.is_string())
        throw ShapeError { std::string(where) + ": the sample value is not a string" };
    const std::string &text = value.get_ref<const std::string &>();
    const std::optional<double> parsed = parseSampleValue(text);
    if (!parsed)
        throw ShapeError { std::string(where) + ": the sample value \"" + collapsed(text) + "\" is not a number" };
    return *parsed;
}

Point pointOf(const json &pair, const char *where)
{
    if (!pair.is_array() || pair.size() != 2)
        throw ShapeError { std::string(where) + ": a sample is not a [time, \"value\"] pair" };
    return { timeOf(pair[0], where), valueOf(pair[1], where) };
}

LabelMap labelsOf(const json &metric)
{
    LabelMap labels;
    if (metric.is_null())
        return labels;
    if (!metric.is_object())
        throw ShapeError { "a series' \"metric\" is not an object" };
    for (const auto &[name, value] : metric.items()) {
        if (!value.is_string())
            throw ShapeError { "label \"" + name + "\" is not a string" };
        labels.emplace(name, value.get<std::string>());
    }
    return labels;
}

std::vector<std::string> stringList(const json &envelope, const char *key)
{
    std::vector<std::string> list;
    const auto it = envelope.find(key);
    if (it == envelope.end() || !it->is_array())
        return list;
    for (const json &item : *it) {
        if (item.is_string())
            list.push_back(item.get<std::string>());
    }
    return list;
}

QueryResult readData(const json &data)
{
    if (!data.is_object())
        throw ShapeError { "\"data\" is missing or not an object" };
    const auto type = data.find("resultType");
    const auto result = data.find("result");
    if (type == data.end() || !type->is_string())
        throw ShapeError { "\"data.resultType\" is missing" };
    if (result == data.end())
        throw ShapeError { "\"data.result\" is missing" };
    QueryResult out;
    const std::string &name = type->get_ref<const std::string &>();
    bool skippedHistograms = false;
    if (name == "vector" || name == "matrix") {
        out.type = name == "vector" ? QueryResult::Type::Vector : QueryResult::Type::Matrix;
        if (!result->is_array())
            throw ShapeError { "\"data.result\" of a " + name + " is not a list" };
        for (const json &item : *result) {
            if (!item.is_object())
                throw ShapeError { "an element of \"data.result\" is not an object" };
            Series series;
            series.labels = labelsOf(item.value("metric", json()));
            if (out.type == QueryResult::Type::Vector) {
                if (const auto value = item.find("value"); value != item.end())
                    series.points.push_back(pointOf(*value, "vector"));
                else
                    skippedHistograms = skippedHistograms || item.contains("histogram");
            } else {
                if (const auto values = item.find("values"); values != item.end()) {
                    if (!values->is_array())
                        throw ShapeError { "matrix: \"values\" is not a list" };
                    series.points.reserve(values->size());
                    for (const json &pair : *values)
                        series.points.push_back(pointOf(pair, "matrix"));
                }
                skippedHistograms = skippedHistograms || item.contains("histograms");
            }
            if (!series.points.empty())
                out.series.push_back(std::move(series));
        }
    } else if (name == "scalar" || name == "string") {
        out.type = name == "scalar" ? QueryResult::Type::Scalar : QueryResult::Type::String;
        if (!result->is_array() || result->size() != 2)
            throw ShapeError { "a " + name + " result is not a [time, \"value\"] pair" };
        if (out.type == QueryResult::Type::Scalar) {
            out.scalar = pointOf(*result, "scalar");
        } else {
            out.scalar = { timeOf((*result)[0], "string"), std::numeric_limits<double>::quiet_NaN() };
            if (!(*result)[1].is_string())
                throw ShapeError { "string: the value is not a string" };
            out.text = (*result)[1].get<std::string>();
        }
    } else {
        throw ShapeError { "unknown resultType \"" + collapsed(name) + "\"" };
    }
    if (skippedHistograms)
        out.warnings.push_back("native histogram samples were skipped; Gantry reads classic histograms only");
    return out;
}

} // namespace

const char *resultTypeName(QueryResult::Type type)
{
    switch (type) {
    case QueryResult::Type::Vector:
        return "vector";
    case QueryResult::Type::Matrix:
        return "matrix";
    case QueryResult::Type::Scalar:
        return "scalar";
    case QueryResult::Type::String:
        return "string";
    }
    return "?";
}

Result<QueryResult, MetricsError> parsePrometheusResponse(
    int httpCode, std::string_view contentType, std::string_view body, const std::string &server)
{
    const bool success = httpCode >= 200 && httpCode < 300;
    json envelope;
    std::string jsonError;
    try {
        envelope = json::parse(body);
    } catch (const json::exception &error) {
        jsonError = jsonMessage(error);
    }
    const bool isEnvelope = envelope.is_object() && envelope.contains("status") && envelope["status"].is_string();
    if (!isEnvelope) {
        if (!success)
            return MetricsError::make(Kind::Http,
                server + ": " + httpStatusText(httpCode) + "; " + describeNonApiBody(contentType, body), httpCode);
        if (!jsonError.empty() && body.find_first_not_of(" \t\r\n") != std::string_view::npos
            && (body.find_first_not_of(" \t\r\n") == body.find('{')))
            return MetricsError::make(Kind::BadResponse,
                server + ": the answer is not valid JSON (" + jsonError + "); was it cut short?", httpCode);
        return MetricsError::make(Kind::BadResponse, server + ": " + describeNonApiBody(contentType, body), httpCode);
    }

    const std::string &status = envelope["status"].get_ref<const std::string &>();
    if (status != "success") {
        const std::string errorType = envelope.value("errorType", std::string());
        const std::string error = envelope.value("error", std::string());
        std::string message = server + ": ";
        if (!errorType.empty())
            message += errorType + ": ";
        message += error.empty() ? "the query failed without a reason (" + httpStatusText(httpCode) + ")" : error;
        return MetricsError::make(Kind::Prometheus, std::move(message), httpCode, errorType);
    }
    try {
        QueryResult result = readData(envelope.value("data", json()));
        std::vector<std::string> warnings = stringList(envelope, "warnings");
        result.warnings.insert(result.warnings.begin(), warnings.begin(), warnings.end());
        result.infos = stringList(envelope, "infos");
        return result;
    } catch (const ShapeError &error) {
        return MetricsError::make(Kind::BadResponse, server + ": unexpected answer: " + error.message, httpCode);
    } catch (const json::exception &error) {
        return MetricsError::make(Kind::BadResponse, server + ": unexpected answer: " + jsonMessage(error), httpCode);
    }
}

} // namespace gantry::metrics
