#include "backend/fleet/scalingvalues.h"

#include "backend/fleet/goduration.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <utility>

namespace gantry::fleet::detail {

std::optional<Annotation> knativeAnnotation(const kube::CompactInferenceService &service,
                                            std::initializer_list<const char *> names)
{
    for (const char *name : names) {
        std::string key(kKnativePrefix);
        key += name;
        if (const auto found = service.annotations.find(key); found != service.annotations.end())
            return Annotation{found->first, found->second};
    }
    return std::nullopt;
}

std::optional<Annotation> annotationOf(const kube::CompactInferenceService &service, const char *key)
{
    if (const auto found = service.annotations.find(key); found != service.annotations.end())
        return Annotation{found->first, found->second};
    return std::nullopt;
}

bool stopped(const kube::CompactInferenceService &service)
{
    const auto stop = annotationOf(service, kStopAnnotation);
    return stop && stop->value == "true";
}

PolicyValue fromAnnotation(const Annotation &annotation)
{
    return {annotation.value, "annotation " + annotation.key};
}

PolicyValue fromSpec(std::string value, std::string_view field)
{
    return {std::move(value), "spec " + std::string(field)};
}

PolicyValue byDefault(std::string value, std::string_view where)
{
    return {std::move(value), "default (" + std::string(where) + ")"};
}

PolicyValue forcedByKServe(std::string value)
{
    return {std::move(value), "KServe"};
}

std::optional<std::int64_t> parseWholeNumber(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

std::optional<double> parseDecimal(std::string_view text)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<double> parseKnativeDuration(std::string_view text)
{
    // Knative reads these with Go's time.ParseDuration.
    return parseGoDuration(text);
}

std::string quotedText(std::string_view text)
{
    std::string result = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            result += '\\';
            result += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\x%02x", static_cast<unsigned char>(c));
            result += escaped;
        } else {
            result += c;
        }
    }
    return result + "\"";
}

std::string describe(const Annotation &annotation)
{
    return "annotation " + annotation.key + ": " + quotedText(annotation.value);
}

} // namespace gantry::fleet::detail
