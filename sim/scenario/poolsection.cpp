#include "sim/scenario/sections.h"

#include "sim/apimachinery/names.h"
#include "sim/scenario/quantities.h"

namespace gantry::sim {

namespace {

// Cluster-autoscaler GPU node provisioning: 3–7 minutes (Kloia GPUaaS article).
constexpr Scenario::Range kDefaultProvisioning{180, 420};

void readLabels(const YamlValue &value, Scenario::GpuPool &pool)
{
    for (const YamlValue::Entry &entry : value.entries()) {
        if (const auto problems = qualifiedNameErrors(entry.key); !problems.empty()) {
            entry.keyPlace.error("is not a valid label key: " + joinMessages(problems));
            continue;
        }
        if (const auto problems = labelValueErrors(entry.value); !problems.empty()) {
            entry.valuePlace.error("is not a valid label value: " + joinMessages(problems));
            continue;
        }
        pool.labels[entry.key] = entry.value;
    }
}

void readImages(const YamlValue &value, Scenario::GpuPool &pool)
{
    for (const YamlValue &item : value.items()) {
        const auto image = item.text();
        if (!image)
            continue;
        if (image->empty() || image->find_first_of(" \t\r\n") != std::string::npos) {
            item.error(item.quoted() + " is not an image reference (e.g. vllm/vllm-openai:v0.8.5)");
            continue;
        }
        pool.images.push_back(*image);
    }
}

// minNodes ≤ initialNodes ≤ maxNodes, each defaulting from the one before.
void readNodeCounts(const YamlMap &map, Scenario::GpuPool &pool)
{
    const auto minNodes = map["minNodes"].integer(0, kMaxNodesPerPool);
    const auto initialNodes = map["initialNodes"].integer(0, kMaxNodesPerPool);
    const auto maxNodes = map["maxNodes"].integer(0, kMaxNodesPerPool);
    pool.minNodes = minNodes.value_or(0);
    pool.initialNodes = initialNodes.value_or(pool.minNodes);
    pool.maxNodes = maxNodes.value_or(std::max(pool.minNodes, pool.initialNodes));
    const auto count = [](int n) { return " (" + std::to_string(n) + ")"; };
    if (initialNodes && minNodes && *initialNodes < *minNodes)
        map["initialNodes"].error("initialNodes" + count(*initialNodes) + " must not be below minNodes"
                                  + count(*minNodes));
    if (initialNodes && maxNodes && *initialNodes > *maxNodes)
        map["initialNodes"].error("initialNodes" + count(*initialNodes) + " must not exceed maxNodes"
                                  + count(*maxNodes));
    if (maxNodes && minNodes && *minNodes > *maxNodes)
        map["maxNodes"].error("maxNodes" + count(*maxNodes) + " must not be below minNodes" + count(*minNodes));
}

} // namespace

void readPools(const YamlValue &list, ScenarioBuild &build)
{
    if (!list.require())
        return;
    UniqueNames names("pool name");
    const std::vector<YamlValue> items = list.items();
    if (items.empty() && list.node().IsSequence())
        list.error("must list at least one pool");
    for (const YamlValue &item : items) {
        const YamlMap map(item, {"name", "gpuProduct", "gpusPerNode", "gpuMemory", "minNodes", "initialNodes",
                                 "maxNodes", "provisioning", "idleRemoval", "nodeCache", "labels", "gpuTaint", "images"});
        if (!map.valid())
            continue;
        Scenario::GpuPool pool;
        const auto name = readName(map["name"], NameRule::Label);
        if (map["gpuProduct"].require()) {
            if (const auto product = map["gpuProduct"].text()) {
                if (product->empty() || !labelValueErrors(*product).empty())
                    map["gpuProduct"].error(map["gpuProduct"].quoted()
                                            + " is not a valid label value (e.g. NVIDIA-H100-80GB-HBM3)");
                pool.gpuProduct = *product;
            }
        }
        pool.gpusPerNode = map["gpusPerNode"].integer(1, 16).value_or(pool.gpusPerNode);
        if (map["gpuMemory"].require())
            pool.gpuMemoryBytes = map["gpuMemory"].size(Sign::Positive).value_or(0);
        readNodeCounts(map, pool);
        pool.provisioningSeconds = map["provisioning"].durationRange().value_or(kDefaultProvisioning);
        pool.idleRemovalSeconds = map["idleRemoval"].duration(Sign::NonNegative).value_or(pool.idleRemovalSeconds);
        pool.nodeCacheBytes = map["nodeCache"].size(Sign::NonNegative).value_or(0);
        readLabels(map["labels"], pool);
        pool.gpuTaint = map["gpuTaint"].boolean().value_or(true);
        readImages(map["images"], pool);
        if (name && names.add(*name, map["name"])) {
            pool.name = *name;
            build.scenario.pools.push_back(std::move(pool));
        }
    }
}

void readStorage(const YamlValue &value, ScenarioBuild &build)
{
    const YamlMap map(value, {"hub", "objectStore", "objectStorePerClient", "sharedVolume", "sharedVolumePerClient",
                              "registry", "registryPerClient", "nodeCache"});
    Scenario::Storage &storage = build.scenario.storage;
    // Defaults: a 1 Gb/s WAN (Red Hat shared-storage article), S3 at ~3.5 GiB/s and
    // io2 at ~2 GiB/s (Run:ai Model Streamer benchmark), local NVMe at ~7 GB/s (vllm#15862).
    constexpr double kGiB = 1024.0 * 1024 * 1024;
    storage.hubBytesPerSecond = map["hub"].bandwidth(Sign::Positive).value_or(1e9 / 8);
    storage.objectStoreBytesPerSecond = map["objectStore"].bandwidth(Sign::Positive).value_or(3.5 * kGiB);
    storage.sharedVolumeBytesPerSecond = map["sharedVolume"].bandwidth(Sign::Positive).value_or(2 * kGiB);
    storage.registryBytesPerSecond = map["registry"].bandwidth(Sign::Positive).value_or(1e9 / 8);
    storage.nodeCacheBytesPerSecond = map["nodeCache"].bandwidth(Sign::Positive).value_or(7e9);

    // One client never gets more than the whole link; by default it may take all of it.
    const auto perClient = [&map](std::string_view key, std::string_view aggregateKey, double aggregate) {
        const YamlValue field = map[key];
        const auto rate = field.bandwidth(Sign::Positive);
        if (rate && *rate > aggregate) {
            const YamlValue aggregateValue = map[aggregateKey];
            const std::string limit = aggregateValue.present() ? aggregateValue.written()
                                                               : "by default " + formatBytes(aggregate) + "/s";
            field.error("must not exceed " + std::string(aggregateKey) + " (" + limit + ")");
            return aggregate;
        }
        return rate.value_or(aggregate);
    };
    storage.objectStorePerClientBytesPerSecond
        = perClient("objectStorePerClient", "objectStore", storage.objectStoreBytesPerSecond);
    storage.sharedVolumePerClientBytesPerSecond
        = perClient("sharedVolumePerClient", "sharedVolume", storage.sharedVolumeBytesPerSecond);
    storage.registryPerClientBytesPerSecond
        = perClient("registryPerClient", "registry", storage.registryBytesPerSecond);
}

} // namespace gantry::sim
