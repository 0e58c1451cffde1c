// Standard (raw Deployment) mode: the HPA or KEDA ScaledObject KServe builds,
// or none at all, as its hpa and keda reconcilers do (REFERENCE.md §1, §3).
#include "backend/fleet/scalingmodes.h"
#include "backend/fleet/scalingvalues.h"

#include <algorithm>
#include <string>

namespace gantry::fleet::detail {

namespace {

std::string metricField(std::size_t index)
{
    return "autoScaling.metrics[" + std::to_string(index) + "]";
}

// A metric as one line: "cpu", or "prometheus: sum(vllm:num_requests_waiting)".
std::string metricText(const kube::CompactAutoScalingMetric &metric)
{
    if (metric.query.empty())
        return metric.name;
    return metric.name + ": " + metric.query;
}

class StandardDerivation
{
public:
    StandardDerivation(const kube::CompactInferenceService &service, ScalingPolicy &policy)
        : m_service(service)
        , m_policy(policy)
    {
    }

    void run()
    {
        deriveClass();
        const std::string &autoscalerClass = m_policy.autoscalerClass.value;
        if (autoscalerClass == "hpa")
            deriveHpaMetric();
        else if (autoscalerClass == "keda")
            deriveKedaMetric();
        // external: another controller owns the replica count; KServe sets none of it.
        if (autoscalerClass != "external")
            deriveBounds(autoscalerClass);
        reportKnativeOnlySettings();
    }

private:
    void deriveClass()
    {
        const auto annotation = annotationOf(m_service, kAutoscalerClassAnnotation);
        if (!annotation) {
            m_policy.autoscalerClass = byDefault("hpa", "KServe autoscalerClass");
            return;
        }
        m_policy.autoscalerClass = fromAnnotation(*annotation);
        const std::string &value = annotation->value;
        if (value == "kpa")
            m_policy.problems.push_back(describe(*annotation) + " is Knative's autoscaler, not allowed in Standard"
                                                                " mode (hpa, keda, external, none)");
        else if (value != "hpa" && value != "keda" && value != "external" && value != "none")
            m_policy.problems.push_back(describe(*annotation) + " is not hpa, keda, external or none");
    }

    void deriveHpaMetric()
    {
        if (m_service.autoScaling) {
            // The HPA takes only the resource metrics; the others need KEDA.
            for (std::size_t i = 0; i < m_service.autoScalingMetrics.size(); ++i) {
                const kube::CompactAutoScalingMetric &metric = m_service.autoScalingMetrics[i];
                if (metric.type != "Resource") {
                    m_policy.problems.push_back("spec " + metricField(i) + ": " + (metric.type.empty() ? "a metric without a type" : metric.type + " metrics")
                                                + " need autoscalerClass keda; the HPA ignores them");
                    continue;
                }
                if (m_policy.metric.applies())
                    continue;
                m_policy.metric = fromSpec(metric.name, metricField(i));
                if (!metric.targetValue.empty())
                    m_policy.target = fromSpec(metric.targetValue, metricField(i) + " target");
                else if (metric.name == "cpu")
                    m_policy.target = byDefault("80", "KServe DefaultCPUUtilization");
            }
            if (!m_policy.metric.applies())
                m_policy.problems.push_back("spec autoScaling has no cpu or memory metric: KServe builds an HPA"
                                            " without metrics");
            return;
        }
        const std::string &metric = m_service.scaleMetric;
        if (!metric.empty() && metric != "cpu" && metric != "memory") {
            m_policy.problems.push_back("spec scaleMetric: " + quotedText(metric)
                                        + " is not a resource metric (cpu, memory) for autoscalerClass hpa");
            m_policy.metric = fromSpec(metric, "scaleMetric");
            return;
        }
        m_policy.metric = metric.empty() ? byDefault("cpu", "KServe HPA metric") : fromSpec(metric, "scaleMetric");
        if (m_service.scaleTarget)
            m_policy.target = fromSpec(std::to_string(*m_service.scaleTarget), "scaleTarget");
        else if (m_policy.metric.value == "cpu")
            m_policy.target = byDefault("80", "KServe DefaultCPUUtilization");
        else
            m_policy.problems.push_back("spec scaleMetric: \"memory\" without scaleTarget: KServe sets no memory"
                                        " target");
    }

    void deriveKedaMetric()
    {
        if (m_service.autoScalingMetrics.empty()) {
            m_policy.problems.push_back("autoscalerClass keda without spec autoScaling.metrics: the ScaledObject has"
                                        " no triggers");
            return;
        }
        // A ScaledObject scales on the busiest of its triggers; the first stands for them here.
        const kube::CompactAutoScalingMetric &metric = m_service.autoScalingMetrics.front();
        m_policy.metric = fromSpec(metricText(metric), metricField(0));
        if (!metric.targetValue.empty())
            m_policy.target = fromSpec(metric.targetValue, metricField(0) + " target");
        else if (metric.type == "Resource" && metric.name == "cpu")
            m_policy.target = byDefault("80", "KServe DefaultCPUUtilization");
    }

    void deriveBounds(const std::string &autoscalerClass)
    {
        if (stopped(m_service)) {
            const std::string source = "annotation " + std::string(kStopAnnotation);
            m_policy.minReplicas = {"0", source};
            m_policy.maxReplicas = {"0", source};
            return;
        }
        const auto &specMin = m_service.minReplicas;
        if (specMin && *specMin < 0)
            m_policy.problems.push_back("spec minReplicas: " + std::to_string(*specMin) + " is negative");
        if (!specMin || *specMin < 0)
            m_policy.minReplicas = byDefault("1", "KServe DefaultMinReplicas");
        else if (*specMin < 1 && autoscalerClass == "hpa")
            m_policy.minReplicas = forcedByKServe("1"); // an HPA never goes below one replica
        else
            m_policy.minReplicas = fromSpec(std::to_string(*specMin), "minReplicas");

        const std::int64_t minimum = parseWholeNumber(m_policy.minReplicas.value).value_or(1);
        const auto &specMax = m_service.maxReplicas;
        if (autoscalerClass == "none")
            m_policy.maxReplicas = forcedByKServe(m_policy.minReplicas.value); // replicas = minReplicas
        else if (specMax && *specMax >= minimum)
            m_policy.maxReplicas = fromSpec(std::to_string(*specMax), "maxReplicas");
        else
            m_policy.maxReplicas = forcedByKServe(std::to_string(minimum)); // raised to at least minReplicas
    }

    void reportKnativeOnlySettings()
    {
        for (const auto &[key, value] : m_service.annotations) {
            if (key.starts_with(kKnativePrefix))
                m_policy.problems.push_back("annotation " + key + " has no effect in Standard mode");
        }
        if (m_service.containerConcurrency)
            m_policy.problems.push_back("spec containerConcurrency has no effect in Standard mode");
    }

    const kube::CompactInferenceService &m_service;
    ScalingPolicy &m_policy;
};

} // namespace

void deriveStandardPolicy(const kube::CompactInferenceService &service, ScalingPolicy &policy)
{
    StandardDerivation(service, policy).run();
}

} // namespace gantry::fleet::detail
