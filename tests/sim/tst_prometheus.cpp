// A real Prometheus (the Debian package) scraping gantry-sim's /metrics over
// TLS on loopback, then answering queries for the series the console reads.
#include "common/ports.h"
#include "simfixture.h"

#include "sim/factory/factory.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <thread>

using namespace gantry::test;
using gantry::sim::Scenario;
using nlohmann::json;

namespace {

Scenario servingScenario()
{
    Scenario s;
    s.name = "prometheus";
    s.storage.sharedVolumeBytesPerSecond = 8e9;
    s.storage.registryBytesPerSecond = 8e9;
    s.storage.nodeCacheBytesPerSecond = 8e9;
    Scenario::GpuPool pool;
    pool.name = "h100";
    pool.gpuProduct = "NVIDIA-H100-80GB-HBM3";
    pool.gpusPerNode = 8;
    pool.gpuMemoryBytes = 80.0 * 1024 * 1024 * 1024;
    pool.maxNodes = pool.initialNodes = 1;
    s.pools = {pool};
    Scenario::Model model;
    model.name = "llama";
    model.storageUri = "pvc://models/llama";
    model.sizeBytes = 16e9;
    model.runtimeImage = "vllm/vllm-openai:v0.8.5";
    model.runtimeImageBytes = 16e9;
    model.engineWarmupSeconds = 10;
    model.maxConcurrencyPerReplica = 8;
    s.models = {model};
    Scenario::Service service;
    service.name = "chat";
    service.model = "llama";
    service.minReplicas = 1;
    s.services = {service};
    Scenario::Traffic traffic;
    traffic.service = "chat";
    traffic.rps = 40; // more than one replica serves: some requests wait
    s.traffic = {traffic};
    return s;
}

} // namespace

class PrometheusScrape : public SimulatorTest
{
protected:
    void configure(gantry::sim::SimulatorOptions &options) override
    {
        options.scenario = servingScenario();
        options.speed = 0;
    }
};

TEST_F(PrometheusScrape, ARealPrometheusScrapesTheSimulatorAndAnswersQueries)
{
    // Let a replica start and serve before Prometheus looks.
    simulator().factory()->runFor(120);

    const int port = unusedLoopbackPort();
    const std::string ca = writeFile("ca.crt", simulator().server().caCertificatePem());
    const std::string config = writeFile("prometheus.yml",
                                         "global:\n  scrape_interval: 1s\n"
                                         "scrape_configs:\n"
                                         "- job_name: gantry-sim\n"
                                         "  scheme: https\n"
                                         "  tls_config:\n    ca_file: " + ca + "\n"
                                         "  static_configs:\n  - targets: ['127.0.0.1:"
                                             + std::to_string(simulator().server().port()) + "']\n");
    BackgroundProcess prometheus({"prometheus", "--config.file=" + config, "--storage.tsdb.path=" + dir() + "/tsdb",
                                  "--web.listen-address=127.0.0.1:" + std::to_string(port)},
                                 {});

    httplib::Client client("127.0.0.1", port);
    client.set_connection_timeout(1);
    auto query = [&](const std::string &promql) {
        const auto result = client.Get("/api/v1/query", httplib::Params{{"query", promql}}, httplib::Headers{});
        return result && result->status == 200 ? json::parse(result->body) : json();
    };
    json waiting;
    json utilization;
    for (int i = 0; i < 60; ++i) {
        simulator().factory()->runFor(1); // keep the factory moving while Prometheus scrapes
        waiting = query("vllm:num_requests_waiting");
        utilization = query("DCGM_FI_DEV_GPU_UTIL");
        if (!waiting.is_null() && !waiting["data"]["result"].empty() && !utilization["data"]["result"].empty())
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        prometheus.drain(std::chrono::milliseconds(1));
    }
    ASSERT_FALSE(waiting.is_null()) << "Prometheus did not answer: " << prometheus.output();
    ASSERT_EQ(waiting["status"], "success");
    ASSERT_EQ(waiting["data"]["result"].size(), 1u) << waiting.dump();
    const json &series = waiting["data"]["result"][0];
    EXPECT_EQ(series["metric"]["model_name"], "chat");
    EXPECT_EQ(series["metric"]["namespace"], "default");
    EXPECT_GT(std::stod(series["value"][1].get<std::string>()), 0) << "40 rps on 8 slots leaves a queue";

    ASSERT_EQ(utilization["data"]["result"].size(), 8u) << "one series per GPU of the node";
    int busy = 0;
    for (const json &gpu : utilization["data"]["result"]) {
        EXPECT_EQ(gpu["metric"]["modelName"], "NVIDIA H100 80GB HBM3");
        busy += std::stod(gpu["value"][1].get<std::string>()) > 50;
    }
    EXPECT_EQ(busy, 1) << "the one serving GPU is busy, the other seven idle";

    const json up = query("up{job=\"gantry-sim\"}");
    EXPECT_EQ(up["data"]["result"][0]["value"][1], "1");
}
