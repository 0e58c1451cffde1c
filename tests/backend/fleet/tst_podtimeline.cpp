// Timelines of single replica starts from pods shaped like the real fixtures
// and the real event messages (tests/fixtures/events): every phase with its
// evidence, merged inferred spans where evidence is missing, clock skew,
// starts in progress and the weight-source decision.

#include "backend/fleet/nodefacts.h"
#include "backend/fleet/podtimeline.h"
#include "backend/fleet/vllmlogparser.h"
#include "coldstarttestsupport.h"

#include <gtest/gtest.h>

using namespace gantry::fleet;
using namespace gantry::fleet::test;
using gantry::SystemTime;
using gantry::kube::CompactEvent;

namespace {

const std::string aibrixEvents = "events/aibrix-1054-vllm-openai-startup-probe.describe-events.txt";
const std::string gpuPendingEvents = "events/holmesgpt-gpu-pending-failedscheduling.describe.txt";
const std::string scaleUpEvents = "events/falcosecurity-test-infra-333-triggeredscaleup.md-table.excerpt.txt";

// The real messages, read from the fixtures.
std::string pulledMessage()
{
    return fixtureMessage(aibrixEvents, "Successfully pulled image"); // in 4m47.129s (5m3.623s including waiting)
}
std::string pullingMessage()
{
    return fixtureMessage(aibrixEvents, "Pulling image");
}
std::string failedSchedulingMessage()
{
    return fixtureMessage(gpuPendingEvents, "0/1 nodes are available: 1 Insufficient nvidia.com/gpu");
}
std::string scaleUpMessage()
{
    return fixtureMessage(scaleUpEvents, "pod triggered scale-up:");
}

double seconds(const PhaseSpan &span)
{
    return span.seconds();
}

std::string describe(const ColdStart &start)
{
    std::string text;
    for (const PhaseSpan &span : start.phases) {
        text += std::string(coldStartPhaseName(span.phase)) + (span.merged() ? "…" + std::string(coldStartPhaseName(span.lastPhase)) : "")
            + " " + gantry::formatRfc3339(span.start) + " → " + (span.end ? gantry::formatRfc3339(*span.end) : "open")
            + (span.inferred ? " inferred" : "") + " [" + span.evidence + "]\n";
    }
    for (const std::string &note : start.notes)
        text += "note: " + note + "\n";
    return text;
}

void expectSpan(const ColdStart &start, ColdStartPhase phase, int from, std::optional<int> to, bool inferred = false)
{
    const PhaseSpan *span = start.span(phase);
    ASSERT_NE(span, nullptr) << coldStartPhaseName(phase) << "\n" << describe(start);
    EXPECT_EQ(span->start, at(from)) << coldStartPhaseName(phase) << "\n" << describe(start);
    if (to)
        EXPECT_EQ(span->end, std::optional<SystemTime>(at(*to))) << coldStartPhaseName(phase) << "\n" << describe(start);
    else
        EXPECT_FALSE(span->end.has_value()) << coldStartPhaseName(phase) << "\n" << describe(start);
    EXPECT_EQ(span->inferred, inferred) << coldStartPhaseName(phase) << "\n" << describe(start);
}

void expectWellFormed(const ColdStart &start)
{
    SystemTime cursor = start.created;
    for (const PhaseSpan &span : start.phases) {
        EXPECT_GE(span.start, cursor) << describe(start);
        if (span.end) {
            EXPECT_GE(*span.end, span.start) << describe(start);
        }
        EXPECT_GE(seconds(span), 0.0);
        cursor = span.end ? *span.end : span.start;
    }
    EXPECT_GE(start.totalSeconds(at(100000)), 0.0);
}

NodeFacts node(const std::string &name, int created, std::optional<int> readySince)
{
    NodeFacts facts;
    facts.name = name;
    facts.createdAt = at(created);
    if (readySince)
        facts.readySince = at(*readySince);
    return facts;
}

// A hub model's start on a node the pod had to wait for, with every piece of evidence.
struct FullStart
{
    PodBuilder pod{"chat-predictor-00001-deployment-7d9f-abcde"};
    std::vector<CompactEvent> events;
    std::string log;

