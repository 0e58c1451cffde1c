// Knative mode: the autoscaling.knative.dev annotations KServe puts on the
// revision, from the InferenceService's own annotations, its spec fields and
// Knative's config-autoscaler defaults (REFERENCE.md §2).
#include "backend/fleet/scalingmodes.h"
#include "backend/fleet/scalingvalues.h"

#include <cmath>
#include <cstdio>
#include <functional>
#include <string>

namespace gantry::fleet::detail {

namespace {

/// "" when the text is acceptable, else what is wrong with it ("is not a whole number").
using Check = std::function<std::string(std::string_view)>;

std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

Check wholeAtLeast(std::int64_t minimum)
{
    return [minimum](std::string_view text) -> std::string {
        const auto value = parseWholeNumber(text);
        if (!value)
            return "is not a whole number";
        if (*value < minimum)
            return minimum == 0 ? "is negative" : "must be at least " + std::to_string(minimum);
        return {};
    };
}

Check decimalWithin(double minimum, double maximum)
{
    return [minimum, maximum](std::string_view text) -> std::string {
        const auto value = parseDecimal(text);
        if (!value)
            return "is not a number";
        if (*value < minimum || *value > maximum)
            return std::isinf(maximum) ? "must be at least " + number(minimum)
                                       : "must be between " + number(minimum) + " and " + number(maximum);
        return {};
    };
}

Check durationWithin(double minimumSeconds, const char *minimumText, bool wholeSeconds)
{
    return [=](std::string_view text) -> std::string {
        const auto seconds = parseKnativeDuration(text);
        if (!seconds)
            return "is not a duration such as 60s or 5m";
        if (*seconds < minimumSeconds || *seconds > 3600)
            return std::string("must be between ") + minimumText + " and 1h";
        if (wholeSeconds && *seconds != std::floor(*seconds))
            return "must be whole seconds";
        return {};
    };
}

std::string named(const PolicyValue &value)
{
    return value.source + ": " + quotedText(value.value);
}

class KnativeDerivation
{
public:
    KnativeDerivation(const kube::CompactInferenceService &service, ScalingPolicy &policy)
        : m_service(service)
        , m_policy(policy)
    {
    }

    void run()
    {
        deriveClassAndMetric();
        deriveTarget();
        deriveBounds();
        deriveTimings();
        reportStandardOnlySettings();
    }

private:
    // The annotation when set and valid; an invalid one becomes a problem.
    std::optional<PolicyValue> valid(std::initializer_list<const char *> names, const Check &check)
    {
        const auto annotation = knativeAnnotation(m_service, names);
        if (!annotation)
            return std::nullopt;
        if (const std::string wrong = check(annotation->value); !wrong.empty()) {
            m_policy.problems.push_back(describe(*annotation) + " " + wrong);
            return std::nullopt;
        }
        return fromAnnotation(*annotation);
    }

    // An annotation and the spec field it overrides should agree; say so when they do not.
    void compare(const PolicyValue &annotation, const std::string &field, const std::string &specValue)
    {
        const auto a = parseDecimal(annotation.value);
        const auto b = parseDecimal(specValue);
        const bool same = a && b ? *a == *b : annotation.value == specValue;
        if (!same)
            m_policy.problems.push_back(named(annotation) + " and spec " + field + ": " + specValue
                                        + " disagree; the annotation is shown, but KServe releases that copy spec"
                                          " fields onto the revision apply the spec value");
    }

    bool kpa() const { return m_policy.autoscalerClass.value == kKpaClass; }

    void deriveClassAndMetric()
    {
        const auto classAnnotation = knativeAnnotation(m_service, {"class"});
        // Other classes pass through to whichever autoscaler claims them.
        m_policy.autoscalerClass = classAnnotation && !classAnnotation->value.empty()
            ? fromAnnotation(*classAnnotation)
            : byDefault(std::string(kKpaClass), "Knative pod-autoscaler-class");

        const std::string &specMetric = m_service.scaleMetric;
        if (!specMetric.empty() && specMetric != "cpu" && specMetric != "memory" && specMetric != "concurrency"
            && specMetric != "rps")
            m_policy.problems.push_back("spec scaleMetric: " + quotedText(specMetric)
                                        + " is not cpu, memory, concurrency or rps");
        const auto metricAnnotation = knativeAnnotation(m_service, {"metric"});
        if (metricAnnotation && !metricAnnotation->value.empty()) {
            m_policy.metric = fromAnnotation(*metricAnnotation);
            if (!specMetric.empty())
                compare(m_policy.metric, "scaleMetric", specMetric);
        } else if (!specMetric.empty()) {
            m_policy.metric = fromSpec(specMetric, "scaleMetric");
        } else if (kpa()) {
            m_policy.metric = byDefault("concurrency", "Knative metric of class kpa");
        } else if (m_policy.autoscalerClass.value == kHpaClass) {
            m_policy.metric = byDefault("cpu", "Knative metric of class hpa");
        }
        if (kpa() && m_policy.metric.value != "concurrency" && m_policy.metric.value != "rps")
            m_policy.problems.push_back(named(m_policy.metric) + " is not a metric of class kpa (concurrency, rps)");
    }

