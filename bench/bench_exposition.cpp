// How fast Prometheus text becomes MetricFamilies. The console parses
// dcgm-exporter and vLLM scrapes of a whole fleet every few seconds, so the
// parser must keep well ahead of that: the goal is at least 50 MB/s.
//
// The inputs are generated in the shape of the real fixtures
// (tests/fixtures/metrics): dcgm-exporter's label order and HELP texts, vLLM's
// metric names, labels and bucket layouts (REFERENCE.md 4.1, 4.2). One more is
// made of the fixtures' own lines, repeated for a fleet of scrape targets.
#include "backend/metrics/expositionparser.h"
#include "backend/metrics/histogram.h"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

using gantry::metrics::ExpositionParser;

struct DcgmField
{
    const char *name;
    const char *type;
    const char *help;
    bool ratio; // DCGM_FI_PROF_* values are fractions printed with six decimals
};

const DcgmField dcgmFields[] = {
    { "DCGM_FI_DEV_SM_CLOCK", "gauge", "SM clock frequency (in MHz).", false },
    { "DCGM_FI_DEV_MEM_CLOCK", "gauge", "Memory clock frequency (in MHz).", false },
    { "DCGM_FI_DEV_MEMORY_TEMP", "gauge", "Memory temperature (in C).", false },
    { "DCGM_FI_DEV_GPU_TEMP", "gauge", "GPU temperature (in C).", false },
    { "DCGM_FI_DEV_POWER_USAGE", "gauge", "Power draw (in W).", false },
    { "DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION", "counter", "Total energy consumption since boot (in mJ).", false },
    { "DCGM_FI_DEV_PCIE_REPLAY_COUNTER", "counter", "Total number of PCIe retries.", false },
    { "DCGM_FI_DEV_GPU_UTIL", "gauge", "GPU utilization (in %).", false },
    { "DCGM_FI_DEV_MEM_COPY_UTIL", "gauge", "Memory utilization (in %).", false },
    { "DCGM_FI_DEV_ENC_UTIL", "gauge", "Encoder utilization (in %).", false },
    { "DCGM_FI_DEV_DEC_UTIL", "gauge", "Decoder utilization (in %).", false },
    { "DCGM_FI_DEV_XID_ERRORS", "gauge", "Value of the last XID error encountered.", false },
    { "DCGM_FI_DEV_FB_FREE", "gauge", "Framebuffer memory free (in MiB).", false },
    { "DCGM_FI_DEV_FB_USED", "gauge", "Framebuffer memory used (in MiB).", false },
    { "DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL", "counter", "Total number of NVLink bandwidth counters for all lanes.",
        false },
    { "DCGM_FI_DEV_VGPU_LICENSE_STATUS", "gauge", "vGPU License status", false },
    { "DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS", "counter", "Number of remapped rows for uncorrectable errors", false },
    { "DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS", "counter", "Number of remapped rows for correctable errors", false },
    { "DCGM_FI_DEV_ROW_REMAP_FAILURE", "gauge", "Whether remapping of rows has failed", false },
    { "DCGM_FI_PROF_GR_ENGINE_ACTIVE", "gauge", "Ratio of time the graphics engine is active.", true },
    { "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE", "gauge", "Ratio of cycles the tensor (HMMA) pipe is active.", true },
    { "DCGM_FI_PROF_DRAM_ACTIVE", "gauge",
        "Ratio of cycles the device memory interface is active sending or receiving data.", true },
    { "DCGM_FI_PROF_PCIE_TX_BYTES", "gauge",
        "The rate of data transmitted over the PCIe bus - including both protocol headers and data payloads - in bytes "
        "per second.",
        false },
    { "DCGM_FI_PROF_PCIE_RX_BYTES", "gauge",
        "The rate of data received over the PCIe bus - including both protocol headers and data payloads - in bytes "
        "per second.",
        false },
};