    FullStart()
    {
        const std::string name = pod.object["metadata"]["name"];
        pod.unschedulable(1);
        pod.object["status"]["conditions"].clear();
        pod.scheduled("h100-1", 251).init("storage-initializer", 252, 380).serving(669).ready(900);
        events = {event(name, "FailedScheduling", failedSchedulingMessage(), 1, {}, true),
                  event(name, "TriggeredScaleUp", scaleUpMessage(), 10),
                  event(name, "Scheduled", "Successfully assigned default/" + name + " to h100-1", 251, {}, true),
                  event(name, "Pulled", "Container image \"kserve/storage-initializer:v0.15.0\" already present on machine",
                        251, "init:storage-initializer"),
                  event(name, "Pulling", pullingMessage(), 381, "kserve-container"),
                  event(name, "Pulled", pulledMessage(), 668, "kserve-container"),
                  event(name, "Started", "Started container kserve-container", 669, "kserve-container")};
        log = vllmLog(669, 700, 900);
    }
};

} // namespace

TEST(PodTimeline, EveryPhaseFromItsOwnEvidence)
{
    FullStart full;
    const VllmStartup log = parseVllmStartup(full.log, 2025);
    const ColdStart start = deriveColdStart(full.pod.compact(), full.events, node("h100-1", 10, 250), &log,
                                            {"hf://meta-llama/Llama-3.1-8B-Instruct", {}});
    expectSpan(start, ColdStartPhase::WaitingForCapacity, 0, 10);
    expectSpan(start, ColdStartPhase::NodeProvisioning, 10, 251);
    expectSpan(start, ColdStartPhase::ModelDownload, 252, 380);
    expectSpan(start, ColdStartPhase::ImagePull, 381, 668);
    expectSpan(start, ColdStartPhase::WeightLoad, 669, 700);
    expectSpan(start, ColdStartPhase::EngineWarmup, 700, 900);
    expectSpan(start, ColdStartPhase::Ready, 900, std::nullopt);
    ASSERT_EQ(start.phases.size(), 7u) << describe(start);
    EXPECT_TRUE(start.complete);
    EXPECT_TRUE(start.fromLog);
    EXPECT_EQ(start.ready, std::optional<SystemTime>(at(900)));
    EXPECT_DOUBLE_EQ(start.totalSeconds(at(5000)), 900);
    EXPECT_EQ(start.weightSource, "hub");
    EXPECT_EQ(start.inferenceService, "chat");
    EXPECT_EQ(start.node, "h100-1");
    EXPECT_EQ(start.span(ColdStartPhase::ImagePull)->evidence, "event Pulling → event Pulled");
    EXPECT_EQ(start.span(ColdStartPhase::WeightLoad)->evidence, "containerStatuses kserve-container → log: Loading weights took");
    EXPECT_EQ(start.span(ColdStartPhase::ModelDownload)->evidence, "initContainerStatuses storage-initializer");
    // The scale-up message names the node group.
    bool group = false;
    for (const std::string &note : start.notes)
        group |= note.find("eks-acbbb95d-8f23-5104-2f0b-00defe6f32a8 grew 3→6") != std::string::npos;
    EXPECT_TRUE(group) << describe(start);
    expectWellFormed(start);
}

