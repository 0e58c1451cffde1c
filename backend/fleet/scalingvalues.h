#pragma once

#include "backend/fleet/deployment.h"
#include "backend/kube/compactobjects.h"

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

// Shared by the Knative and Standard halves of deriveScalingPolicy: readers of
// annotation text as Knative and KServe read it, and the provenance strings.
namespace gantry::fleet::detail {

inline constexpr std::string_view kKnativePrefix = "autoscaling.knative.dev/";
inline constexpr std::string_view kKpaClass = "kpa.autoscaling.knative.dev";
inline constexpr std::string_view kHpaClass = "hpa.autoscaling.knative.dev";
inline constexpr const char *kAutoscalerClassAnnotation = "serving.kserve.io/autoscalerClass";
inline constexpr const char *kStopAnnotation = "serving.kserve.io/stop";

/// An annotation as found: its full key and its value.
struct Annotation
{
    std::string key;
    std::string value;
};

/// The first of `names` (each after "autoscaling.knative.dev/") set on the service.
std::optional<Annotation> knativeAnnotation(const kube::CompactInferenceService &service,
                                            std::initializer_list<const char *> names);
/// The annotation `key`, when set.
std::optional<Annotation> annotationOf(const kube::CompactInferenceService &service, const char *key);
/// serving.kserve.io/stop is "true".
bool stopped(const kube::CompactInferenceService &service);

PolicyValue fromAnnotation(const Annotation &annotation);
PolicyValue fromSpec(std::string value, std::string_view field);
PolicyValue byDefault(std::string value, std::string_view where);
PolicyValue forcedByKServe(std::string value);

/// A base-10 integer, all of the text ("3", "-1"); nullopt otherwise.
std::optional<std::int64_t> parseWholeNumber(std::string_view text);
/// A decimal number, all of the text ("0.5", "32"); nullopt otherwise (and for nan/inf).
std::optional<double> parseDecimal(std::string_view text);
/// A Knative duration annotation (Go syntax: "60s", "1m30s", "1.5h", "0") in seconds; nullopt otherwise.
std::optional<double> parseKnativeDuration(std::string_view text);

/// `"text"` with control characters escaped, for problem messages.
std::string quotedText(std::string_view text);
/// `annotation <key>: "<value>"` — how a problem names an annotation.
std::string describe(const Annotation &annotation);

} // namespace gantry::fleet::detail