// One dcgm-exporter scrape per node, concatenated as a fleet view: 8 GPUs per
// node, three in four busy with a KServe predictor pod, the rest idle.
std::string dcgmFleet(int gpus)
{
    std::string text;
    text.reserve(static_cast<std::size_t>(gpus) * 24 * 400);
    char line[1024];
    for (const DcgmField &field : dcgmFields) {
        text +=
            std::string("# HELP ") + field.name + " " + field.help + "\n# TYPE " + field.name + " " + field.type + "\n";
        for (int gpu = 0; gpu < gpus; ++gpu) {
            const int node = gpu / 8;
            const int index = gpu % 8;
            const bool busy = gpu % 4 != 3;
            char pod[160] = "container=\"\",namespace=\"\",pod=\"\"";
            if (busy) {
                std::snprintf(pod, sizeof pod,
                    "container=\"kserve-container\",namespace=\"team-%d\",pod=\"llm-%d-predictor-00003-deployment-"
                    "57946f6c67-%05d\"",
                    node % 17, gpu / 2, gpu);
            }
            char value[32];
            if (field.ratio)
                std::snprintf(value, sizeof value, "%.6f", (gpu * 37 % 100) / 100.0);
            else
                std::snprintf(value, sizeof value, "%d", (gpu * 7919 + node) % 81559);
            std::snprintf(line, sizeof line,
                "%s{gpu=\"%d\",UUID=\"GPU-%08x-13cc-013a-d88f-%012x\",pci_bus_id=\"00000000:%02X:00.0\","
                "device=\"nvidia%d\",modelName=\"NVIDIA H100 80GB HBM3\",Hostname=\"gpu-node-%03d\","
                "DCGM_FI_DRIVER_VERSION=\"535.129.03\",%s} %s\n",
                field.name, index, 0x58e8f5eau + static_cast<unsigned>(gpu), static_cast<unsigned>(gpu) * 2654435761u,
                0x1A + index * 0x10, index, node, pod, value);
            text += line;
        }
    }
    return text;
}

struct VllmHistogram
{
    const char *name;
    const char *help;
    std::vector<const char *> bounds;
};

const std::vector<VllmHistogram> &vllmHistograms()
{
    static const std::vector<const char *> latency = { "0.3", "0.5", "0.8", "1.0", "1.5", "2.0", "2.5", "5.0", "10.0",
        "15.0", "20.0", "30.0", "40.0", "50.0", "60.0", "120.0", "240.0", "480.0", "960.0", "1920.0", "7680.0" };
    static const std::vector<VllmHistogram> histograms = {
        { "vllm:time_to_first_token_seconds", "Histogram of time to first token in seconds.",
            { "0.001", "0.005", "0.01", "0.02", "0.04", "0.06", "0.08", "0.1", "0.25", "0.5", "0.75", "1.0", "2.5",
                "5.0", "7.5", "10.0", "20.0", "40.0", "80.0", "160.0", "640.0", "2560.0" } },
        { "vllm:inter_token_latency_seconds", "Histogram of inter-token latency in seconds.",
            { "0.01", "0.025", "0.05", "0.075", "0.1", "0.15", "0.2", "0.3", "0.4", "0.5", "0.75", "1.0", "2.5", "5.0",
                "7.5", "10.0", "20.0", "40.0", "80.0" } },
        { "vllm:e2e_request_latency_seconds", "Histogram of e2e request latency in seconds.", latency },
        { "vllm:request_queue_time_seconds", "Histogram of time spent in WAITING phase for request.", latency },
        { "vllm:request_prefill_time_seconds", "Histogram of time spent in PREFILL phase for request.", latency },
        { "vllm:request_decode_time_seconds", "Histogram of time spent in DECODE phase for request.", latency },
        { "vllm:request_prompt_tokens", "Number of prefill tokens processed.",
            { "1.0", "2.0", "5.0", "10.0", "20.0", "50.0", "100.0", "200.0", "500.0", "1000.0", "2000.0", "5000.0",
                "10000.0", "20000.0", "32768.0" } },
    };
    return histograms;
}