    void deriveTarget()
    {
        if (auto target = valid({"target"}, decimalWithin(0.01, INFINITY))) {
            m_policy.target = *target;
            if (m_service.scaleTarget)
                compare(*target, "scaleTarget", std::to_string(*m_service.scaleTarget));
        } else if (m_service.scaleTarget && *m_service.scaleTarget < 1) {
            m_policy.problems.push_back("spec scaleTarget: " + std::to_string(*m_service.scaleTarget)
                                        + " must be at least 1");
        } else if (m_service.scaleTarget) {
            m_policy.target = fromSpec(std::to_string(*m_service.scaleTarget), "scaleTarget");
        }
        if (!m_policy.target.applies()) {
            const std::string &metric = m_policy.metric.value;
            if (metric == "concurrency" && m_service.containerConcurrency && *m_service.containerConcurrency > 0)
                m_policy.target = fromSpec(std::to_string(*m_service.containerConcurrency), "containerConcurrency");
            else if (metric == "concurrency")
                m_policy.target = byDefault("100", "Knative container-concurrency-target-default");
            else if (metric == "rps")
                m_policy.target = byDefault("200", "Knative requests-per-second-target-default");
            // cpu, memory or a custom metric: the HPA class has no Knative default to show.
        }

        auto utilization = valid({"target-utilization-percentage"}, decimalWithin(1, 100));
        if (kpa())
            m_policy.targetUtilizationPercent = utilization.value_or(
                byDefault("70", "Knative container-concurrency-target-percentage"));
        else if (utilization)
            m_policy.problems.push_back(named(*utilization) + " applies only to class kpa");
    }

    void deriveBounds()
    {
        if (stopped(m_service)) {
            const PolicyValue zero = fromAnnotation(*annotationOf(m_service, kStopAnnotation));
            m_policy.minReplicas = {"0", zero.source};
            m_policy.maxReplicas = {"0", zero.source};
        } else {
            deriveMinimum();
            deriveMaximum();
            const auto minimum = parseWholeNumber(m_policy.minReplicas.value);
            const auto maximum = parseWholeNumber(m_policy.maxReplicas.value);
            if (minimum && maximum && *maximum > 0 && *minimum > *maximum)
                m_policy.problems.push_back(named(m_policy.minReplicas) + " exceeds " + named(m_policy.maxReplicas));
        }
        if (auto initial = valid({"initial-scale", "initialScale"}, wholeAtLeast(0))) {
            m_policy.initialScale = *initial;
            if (initial->value == "0")
                m_policy.problems.push_back(named(*initial) + " needs allow-zero-initial-scale: \"true\" in"
                                                              " config-autoscaler (default false); otherwise KServe"
                                                              " drops it");
        } else {
            m_policy.initialScale = byDefault("1", "Knative initial-scale");
        }
    }

    void deriveMinimum()
    {
        if (auto minimum = valid({"min-scale", "minScale"}, wholeAtLeast(0))) {
            m_policy.minReplicas = *minimum;
            if (m_service.minReplicas)
                compare(*minimum, "minReplicas", std::to_string(*m_service.minReplicas));
            return;
        }
        if (m_service.minReplicas && *m_service.minReplicas >= 0) {
            m_policy.minReplicas = fromSpec(std::to_string(*m_service.minReplicas), "minReplicas");
            return;
        }
        if (m_service.minReplicas)
            m_policy.problems.push_back("spec minReplicas: " + std::to_string(*m_service.minReplicas) + " is negative");
        // KServe writes min-scale itself when the spec leaves it out.
        m_policy.minReplicas = byDefault("1", "KServe DefaultMinReplicas");
    }

    void deriveMaximum()
    {
        if (auto maximum = valid({"max-scale", "maxScale"}, wholeAtLeast(0))) {
            m_policy.maxReplicas = *maximum;
            if (m_service.maxReplicas && *m_service.maxReplicas > 0)
                compare(*maximum, "maxReplicas", std::to_string(*m_service.maxReplicas));
            return;
        }
        if (m_service.maxReplicas && *m_service.maxReplicas < 0)
            m_policy.problems.push_back("spec maxReplicas: " + std::to_string(*m_service.maxReplicas) + " is negative");
        // maxReplicas 0 means "write no max-scale": Knative's global max-scale applies.
        if (m_service.maxReplicas && *m_service.maxReplicas > 0)
            m_policy.maxReplicas = fromSpec(std::to_string(*m_service.maxReplicas), "maxReplicas");
        else
            m_policy.maxReplicas = byDefault("0", "Knative max-scale, 0 = unlimited");
    }

    void deriveTimings()
    {
        m_policy.scaleDownDelay = valid({"scale-down-delay"}, durationWithin(0, "0s", true))
                                      .value_or(byDefault("0s", "Knative scale-down-delay"));
        m_policy.scaleToZeroRetention = valid({"scale-to-zero-pod-retention-period"}, durationWithin(0, "0s", false))
                                            .value_or(byDefault("0s", "Knative scale-to-zero-pod-retention-period"));
        auto window = valid({"window"}, durationWithin(6, "6s", true));
        if (kpa())
            m_policy.window = window.value_or(byDefault("60s", "Knative stable-window"));
        else if (window)
            m_policy.problems.push_back(named(*window) + " applies only to class kpa");
    }

    void reportStandardOnlySettings()
    {
        if (const auto autoscalerClass = annotationOf(m_service, kAutoscalerClassAnnotation))
            m_policy.problems.push_back(describe(*autoscalerClass)
                                        + " applies only in Standard mode; Knative reads autoscaling.knative.dev/class");
        if (m_service.autoScaling)
            m_policy.problems.push_back("spec autoScaling applies only in Standard mode (HPA, KEDA)");
    }

    const kube::CompactInferenceService &m_service;
    ScalingPolicy &m_policy;
};

} // namespace

void deriveKnativePolicy(const kube::CompactInferenceService &service, ScalingPolicy &policy)
{
    KnativeDerivation(service, policy).run();
}

} // namespace gantry::fleet::detail