TEST(PodTimeline, PullStartFromThePulledDurationWhenPullingIsGone)
{
    FullStart full;
    std::erase_if(full.events, [](const CompactEvent &e) { return e.reason == "Pulling"; });
    const VllmStartup log = parseVllmStartup(full.log, 2025);
    const ColdStart start = deriveColdStart(full.pod.compact(), full.events, node("h100-1", 10, 250), &log,
                                            {"hf://m", {}});
    const PhaseSpan *pull = start.span(ColdStartPhase::ImagePull);
    ASSERT_NE(pull, nullptr) << describe(start);
    EXPECT_FALSE(pull->inferred);
    EXPECT_NE(pull->evidence.find("event Pulled message"), std::string::npos) << pull->evidence;
    // 668 s − 5m3.623s (including waiting) is before the download ended at 380 s:
    // the overlap is clamped, with a note.
    EXPECT_EQ(pull->start, at(380)) << describe(start);
    EXPECT_DOUBLE_EQ(pull->seconds(), 288);
    bool noted = false;
    for (const std::string &note : start.notes)
        noted |= note.starts_with("clock skew: image pull starts 16 s before the end of model download");
    EXPECT_TRUE(noted) << describe(start);
    expectWellFormed(start);

    // With the holmesgpt message (2.703 s) nothing overlaps: the duration places the start.
    std::erase_if(full.events, [](const CompactEvent &e) { return e.reason == "Pulled"; });
    full.events.push_back(event(full.pod.object["metadata"]["name"], "Pulled",
                                fixtureMessage("events/holmesgpt-frontend-service.kubectl-events.txt", "Successfully pulled"),
                                668, "kserve-container"));
    const ColdStart quick = deriveColdStart(full.pod.compact(), full.events, node("h100-1", 10, 250), &log, {"hf://m", {}});
    ASSERT_NE(quick.span(ColdStartPhase::ImagePull), nullptr);
    EXPECT_NEAR(quick.span(ColdStartPhase::ImagePull)->seconds(), 2.703, 1e-6) << describe(quick);
    EXPECT_EQ(*quick.span(ColdStartPhase::ImagePull)->end, at(668));
}

TEST(PodTimeline, WithoutTheLogWeightLoadAndWarmUpMergeIntoOneInferredSpan)
{
    FullStart full;
    const ColdStart start = deriveColdStart(full.pod.compact(), full.events, node("h100-1", 10, 250), nullptr, {"hf://m", {}});
    EXPECT_EQ(start.span(ColdStartPhase::WeightLoad), nullptr);
    EXPECT_EQ(start.span(ColdStartPhase::EngineWarmup), nullptr);
    const PhaseSpan *merged = nullptr;
    for (const PhaseSpan &span : start.phases) {
        if (span.merged())
            merged = &span;
    }
    ASSERT_NE(merged, nullptr) << describe(start);
    EXPECT_EQ(merged->phase, ColdStartPhase::WeightLoad);
    EXPECT_EQ(merged->lastPhase, ColdStartPhase::EngineWarmup);
    EXPECT_TRUE(merged->inferred);
    EXPECT_EQ(merged->start, at(669));
    EXPECT_EQ(merged->end, std::optional<SystemTime>(at(900)));
    EXPECT_FALSE(start.fromLog);
    EXPECT_TRUE(start.complete);
    expectWellFormed(start);
}

TEST(PodTimeline, ExpiredEventsLeaveInferredBoundaries)
{
    FullStart full;
    const VllmStartup log = parseVllmStartup(full.log, 2025);
    // Events are gone after an hour; the node's birth still shows the provisioning.
    const ColdStart start = deriveColdStart(full.pod.compact(), {}, node("h100-1", 12, 250), &log, {"hf://m", {}});
    // The node's creation stands in for the scale-up: both sides of it are inferred.
    expectSpan(start, ColdStartPhase::WaitingForCapacity, 0, 12, true);
    expectSpan(start, ColdStartPhase::NodeProvisioning, 12, 251, true);
    expectSpan(start, ColdStartPhase::ModelDownload, 252, 380);
    // Nothing says when the pull began or ended: it spans the gap between its neighbours.
    expectSpan(start, ColdStartPhase::ImagePull, 380, 669, true);
    expectSpan(start, ColdStartPhase::WeightLoad, 669, 700);
    expectSpan(start, ColdStartPhase::EngineWarmup, 700, 900);
    expectWellFormed(start);

    // And without the node either, the wait is one span up to PodScheduled.
    const ColdStart bare = deriveColdStart(full.pod.compact(), {}, std::nullopt, &log, {"hf://m", {}});
    expectSpan(bare, ColdStartPhase::WaitingForCapacity, 0, 251);
    EXPECT_EQ(bare.span(ColdStartPhase::NodeProvisioning), nullptr);
}