// What Prometheus's /federate would return for `{__name__=~"vllm:.*"}` over a
// fleet: every family once, with the series of every pod, plus pod/namespace.
std::string vllmFleet(int pods)
{
    std::string text;
    text.reserve(static_cast<std::size_t>(pods) * 200 * 160);
    std::vector<std::string> labels;
    for (int pod = 0; pod < pods; ++pod) {
        labels.push_back("model_name=\"org/model-" + std::to_string(pod % 40) + "\",namespace=\"team-"
            + std::to_string(pod % 17) + "\",pod=\"model-" + std::to_string(pod)
            + "-predictor-00001-deployment-5554f75554-8j8pl\"");
    }
    const auto gauge = [&](const char *name, const char *help, double scale) {
        text += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " gauge\n";
        for (int pod = 0; pod < pods; ++pod)
            text += std::string(name) + "{engine=\"0\"," + labels[pod] + "} " + std::to_string(pod % 13 * scale) + "\n";
    };
    // prometheus_client in format 0.0.4: `x_total` as a counter, `x_created` as a gauge.
    const auto counter = [&](const char *name, const char *help, const std::vector<std::string> &extras) {
        for (const char *suffix : { "_total", "_created" }) {
            const bool total = suffix == std::string("_total");
            text += std::string("# HELP ") + name + suffix + " " + help + "\n# TYPE " + name + suffix
                + (total ? " counter\n" : " gauge\n");
            for (int pod = 0; pod < pods; ++pod) {
                for (const std::string &extra : extras) {
                    text += std::string(name) + suffix + "{engine=\"0\"," + extra + labels[pod] + "} "
                        + (total ? std::to_string(pod * 1234.0) : std::string("1.7537953269352946e+09")) + "\n";
                }
            }
        }
    };
    gauge("vllm:num_requests_running", "Number of requests in model execution batches.", 1);
    gauge("vllm:num_requests_waiting", "Number of requests waiting to be processed.", 1);
    gauge("vllm:kv_cache_usage_perc", "KV-cache usage. 1 means 100 percent usage.", 0.0731);
    counter("vllm:prompt_tokens", "Number of prefill tokens processed.", { "" });
    counter("vllm:generation_tokens", "Number of generation tokens processed.", { "" });
    counter("vllm:num_preemptions", "Cumulative number of preemption from the engine.", { "" });
    counter("vllm:prefix_cache_queries", "Prefix cache queries, in terms of number of queried tokens.", { "" });
    counter("vllm:prefix_cache_hits", "Prefix cache hits, in terms of number of cached tokens.", { "" });
    counter("vllm:request_success", "Count of successfully processed requests.",
        { "finished_reason=\"abort\",", "finished_reason=\"length\",", "finished_reason=\"stop\"," });
    for (const VllmHistogram &histogram : vllmHistograms()) {
        text += std::string("# HELP ") + histogram.name + " " + histogram.help + "\n# TYPE " + histogram.name
            + " histogram\n";
        for (int pod = 0; pod < pods; ++pod) {
            double cumulative = 0;
            for (const char *bound : histogram.bounds) {
                cumulative += (pod * 31 + 7) % 97;
                text += std::string(histogram.name) + "_bucket{engine=\"0\",le=\"" + bound + "\"," + labels[pod] + "} "
                    + std::to_string(cumulative) + "\n";
            }
            text += std::string(histogram.name) + "_bucket{engine=\"0\",le=\"+Inf\"," + labels[pod] + "} "
                + std::to_string(cumulative) + "\n";
            text += std::string(histogram.name) + "_count{engine=\"0\"," + labels[pod] + "} "
                + std::to_string(cumulative) + "\n";
            text += std::string(histogram.name) + "_sum{engine=\"0\"," + labels[pod] + "} "
                + std::to_string(cumulative * 0.173) + "\n";
        }
    }
    return text;
}

// One sample line with an `instance` label of its own, as federation adds it.
std::string withInstance(const std::string &line, int target)
{
    const std::string label = "instance=\"gpu-node-" + std::to_string(target) + ":9400\"";
    const std::size_t space = line.find(' ');
    const std::size_t brace = line.find('{');
    if (brace != std::string::npos && brace < space)
        return line.substr(0, brace + 1) + label + ',' + line.substr(brace + 1);
    if (space == std::string::npos)
        return line; // not a sample line; the parser reports it as it would in a real scrape
    return line.substr(0, space) + '{' + label + '}' + line.substr(space);
}

