#include "sim/factory/metricsexporter.h"

#include "backend/core/fnv1a.h"
#include "sim/factory/factorycontext.h"
#include "sim/factory/serving.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace gantry::sim {

namespace {

using nlohmann::json;

// vLLM's bucket bounds (REFERENCE.md §4.1).
const std::vector<double> ttftBounds = {0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75,
                                        1, 2.5, 5, 7.5, 10, 20, 40, 80, 160, 640, 2560};
const std::vector<double> e2eBounds = {0.3, 0.5, 0.8, 1, 1.5, 2, 2.5, 5, 10, 15, 20, 30, 40,
                                       50, 60, 120, 240, 480, 960, 1920, 7680};

std::string number(double value)
{
    if (std::isnan(value))
        return "NaN";
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%.10g", value);
    return buffer;
}

std::string labelValue(const std::string &text)
{
    std::string out;
    for (char c : text) {
        if (c == '\\' || c == '"')
            out.push_back('\\');
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out.push_back(c);
    }
    return out;
}

std::string hexHash(const std::string &text)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
    return buffer;
}

void bucketAdd(std::map<double, double> &buckets, const std::vector<double> &bounds, double value, double count)
{
    for (double bound : bounds) {
        if (value <= bound) {
            buckets[bound] += count;
            return;
        }
    }
    buckets[INFINITY] += count;
}

void writeHistogram(std::ostringstream &out, const std::string &name, const std::string &labels,
                    const std::map<double, double> &buckets, const std::vector<double> &bounds, double sum)
{
    double cumulative = 0;
    for (double bound : bounds) {
        if (const auto it = buckets.find(bound); it != buckets.end())
            cumulative += it->second;
        out << name << "_bucket{" << labels << ",le=\"" << number(bound) << "\"} " << number(std::floor(cumulative)) << '\n';
    }
    if (const auto it = buckets.find(INFINITY); it != buckets.end())
        cumulative += it->second;
    out << name << "_bucket{" << labels << ",le=\"+Inf\"} " << number(std::floor(cumulative)) << '\n';
    out << name << "_sum{" << labels << "} " << number(sum) << '\n';
    out << name << "_count{" << labels << "} " << number(std::floor(cumulative)) << '\n';
}

} // namespace

MetricsExporter::MetricsExporter(const FactoryContext &context, const Serving &serving)
    : m_context(context)
    , m_serving(serving)
{
}

void MetricsExporter::accumulate(double seconds)
{
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        if (!conditionTrue(pod->object, "Ready"))
            continue;
        const std::string service = stringAt(pod->object, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
        const std::string namespaceName = stringAt(pod->object, {"metadata", "namespace"});
        const auto load = m_serving.loads().find(namespaceName + "/" + service);
        if (service.empty() || load == m_serving.loads().end() || load->second.readyReplicas == 0)
            continue;
        const ServiceLoad &l = load->second;
        const double share = 1.0 / l.readyReplicas;
        const double served = (l.running > 0 ? l.generationTokensPerSecond : 0) * share;
        PodCounters &counters = m_pods[namespaceName + "/" + stringAt(pod->object, {"metadata", "name"})];
        const double requests = l.requestsPerSecond * share * seconds;
        counters.requests += requests;
        counters.generationTokens += served * seconds;
        counters.promptTokens += l.promptTokensPerSecond * share * seconds;
        bucketAdd(counters.ttftBuckets, ttftBounds, l.ttftSeconds, requests);
        counters.ttftSum += l.ttftSeconds * requests;
        const double e2e = l.requestsPerSecond > 0 ? l.inFlight / l.requestsPerSecond : 0;
        bucketAdd(counters.e2eBuckets, e2eBounds, e2e, requests);
        counters.e2eSum += e2e * requests;
    }
}

