// gantry-sim serving a 20,000-pod list, the size of the large scenario: server
// time for the list (store read plus body assembly) and the whole HTTPS round
// trip from a loopback client. Target: well under a second.
#include "realshapedpod.h"
#include "sim/simulator.h"

#include <benchmark/benchmark.h>
#include <httplib.h>

#include <cstdio>
#include <fstream>

namespace {

using nlohmann::json;

struct LargeCluster
{
    LargeCluster()
    {
        gantry::sim::SimulatorOptions options;
        simulator = std::make_unique<gantry::sim::Simulator>(options);
        std::string error;
        if (!simulator->start(&error))
            std::fprintf(stderr, "cannot start gantry-sim: %s\n", error.c_str());
        const auto &namespaces = *gantry::sim::findResourceType("", "v1", "namespaces");
        const auto &pods = *gantry::sim::findResourceType("", "v1", "pods");
        for (int i = 0; i < 10; ++i)
            simulator->store().create(namespaces, {{"apiVersion", "v1"}, {"kind", "Namespace"},
                                                   {"metadata", {{"name", "team-" + std::to_string(i)}}}});
        for (int i = 0; i < 20000; ++i)
            simulator->store().create(pods, gantry::bench::predictorPod(i));
        caPath = "/tmp/gantry-bench-ca.crt";
        std::ofstream(caPath) << simulator->server().caCertificatePem();
    }
    std::unique_ptr<gantry::sim::Simulator> simulator;
    std::string caPath;
};

LargeCluster &cluster()
{
    static LargeCluster instance;
    return instance;
}

void listTwentyThousandPodsInProcess(benchmark::State &state)
{
    auto &store = cluster().simulator->store();
    const auto &pods = *gantry::sim::findResourceType("", "v1", "pods");
    for (auto _ : state) {
        const auto result = store.list(pods, {});
        std::size_t bytes = 0;
        std::string body;
        for (const auto &item : result.items)
            body += item->json;
        bytes = body.size();
        benchmark::DoNotOptimize(bytes);
        state.SetBytesProcessed(state.bytes_processed() + static_cast<std::int64_t>(bytes));
    }
}
BENCHMARK(listTwentyThousandPodsInProcess)->Unit(benchmark::kMillisecond);

void listTwentyThousandPodsOverHttps(benchmark::State &state)
{
    httplib::SSLClient client("127.0.0.1", cluster().simulator->server().port());
    client.set_ca_cert_path(cluster().caPath.c_str());
    client.set_bearer_token_auth(cluster().simulator->access().adminToken().c_str());
    client.set_read_timeout(60);
    for (auto _ : state) {
        const auto result = client.Get("/api/v1/pods");
        if (!result || result->status != 200) {
            state.SkipWithError("list failed");
            break;
        }
        state.SetBytesProcessed(state.bytes_processed() + static_cast<std::int64_t>(result->body.size()));
    }
}
BENCHMARK(listTwentyThousandPodsOverHttps)->Unit(benchmark::kMillisecond);

} // namespace
