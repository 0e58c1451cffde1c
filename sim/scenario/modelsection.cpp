#include "sim/scenario/sections.h"

#include "sim/scenario/storageuri.h"

namespace gantry::sim {

namespace {

// Defaults, so a model needs only its name, storageUri and size.
constexpr std::string_view kDefaultRuntimeImage = "vllm/vllm-openai:v0.8.5";
// `vllm/vllm-openai` is 16.5 GB; its pull took 4m47s (vllm-project/aibrix#1054).
constexpr double kDefaultRuntimeImageBytes = 16.5e9;
// Llama-3.1-8B cold on an L40S: compile 52 s + CUDA graphs 54 s + engine init 94 s (tensorfuse.io).
constexpr double kDefaultEngineWarmupSeconds = 200;
// vLLM's --max-num-seqs default.
constexpr int kDefaultMaxConcurrency = 256;
// ~24 sequences at 12 ms per token (llm-d-inference-sim's 8B/H100 profile).
constexpr double kDefaultTokensPerSecond = 2000;
// TTFT 100 ms for an 8B model on an H100 (llm-d-inference-sim).
constexpr double kDefaultTtftSeconds = 0.1;
constexpr double kDefaultInputTokens = 512;
constexpr double kDefaultOutputTokens = 256;

void readStorageUri(const YamlValue &value, Scenario::Model &model)
{
    if (!value.require())
        return;
    const auto uri = value.text();
    if (!uri)
        return;
    if (const StorageUriResult parsed = parseStorageUri(*uri); !parsed.uri)
        value.error(value.quoted() + " " + parsed.error);
    model.storageUri = *uri;
}

void readRuntimeImage(const YamlValue &value, Scenario::Model &model)
{
    const auto image = value.text();
    if (!image)
        return;
    if (image->empty() || image->find_first_of(" \t\r\n") != std::string::npos)
        value.error(value.quoted() + " is not an image reference (e.g. " + std::string(kDefaultRuntimeImage) + ")");
    model.runtimeImage = *image;
}

} // namespace

void readModels(const YamlValue &list, ScenarioBuild &build)
{
    UniqueNames names("model name");
    for (const YamlValue &item : list.items()) {
        const YamlMap map(item, {"name", "storageUri", "size", "runtimeImage", "runtimeImageSize", "gpusPerReplica",
                                 "engineWarmup", "maxConcurrencyPerReplica", "tokensPerSecondPerReplica", "ttft",
                                 "inputTokensPerRequest", "outputTokensPerRequest"});
        if (!map.valid())
            continue;
        Scenario::Model model;
        model.runtimeImage = kDefaultRuntimeImage;
        const auto name = readName(map["name"], NameRule::Subdomain);
        readStorageUri(map["storageUri"], model);
        if (map["size"].require())
            model.sizeBytes = map["size"].size(Sign::Positive).value_or(0);
        readRuntimeImage(map["runtimeImage"], model);
        model.runtimeImageBytes = map["runtimeImageSize"].size(Sign::Positive).value_or(kDefaultRuntimeImageBytes);
        model.gpusPerReplica = map["gpusPerReplica"].integer(1, 64).value_or(1);
        model.engineWarmupSeconds
            = map["engineWarmup"].duration(Sign::NonNegative).value_or(kDefaultEngineWarmupSeconds);
        model.maxConcurrencyPerReplica
            = map["maxConcurrencyPerReplica"].integer(1, 1000000).value_or(kDefaultMaxConcurrency);
        model.tokensPerSecondPerReplica
            = map["tokensPerSecondPerReplica"].number(Sign::Positive).value_or(kDefaultTokensPerSecond);
        model.ttftSeconds = map["ttft"].duration(Sign::Positive).value_or(kDefaultTtftSeconds);
        model.inputTokensPerRequest
            = map["inputTokensPerRequest"].number(Sign::NonNegative).value_or(kDefaultInputTokens);
        model.outputTokensPerRequest
            = map["outputTokensPerRequest"].number(Sign::Positive).value_or(kDefaultOutputTokens);
        if (name && names.add(*name, map["name"])) {
            model.name = *name;
            build.scenario.models.push_back(std::move(model));
        }
    }
}

} // namespace gantry::sim