TEST(PodTimeline, AMissingSchedulingTimeMergesWaitWithTheDownload)
{
    FullStart full;
    full.pod.object["status"]["conditions"] = nlohmann::json::array();
    full.pod.ready(900);
    std::erase_if(full.events, [](const CompactEvent &e) { return e.reason == "Scheduled" || e.reason == "TriggeredScaleUp"; });
    const VllmStartup log = parseVllmStartup(full.log, 2025);
    const ColdStart start = deriveColdStart(full.pod.compact(), full.events, std::nullopt, &log, {"hf://m", {}});
    // Waiting has no end of its own: it runs to the download's start, inferred.
    expectSpan(start, ColdStartPhase::WaitingForCapacity, 0, 252, true);
    expectSpan(start, ColdStartPhase::ModelDownload, 252, 380);
    expectWellFormed(start);

    // Neither init status nor pull events nor a scheduling time: one merged bar up to the serving start.
    PodBuilder pod("bare");
    pod.object["spec"]["nodeName"] = "n1";
    pod.serving(669).ready(900);
    const ColdStart merged = deriveColdStart(pod.compact(), {}, std::nullopt, &log, {"s3://bucket/m", {}});
    ASSERT_FALSE(merged.phases.empty());
    EXPECT_EQ(merged.phases[0].phase, ColdStartPhase::WaitingForCapacity);
    EXPECT_EQ(merged.phases[0].lastPhase, ColdStartPhase::ImagePull) << describe(merged);
    EXPECT_TRUE(merged.phases[0].inferred);
    EXPECT_EQ(merged.phases[0].end, std::optional<SystemTime>(at(669)));
    EXPECT_EQ(merged.weightSource, "object store");
    expectWellFormed(merged);
}

TEST(PodTimeline, StartsInProgressHaveAnOpenPhase)
{
    PodBuilder pending("pending");
    pending.unschedulable(1);
    const ColdStart waiting = deriveColdStart(
        pending.compact(), {event("pending", "FailedScheduling", failedSchedulingMessage(), 1, {}, true)}, std::nullopt,
        nullptr, {"hf://m", {}});
    ASSERT_EQ(waiting.phases.size(), 1u) << describe(waiting);
    expectSpan(waiting, ColdStartPhase::WaitingForCapacity, 0, std::nullopt);
    EXPECT_FALSE(waiting.complete);
    EXPECT_DOUBLE_EQ(waiting.totalSeconds(at(42)), 42);

    const ColdStart provisioning = deriveColdStart(
        pending.compact(), {event("pending", "TriggeredScaleUp", scaleUpMessage(), 10)}, std::nullopt, nullptr, {"hf://m", {}});
    expectSpan(provisioning, ColdStartPhase::WaitingForCapacity, 0, 10);
    expectSpan(provisioning, ColdStartPhase::NodeProvisioning, 10, std::nullopt);

    PodBuilder downloading("downloading");
    downloading.scheduled("n1", 2).init("storage-initializer", 3, std::nullopt);
    const ColdStart download = deriveColdStart(downloading.compact(), {}, std::nullopt, nullptr, {"hf://m", {}});
    expectSpan(download, ColdStartPhase::ModelDownload, 3, std::nullopt);
    EXPECT_EQ(download.phases.back().phase, ColdStartPhase::ModelDownload);

    PodBuilder loading("loading");
    loading.scheduled("n1", 2).init("storage-initializer", 3, 60).serving(80);
    const VllmStartup header = parseVllmStartup(vllmLog(80, 80, std::nullopt).substr(0, vllmLog(80, 80, std::nullopt).find('\n')), 2025);
    const ColdStart load = deriveColdStart(loading.compact(), {event("loading", "Pulling", pullingMessage(), 61, "kserve-container"),
                                                                event("loading", "Pulled", pulledMessage(), 79, "kserve-container")},
                                           std::nullopt, &header, {"hf://m", {}});
    expectSpan(load, ColdStartPhase::WeightLoad, 80, std::nullopt);
    EXPECT_EQ(load.phases.back().phase, ColdStartPhase::WeightLoad) << describe(load);
    EXPECT_FALSE(load.complete);
    EXPECT_FALSE(load.ready.has_value());
}