// Every family of the real fixtures (dcgm-exporter and vLLM excerpts), each
// sample line once per target: what a Prometheus /federate of `targets`
// exporters like those returns. Families stay contiguous, as the format wants.
std::string fixtureFleet(int targets)
{
    struct Family
    {
        std::vector<std::string> header, samples;
    };
    std::vector<std::string> order;
    std::map<std::string, Family> families;
    std::vector<std::filesystem::path> files;
    for (const auto &entry : std::filesystem::directory_iterator(GANTRY_METRICS_FIXTURES_DIR))
        if (entry.path().extension() == ".prom")
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const auto &path : files) {
        std::ifstream file(path);
        const std::string text((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
        // An excerpt's last line is cut off mid-way: leave it out.
        std::string whole = text.substr(0, text.rfind('\n') + 1);
        if (path.filename().string().find(".excerpt.") != std::string::npos && !whole.empty())
            whole.erase(whole.rfind('\n', whole.size() - 2) + 1);
        std::istringstream lines(whole);
        std::string current;
        for (std::string line; std::getline(lines, line);) {
            if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
                const std::string name = line.substr(7, line.find(' ', 7) - 7);
                if (!families.count(name))
                    order.push_back(name);
                Family &family = families[name];
                if (family.header.size() < 2 && std::find(family.header.begin(), family.header.end(), line) == family.header.end())
                    family.header.push_back(line);
                current = name;
            } else if (!line.empty() && line[0] != '#') {
                families[current].samples.push_back(line);
            }
        }
    }
    std::string text;
    for (const std::string &name : order) {
        const Family &family = families[name];
        for (const std::string &line : family.header)
            text += line + '\n';
        for (int target = 0; target < targets; ++target)
            for (const std::string &line : family.samples)
                text += withInstance(line, target) + '\n';
    }
    return text;
}

void parseText(benchmark::State &state, const std::string &text)
{
    ExpositionParser parser;
    std::size_t samples = 0;
    std::size_t issues = 0;
    for (auto _ : state) {
        const auto parsed = parser.parse(text);
        samples = parsed.sampleCount();
        issues = parsed.issues().size();
        benchmark::DoNotOptimize(samples);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
    state.counters["MB"] = static_cast<double>(text.size()) / 1e6;
    state.counters["samples"] = static_cast<double>(samples);
    state.counters["issues"] = static_cast<double>(issues); // 0 unless the generator is wrong
    state.counters["samples/s"] =
        benchmark::Counter(static_cast<double>(samples), benchmark::Counter::kIsIterationInvariantRate);
}

void dcgmFleetOf2000Gpus(benchmark::State &state)
{
    static const std::string text = dcgmFleet(2000);
    parseText(state, text);
}
BENCHMARK(dcgmFleetOf2000Gpus)->Unit(benchmark::kMillisecond);

// large.yaml's whole fleet: one dcgm-exporter series set for each of 16,000 GPUs.
void dcgmFleetOf16000Gpus(benchmark::State &state)
{
    static const std::string text = dcgmFleet(16000);
    parseText(state, text);
}
BENCHMARK(dcgmFleetOf16000Gpus)->Unit(benchmark::kMillisecond)->Iterations(3);

void realFixturesFor2000Targets(benchmark::State &state)
{
    static const std::string text = fixtureFleet(2000);
    parseText(state, text);
}
BENCHMARK(realFixturesFor2000Targets)->Unit(benchmark::kMillisecond);

void vllmFleetOf500Pods(benchmark::State &state)
{
    static const std::string text = vllmFleet(500);
    parseText(state, text);
}
BENCHMARK(vllmFleetOf500Pods)->Unit(benchmark::kMillisecond);

// The other common case: one pod's own /metrics, polled again and again.
void vllmSinglePodScrape(benchmark::State &state)
{
    static const std::string text = vllmFleet(1);
    parseText(state, text);
}
BENCHMARK(vllmSinglePodScrape)->Unit(benchmark::kMicrosecond);

void ttftP95AcrossFleet(benchmark::State &state)
{
    static const std::string text = vllmFleet(500);
    const auto parsed = gantry::metrics::parseExposition(text);
    const auto *family = parsed.find("vllm:time_to_first_token_seconds");
    for (auto _ : state) {
        double total = 0;
        for (const auto &series : gantry::metrics::histogramSeries(*family))
            total += gantry::metrics::histogramQuantile(0.95, series.histogram.buckets);
        benchmark::DoNotOptimize(total);
    }
}
BENCHMARK(ttftP95AcrossFleet)->Unit(benchmark::kMillisecond);

} // namespace