std::string MetricsExporter::render() const
{
    std::ostringstream out;
    std::vector<ObjectPtr> pods = m_context.store.list(types::pods(), {}).items;

    struct ServingPod
    {
        std::string labels;
        const ServiceLoad *load;
        const PodCounters *counters;
    };
    std::vector<ServingPod> serving;
    static const PodCounters none;
    for (const ObjectPtr &pod : pods) {
        const std::string service = stringAt(pod->object, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
        if (service.empty() || !conditionTrue(pod->object, "Ready"))
            continue;
        const std::string namespaceName = stringAt(pod->object, {"metadata", "namespace"});
        const std::string name = stringAt(pod->object, {"metadata", "name"});
        const auto load = m_serving.loads().find(namespaceName + "/" + service);
        if (load == m_serving.loads().end())
            continue;
        const auto counters = m_pods.find(namespaceName + "/" + name);
        serving.push_back({"engine=\"0\",model_name=\"" + labelValue(service) + "\",namespace=\"" + labelValue(namespaceName)
                               + "\",pod=\"" + labelValue(name) + "\"",
                           &load->second, counters == m_pods.end() ? &none : &counters->second});
    }

    auto gauge = [&](const char *name, const char *help, auto value) {
        out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
        for (const ServingPod &s : serving)
            out << name << '{' << s.labels << "} " << number(value(s)) << '\n';
    };
    auto counter = [&](const char *name, const char *help, auto value) {
        out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " counter\n";
        for (const ServingPod &s : serving)
            out << name << "_total{" << s.labels << "} " << number(value(s)) << '\n';
    };
    gauge("vllm:num_requests_running", "Number of requests in model execution batches.",
          [](const ServingPod &s) { return std::round(s.load->running / s.load->readyReplicas); });
    gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.",
          [](const ServingPod &s) { return std::round(s.load->waiting / s.load->readyReplicas); });
    gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.",
          [](const ServingPod &s) { return s.load->kvCacheUsage; });
    counter("vllm:prompt_tokens", "Number of prefill tokens processed.",
            [](const ServingPod &s) { return std::floor(s.counters->promptTokens); });
    counter("vllm:generation_tokens", "Number of generation tokens processed.",
            [](const ServingPod &s) { return std::floor(s.counters->generationTokens); });
    out << "# HELP vllm:time_to_first_token_seconds Histogram of time to first token in seconds.\n"
           "# TYPE vllm:time_to_first_token_seconds histogram\n";
    for (const ServingPod &s : serving)
        writeHistogram(out, "vllm:time_to_first_token_seconds", s.labels, s.counters->ttftBuckets, ttftBounds,
                       s.counters->ttftSum);
    out << "# HELP vllm:e2e_request_latency_seconds Histogram of e2e request latency in seconds.\n"
           "# TYPE vllm:e2e_request_latency_seconds histogram\n";
    for (const ServingPod &s : serving)
        writeHistogram(out, "vllm:e2e_request_latency_seconds", s.labels, s.counters->e2eBuckets, e2eBounds,
                       s.counters->e2eSum);

    // GPUs: indices handed to pods on each node in name order, as the device plugin would.
    struct Gpu
    {
        std::string labels;
        double utilization = 0;
        double memoryUsedMiB = 0;
        double memoryTotalMiB = 0;
    };
    std::vector<Gpu> gpus;
    for (const ObjectPtr &node : m_context.store.list(types::nodes(), {}).items) {
        const json &object = node->object;
        const std::string nodeName = stringAt(object, {"metadata", "name"});
        const std::string product = stringAt(object, {"metadata", "labels", "nvidia.com/gpu.product"});
        std::string modelName = product;
        for (char &c : modelName)
            c = c == '-' ? ' ' : c;
        const std::string memory = stringAt(object, {"metadata", "labels", "nvidia.com/gpu.memory"});
        const double totalMiB = memory.empty() ? 81559 : std::stod(memory);
        int count = 0;
        try {
            count = std::stoi(stringAt(object, {"status", "allocatable", "nvidia.com/gpu"}));
        } catch (...) {
        }
        std::vector<std::pair<const json *, int>> holders; // pod, GPUs, by name
        for (const ObjectPtr &pod : pods) {
            if (stringAt(pod->object, {"spec", "nodeName"}) == nodeName && gpuRequest(pod->object) > 0)
                holders.emplace_back(&pod->object, gpuRequest(pod->object));
        }
        int index = 0;
        auto gpuLabels = [&](int gpu, const json *pod) {
            const std::string uuid = "GPU-" + hexHash(nodeName + std::to_string(gpu)).substr(0, 8) + "-"
                + hexHash(std::to_string(gpu) + nodeName).substr(0, 4) + "-4a1b-8c2d-" + hexHash(nodeName).substr(0, 12);
            char bus[32];
            std::snprintf(bus, sizeof bus, "00000000:%02X:00.0", 0x18 + gpu * 0x10);
            std::string labels = "gpu=\"" + std::to_string(gpu) + "\",UUID=\"" + uuid + "\",pci_bus_id=\"" + bus
                + "\",device=\"nvidia" + std::to_string(gpu) + "\",modelName=\"" + labelValue(modelName)
                + "\",Hostname=\"" + labelValue(nodeName) + "\",DCGM_FI_DRIVER_VERSION=\"570.124.06\"";
            labels += ",container=\"" + std::string(pod ? "kserve-container" : "") + "\",namespace=\""
                + (pod ? labelValue(stringAt(*pod, {"metadata", "namespace"})) : "") + "\",pod=\""
                + (pod ? labelValue(stringAt(*pod, {"metadata", "name"})) : "") + "\"";
            return labels;
        };
        for (const auto &[pod, request] : holders) {
            const std::string service = stringAt(*pod, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
            const auto load = m_serving.loads().find(stringAt(*pod, {"metadata", "namespace"}) + "/" + service);
            const bool ready = conditionTrue(*pod, "Ready");
            const double utilization = ready && load != m_serving.loads().end() ? load->second.gpuUtilization : 0;
            // vLLM takes 90% of GPU memory once the engine is up (gpu_memory_utilization).
            const double used = ready ? totalMiB * 0.9 : (stringAt(*pod, {"status", "phase"}) == "Running" ? totalMiB * 0.4 : 0);
            for (int i = 0; i < request && index < count; ++i, ++index)
                gpus.push_back({gpuLabels(index, pod), utilization, used, totalMiB});
        }
        for (; index < count; ++index)
            gpus.push_back({gpuLabels(index, nullptr), 0, 0, totalMiB});
    }
    auto dcgm = [&](const char *name, const char *help, auto value) {
        out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << " gauge\n";
        for (const Gpu &gpu : gpus)
            out << name << '{' << gpu.labels << "} " << number(value(gpu)) << '\n';
    };
    dcgm("DCGM_FI_DEV_GPU_UTIL", "GPU utilization (in %).", [](const Gpu &g) { return std::round(g.utilization); });
    dcgm("DCGM_FI_DEV_FB_USED", "Framebuffer memory used (in MiB).", [](const Gpu &g) { return std::round(g.memoryUsedMiB); });
    dcgm("DCGM_FI_DEV_FB_FREE", "Framebuffer memory free (in MiB).",
         [](const Gpu &g) { return std::round(g.memoryTotalMiB - g.memoryUsedMiB); });
    // H100 SXM: 70-700 W; temperature follows load.
    dcgm("DCGM_FI_DEV_POWER_USAGE", "Power draw (in W).", [](const Gpu &g) { return 70 + 6.3 * g.utilization; });
    dcgm("DCGM_FI_DEV_GPU_TEMP", "GPU temperature (in C).", [](const Gpu &g) { return std::round(32 + 0.45 * g.utilization); });
    return out.str();
}

} // namespace gantry::sim