TEST(PodTimeline, ClockSkewIsClampedAndNoted)
{
    PodBuilder pod("skewed", "chat", 100);
    // Scheduled "before" creation, the init container finishing before it started,
    // and Ready before the weights were in.
    pod.scheduled("n1", 95).init("storage-initializer", 120, 110).serving(130).ready(140);
    const VllmStartup log = parseVllmStartup(vllmLog(130, 150, std::nullopt), 2025);
    const ColdStart start = deriveColdStart(pod.compact(), {}, std::nullopt, &log, {"hf://m", {}});
    expectWellFormed(start);
    std::size_t skewNotes = 0;
    for (const std::string &note : start.notes)
        skewNotes += note.starts_with("clock skew:");
    EXPECT_GE(skewNotes, 3u) << describe(start);
    for (const PhaseSpan &span : start.phases)
        EXPECT_GE(span.seconds(), 0.0);
    EXPECT_TRUE(start.complete);
    EXPECT_GE(*start.ready, start.created);
}

TEST(PodTimeline, SharedVolumeHasNoDownloadAndACachedImageAZeroPull)
{
    PodBuilder pod("reasoning");
    pod.scheduled("a100-0", 1).serving(3).ready(200);
    const std::vector<CompactEvent> events = {
        event("reasoning", "Pulled", "Container image \"vllm/vllm-openai:v0.8.5\" already present on machine", 2,
              "kserve-container")};
    const VllmStartup log = parseVllmStartup(vllmLog(3, 40, 200), 2025);
    const ColdStart start = deriveColdStart(pod.compact(), events, std::nullopt, &log,
                                            {"pvc://models/meta-llama/Llama-3.1-70B-Instruct", {}});
    EXPECT_EQ(start.span(ColdStartPhase::ModelDownload), nullptr) << describe(start);
    expectSpan(start, ColdStartPhase::ImagePull, 2, 2);
    EXPECT_EQ(start.span(ColdStartPhase::ImagePull)->evidence, "event Pulled (image already present)");
    expectSpan(start, ColdStartPhase::WeightLoad, 3, 40);
    EXPECT_EQ(start.weightSource, "shared volume");
}

TEST(PodTimeline, AModelcarDownloadIsThePullOfTheModelImage)
{
    PodBuilder pod("qwen");
    pod.scheduled("h200-0", 1).init("modelcar-init", 1, 300).serving(320).ready(600);
    const std::vector<CompactEvent> events = {
        event("qwen", "Pulling", "Pulling image \"registry.example.com/models/qwen2.5-7b-instruct:1.0\"", 1, "init:modelcar-init"),
        event("qwen", "Pulled",
              "Successfully pulled image \"registry.example.com/models/qwen2.5-7b-instruct:1.0\" in 4m59s (4m59s including "
              "waiting). Image size: 15200000000 bytes.",
              300, "init:modelcar-init"),
        event("qwen", "Pulling", "Pulling image \"vllm/vllm-openai:v0.8.5\"", 301, "kserve-container"),
        event("qwen", "Pulled", pulledMessage(), 319, "kserve-container")};
    const VllmStartup log = parseVllmStartup(vllmLog(320, 330, 600), 2025);
    const ColdStart start = deriveColdStart(pod.compact(), events, std::nullopt, &log,
                                            {"oci://registry.example.com/models/qwen2.5-7b-instruct:1.0", {}});
    expectSpan(start, ColdStartPhase::ModelDownload, 1, 300);
    expectSpan(start, ColdStartPhase::ImagePull, 301, 319);
    EXPECT_EQ(start.weightSource, "OCI image");
}

TEST(PodTimeline, AFailedDownloadStaysOpenWithANote)
{
    PodBuilder pod("broken");
    pod.scheduled("n1", 1).init("storage-initializer", 2, 30, 1, 2);
    const ColdStart start = deriveColdStart(pod.compact(), {}, std::nullopt, nullptr, {"s3://bucket/m", {}});
    expectSpan(start, ColdStartPhase::ModelDownload, 2, std::nullopt);
    bool exitNote = false, restartNote = false;
    for (const std::string &note : start.notes) {
        exitNote |= note.find("exit code 1") != std::string::npos;
        restartNote |= note.find("restarted 2 times") != std::string::npos;
    }
    EXPECT_TRUE(exitNote && restartNote) << describe(start);
}

TEST(PodTimeline, WeightSourceFromWarmCaches)
{
    PodBuilder pod("chat-2");
    pod.scheduled("h100-0", 600).init("storage-initializer", 601, 602).serving(700).ready(900);
    const gantry::kube::CompactPod compact = pod.compact();
    const std::string uri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    const auto decide = [&](std::vector<WarmCache> caches) {
        return deriveColdStart(compact, {}, std::nullopt, nullptr, {uri, std::move(caches)}).weightSource;
    };
    EXPECT_EQ(decide({}), "hub");
    // A prewarm that finished before the download began.
    EXPECT_EQ(decide({{"h100-0", uri, "prewarm job prewarm-h100-0", at(500)}}), "node cache");
    // … but not one that finished after it, on another node, or of another model.
    EXPECT_EQ(decide({{"h100-0", uri, "prewarm job late", at(650)}}), "hub");
    EXPECT_EQ(decide({{"h100-1", uri, "prewarm job elsewhere", at(500)}}), "hub");
    EXPECT_EQ(decide({{"h100-0", "hf://other", "prewarm job other", at(500)}}), "hub");
    // An earlier load of the same model on the node, but not the pod's own.
    EXPECT_EQ(decide({{"h100-0", uri, "earlier load by chat-1", at(540)}}), "node cache");
    EXPECT_EQ(decide({{"h100-0", uri, "earlier load by chat-2", at(540)}}), "hub");

    const ColdStart warm = deriveColdStart(compact, {}, std::nullopt, nullptr, {uri, {{"h100-0", uri, "LocalModelCache llama", at(1)}}});
    EXPECT_EQ(warm.weightSource, "node cache");
    bool noted = false;
    for (const std::string &note : warm.notes)
        noted |= note.find("LocalModelCache llama") != std::string::npos;
    EXPECT_TRUE(noted);

    // KServe's label on pods that read a LocalModelCache decides on its own.
    pod.label("internal.serving.kserve.io/localmodel", "llama-cache");
    EXPECT_EQ(deriveColdStart(pod.compact(), {}, std::nullopt, nullptr, {uri, {}}).weightSource, "node cache");

    // Without a storageUri nothing can be said.
    EXPECT_EQ(deriveColdStart(compact, {}, std::nullopt, nullptr, {}).weightSource, "unknown");
}

TEST(PodTimeline, DegradesOnBrokenObjects)
{
    PodBuilder pod("nocreation");
    pod.object["metadata"].erase("creationTimestamp");
    pod.scheduled("n1", 5).serving(10);
    pod.object["status"]["containerStatuses"][0]["state"]["running"]["startedAt"] = "not a time";
    const ColdStart start = deriveColdStart(pod.compact(), {event("nocreation", "Pulled", "garbage", 7, "kserve-container")},
                                            std::nullopt, nullptr, {"pvc://x", {}});
    EXPECT_EQ(start.created, at(5));
    EXPECT_FALSE(start.notes.empty());
    expectWellFormed(start);

    const ColdStart empty = deriveColdStart(gantry::kube::extractPod(nlohmann::json::object()), {}, std::nullopt, nullptr);
    EXPECT_TRUE(empty.phases.empty());
    EXPECT_FALSE(empty.complete);
}
