#include "sim/factory/podlifecycle.h"

#include "sim/factory/factorycontext.h"
#include "sim/factory/modelprofile.h"

#include <cmath>
#include <cstdio>
#include <set>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr const char *weightsPhase = "/weights";
constexpr const char *downloadPhase = "/download";
constexpr const char *imagePhase = "/image";

std::string format(const char *pattern, double value)
{
    char buffer[256];
    std::snprintf(buffer, sizeof buffer, pattern, value);
    return buffer;
}

// vLLM's prefix: "INFO 11-23 10:00:05 [file.py:123] ".
std::string vllmPrefix(SystemTime time, const char *file)
{
    const std::string stamp = formatRfc3339(time); // 2026-11-23T10:00:05Z
    return "INFO " + stamp.substr(5, 5) + " " + stamp.substr(11, 8) + " [" + file + "] ";
}

// KServe storage-initializer's prefix: "2025-08-27 10:42:55.912 1 kserve INFO [storage.py:download():64] ".
std::string kservePrefix(SystemTime time, const char *where)
{
    const std::string stamp = formatRfc3339Micro(time); // 2026-11-23T10:00:05.123456Z
    return stamp.substr(0, 10) + " " + stamp.substr(11, 12) + " 1 kserve INFO [" + where + "] ";
}

std::string modelImageOf(const std::string &uri)
{
    return uri.rfind("oci://", 0) == 0 ? uri.substr(6) : std::string();
}

json withCondition(json conditions, const std::string &type, bool ok, const std::string &now,
                   const std::string &reason = {})
{
    json result = json::array();
    for (const auto &condition : conditions) {
        if (condition.is_object() && condition.value("type", "") == type) {
            if (condition.value("status", "") == (ok ? "True" : "False"))
                return conditions; // unchanged: keep the transition time
            continue;
        }
        result.push_back(condition);
    }
    json added = {{"type", type}, {"status", ok ? "True" : "False"}, {"lastProbeTime", nullptr}, {"lastTransitionTime", now}};
    if (!reason.empty())
        added["reason"] = reason;
    result.push_back(added);
    return result;
}

} // namespace

std::string goDuration(double seconds)
{
    if (seconds < 1)
        return std::to_string(static_cast<long long>(std::llround(seconds * 1000))) + "ms";
    long long millis = std::llround(seconds * 1000);
    const long long hours = millis / 3600000;
    millis %= 3600000;
    const long long minutes = millis / 60000;
    millis %= 60000;
    std::string text;
    if (hours)
        text += std::to_string(hours) + "h";
    if (hours || minutes)
        text += std::to_string(minutes) + "m";
    std::string secondsText = format("%.3f", static_cast<double>(millis) / 1000.0);
    while (secondsText.back() == '0')
        secondsText.pop_back();
    if (secondsText.back() == '.')
        secondsText.pop_back();
    return text + secondsText + "s";
}

PodLifecycle::PodLifecycle(FactoryContext &context)
    : m_context(context)
{
}

std::vector<StartRecord> PodLifecycle::history() const
{
    std::lock_guard lock(m_historyMutex);
    return {m_history.begin(), m_history.end()};
}

std::string PodLifecycle::weightSource(const std::string &podUid) const
{
    const auto it = m_runs.find(podUid);
    return it == m_runs.end() ? std::string() : it->second.weightSource;
}

void PodLifecycle::updatePod(const Run &run, const std::function<void(json &)> &change)
{
    try {
        m_context.store.modify(types::pods(), run.namespaceName, run.pod, change, WriteScope::Whole);
    } catch (const std::exception &) {
        // Deleted meanwhile; the next reconcile forgets it.
    }
}

void PodLifecycle::log(const Run &run, const std::string &container, const std::string &line)
{
    m_context.logs.append(run.namespaceName, run.pod, container, line);
}

void PodLifecycle::event(const Run &run, const std::string &type, const std::string &reason, const std::string &message,
                         const std::string &container)
{
    const ObjectPtr pod = m_context.store.get(types::pods(), run.namespaceName, run.pod);
    if (!pod)
        return;
    // kubelet names a container by the list it is in: spec.initContainers{…} or spec.containers{…}.
    std::string fieldPath;
    if (!container.empty()) {
        bool init = false;
        if (const auto spec = pod->object.find("spec"); spec != pod->object.end() && spec->is_object()) {
            if (const auto inits = spec->find("initContainers"); inits != spec->end() && inits->is_array()) {
                for (const json &candidate : *inits)
                    init = init || (candidate.is_object() && candidate.value("name", std::string()) == container);
            }
        }
        fieldPath = (init ? "spec.initContainers{" : "spec.containers{") + container + "}";
    }
    m_context.events.record(pod->object, type, reason, message, "kubelet", run.node, EventRecorder::Style::Legacy,
                            fieldPath);
}

void PodLifecycle::reconcile(double seconds)
{
    // Transfers move first, so one started during this step only moves from the
    // next: a transfer started at t and needing d seconds ends at exactly t + d.
    const std::vector<std::string> finished = m_context.transfers.advance(seconds);
    std::set<std::string> present;
    std::vector<json> newlyBound;
    for (const ObjectPtr &pod : m_context.store.list(types::pods(), {}).items) {
        const json &object = pod->object;
        const std::string uid = stringAt(object, {"metadata", "uid"});
        present.insert(uid);
        if (m_runs.count(uid) || stringAt(object, {"spec", "nodeName"}).empty() || isTerminating(object)
            || stringAt(object, {"status", "phase"}) != "Pending"
            || field(object, {"metadata", "labels", "serving.kserve.io/inferenceservice"}).is_null())
            continue;
        newlyBound.push_back(object);
    }
    for (auto it = m_runs.begin(); it != m_runs.end();) {
        if (present.count(it->first)) {
            ++it;
            continue;
        }
        for (const char *phase : {weightsPhase, downloadPhase, imagePhase})
            m_context.transfers.cancel(it->first + phase);
        it = m_runs.erase(it);
    }
    for (auto &[uid, run] : m_runs)
        advance(uid, run, finished);
    for (const json &pod : newlyBound)
        begin(pod);
}

void PodLifecycle::begin(const json &pod)
{
    const std::string uid = stringAt(pod, {"metadata", "uid"});
    Run run;
    run.namespaceName = stringAt(pod, {"metadata", "namespace"});
    run.pod = stringAt(pod, {"metadata", "name"});
    run.node = stringAt(pod, {"spec", "nodeName"});
    const std::size_t ordinal = m_runs.size() + 1;
    run.podIp = "10.129." + std::to_string(ordinal / 250 % 250) + "." + std::to_string(ordinal % 250 + 1);
    run.stageStart = m_context.now();

    const std::string service = stringAt(pod, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
    const ObjectPtr isvc = m_context.store.get(types::inferenceServices(), run.namespaceName, service);
    const ModelProfile model = modelProfileFor(m_context.scenario, isvc ? isvc->object : json::object());
    NodeRuntime &node = m_context.nodes[run.node];
    const std::string &uri = model.storageUri;
    const bool warm = node.warmModels.count(model.storageUri) != 0;
    const std::string now = formatRfc3339(m_context.clock.now());

    std::string downloadLink;
    if (warm) {
        run.weightSource = "node cache";
        run.weightLink = "nodeCache";
    } else if (uri.rfind("pvc://", 0) == 0) {
        run.weightSource = "shared volume";
        run.weightLink = "sharedVolume";
    } else if (uri.rfind("oci://", 0) == 0) {
        run.weightSource = "OCI image";
        run.weightLink = "nodeCache";
        if (!node.images.count(modelImageOf(uri)))
            downloadLink = "registry";
    } else {
        run.weightSource = uri.rfind("s3://", 0) == 0 ? "object store" : "hub";
        run.weightLink = "nodeCache";
        downloadLink = uri.rfind("s3://", 0) == 0 ? "objectStore" : "hub";
    }
    const bool hasInit = !arrayAt(pod, {"spec", "initContainers"}).empty();
    const std::string initName = hasInit ? stringAt(arrayAt(pod, {"spec", "initContainers"})[0], {"name"}) : std::string();
    run.downloads = !downloadLink.empty();
    run.model = model;
    run.record.namespaceName = run.namespaceName;
    run.record.pod = run.pod;
    run.record.podUid = uid;
    run.record.node = run.node;
    run.record.weightSource = run.weightSource;
    if (const auto created = parseRfc3339(stringAt(pod, {"metadata", "creationTimestamp"})))
        run.record.created = std::chrono::duration<double>(*created - m_context.clock.start()).count();
    run.record.scheduled = m_context.now();
    if (hasInit)
        run.record.downloadStart = m_context.now();
    m_runs[uid] = run;
    Run &stored = m_runs[uid];

    updatePod(stored, [&](json &p) {
        json &status = p["status"];
        status["startTime"] = now;
        status["hostIP"] = "10.128.0.1";
        status["podIP"] = stored.podIp;
        status["podIPs"] = {{{"ip", stored.podIp}}};
        json conditions = arrayAt(p, {"status", "conditions"});
        conditions = withCondition(conditions, "PodReadyToStartContainers", true, now);
        conditions = withCondition(conditions, "Initialized", !hasInit, now, hasInit ? "ContainersNotInitialized" : "");
        conditions = withCondition(conditions, "ContainersReady", false, now, "ContainersNotReady");
        conditions = withCondition(conditions, "Ready", false, now, "ContainersNotReady");
        status["conditions"] = conditions;
        if (hasInit)
            status["initContainerStatuses"] = {{{"name", initName}, {"ready", false}, {"restartCount", 0},
                                                {"image", stringAt(arrayAt(p, {"spec", "initContainers"})[0], {"image"})},
                                                {"state", {{"running", {{"startedAt", now}}}}}}};
        json containers = json::array();
        for (const auto &container : arrayAt(p, {"spec", "containers"}))
            containers.push_back({{"name", stringAt(container, {"name"})}, {"ready", false}, {"restartCount", 0},
                                  {"started", false}, {"image", stringAt(container, {"image"})},
                                  {"state", {{"waiting", {{"reason", hasInit ? "PodInitializing" : "ContainerCreating"}}}}}});
        status["containerStatuses"] = containers;
    });

    if (!hasInit) {
        startRuntimePull(uid, stored);
        return;
    }
    const SystemTime time = m_context.clock.now();
    if (initName == "storage-initializer") {
        event(stored, "Normal", "Pulled", "Container image \"kserve/storage-initializer:v0.15.0\" already present on machine",
              initName);
        event(stored, "Normal", "Created", "Created container: " + initName, initName);
        event(stored, "Normal", "Started", "Started container " + initName, initName);
        log(stored, initName, kservePrefix(time, "initializer-entrypoint:<module>():16") + "Initializing, args: src_uri ["
                                  + uri + "] dest_path[ [/mnt/models]");
        log(stored, initName, kservePrefix(time, "storage.py:download():64") + "Copying contents of " + uri + " to local");
    } else if (!downloadLink.empty()) {
        event(stored, "Normal", "Pulling", "Pulling image \"" + modelImageOf(uri) + "\"", initName);
    }
    if (!downloadLink.empty()) {
        m_context.transfers.start(uid + downloadPhase, downloadLink, model.sizeBytes);
    } else {
        // A warm cache (or an image already on the node): the init step is instant.
        m_context.transfers.start(uid + downloadPhase, "nodeCache", 0);
    }
    stored.stage = Stage::Downloading;
}

void PodLifecycle::startRuntimePull(const std::string &uid, Run &run)
{
    const ObjectPtr pod = m_context.store.get(types::pods(), run.namespaceName, run.pod);
    if (!pod)
        return;
    const std::string image = stringAt(arrayAt(pod->object, {"spec", "containers"})[0], {"image"});
    NodeRuntime &node = m_context.nodes[run.node];
    run.stage = Stage::PullingRuntime;
    run.stageStart = m_context.now();
    run.record.pullStart = m_context.now();
    if (node.images.count(image)) {
        run.record.pullEnd = m_context.now();
        event(run, "Normal", "Pulled", "Container image \"" + image + "\" already present on machine", "kserve-container");
        startContainers(uid, run);
        return;
    }
    event(run, "Normal", "Pulling", "Pulling image \"" + image + "\"", "kserve-container");
    m_context.transfers.start(uid + imagePhase, "registry", run.model.runtimeImageBytes);
}

void PodLifecycle::startContainers(const std::string &uid, Run &run)
{
    const ObjectPtr pod = m_context.store.get(types::pods(), run.namespaceName, run.pod);
    if (!pod)
        return;
    const std::string now = formatRfc3339(m_context.clock.now());
    for (const auto &container : arrayAt(pod->object, {"spec", "containers"})) {
        const std::string name = stringAt(container, {"name"});
        event(run, "Normal", "Created", "Created container: " + name, name);
        event(run, "Normal", "Started", "Started container " + name, name);
    }
    updatePod(run, [&](json &p) {
        p["status"]["phase"] = "Running";
        for (auto &status : p["status"]["containerStatuses"]) {
            status["state"] = {{"running", {{"startedAt", now}}}};
            status["started"] = true;
            status["ready"] = stringAt(status, {"name"}) != "kserve-container";
        }
    });
    const std::string service = stringAt(pod->object, {"metadata", "labels", "serving.kserve.io/inferenceservice"});
    const ModelProfile &model = run.model;
    const SystemTime time = m_context.clock.now();
    log(run, "kserve-container", vllmPrefix(time, "api_server.py:1043") + "vLLM API server version 0.8.5");
    log(run, "kserve-container", vllmPrefix(time, "api_server.py:1044") + "args: Namespace(port=8080, model='/mnt/models', served_model_name=['"
                                     + service + "'], tensor_parallel_size=" + std::to_string(model.gpus) + ")");
    log(run, "kserve-container", vllmPrefix(time, "weight_utils.py:265") + "Using model weights format ['*.safetensors']");
    run.stage = Stage::LoadingWeights;
    run.stageStart = m_context.now();
    run.record.weightStart = m_context.now();
    run.loadStart = m_context.now();
    run.nextProbe = m_context.now() + 10;
    m_context.transfers.start(uid + weightsPhase, run.weightLink, model.sizeBytes);
}

void PodLifecycle::finishWeights(const std::string &, Run &run)
{
    const double took = m_context.now() - run.loadStart;
    const ModelProfile &model = run.model;
    const SystemTime time = m_context.clock.now();
    log(run, "kserve-container", vllmPrefix(time, "default_loader.py:397") + format("Loading weights took %.2f seconds", took));
    log(run, "kserve-container", vllmPrefix(time, "gpu_model_runner.py:1347")
                                     + format("Model loading took %.4f GiB", model.sizeBytes / model.gpus / 1073741824.0)
                                     + format(" and %.6f seconds", took + 0.4));
    // What was read from a shared volume or an image now sits in the node's page cache
    // (or its image store). A hub or object-store download went to the pod's own
    // emptyDir and goes with the pod: the next replica there downloads again.
    const bool nodeKeepsIt = model.storageUri.rfind("pvc://", 0) == 0 || model.storageUri.rfind("oci://", 0) == 0;
    if (nodeKeepsIt)
        m_context.nodes[run.node].warmModels.insert(model.storageUri);
    if (model.modelcar)
        m_context.nodes[run.node].images.insert(modelImageOf(model.storageUri));
    run.stage = Stage::WarmingUp;
    run.stageStart = m_context.now();
    run.record.weightEnd = m_context.now();
}

void PodLifecycle::becomeReady(Run &run)
{
    const SystemTime time = m_context.clock.now();
    const double warmup = m_context.now() - run.stageStart;
    log(run, "kserve-container", vllmPrefix(time, "monitor.py:33") + format("torch.compile takes %.2f s in total", warmup * 0.45));
    log(run, "kserve-container", vllmPrefix(time, "gpu_model_runner.py:1562")
                                     + format("Graph capturing finished in %.0f secs, took 0.95 GiB", warmup * 0.3));
    log(run, "kserve-container", vllmPrefix(time, "core.py:167")
                                     + format("init engine (profile, create kv cache, warmup model) took %.2f seconds", warmup));
    log(run, "kserve-container", vllmPrefix(time, "api_server.py:1090") + "Starting vLLM API server on http://0.0.0.0:8080");
    log(run, "kserve-container", "INFO:     Started server process [1]");
    log(run, "kserve-container", "INFO:     Waiting for application startup.");
    log(run, "kserve-container", "INFO:     Application startup complete.");
    const std::string now = formatRfc3339(time);
    updatePod(run, [&](json &p) {
        for (auto &status : p["status"]["containerStatuses"])
            status["ready"] = true;
        json conditions = arrayAt(p, {"status", "conditions"});
        conditions = withCondition(conditions, "ContainersReady", true, now);
        conditions = withCondition(conditions, "Ready", true, now);
        p["status"]["conditions"] = conditions;
    });
    run.stage = Stage::Ready;
    run.record.ready = m_context.now();
    std::lock_guard lock(m_historyMutex);
    m_history.push_back(run.record);
    while (m_history.size() > maxHistory)
        m_history.pop_front();
}

void PodLifecycle::advance(const std::string &uid, Run &run, const std::vector<std::string> &finished)
{
    auto done = [&](const char *phase) {
        return std::find(finished.begin(), finished.end(), uid + phase) != finished.end();
    };
    switch (run.stage) {
    case Stage::Downloading:
        if (done(downloadPhase)) {
            const double took = m_context.now() - run.stageStart;
            run.record.downloadEnd = m_context.now();
            const std::string now = formatRfc3339(m_context.clock.now());
            const ObjectPtr pod = m_context.store.get(types::pods(), run.namespaceName, run.pod);
            const json init = pod ? arrayAt(pod->object, {"spec", "initContainers"})[0] : json::object();
            const std::string initName = stringAt(init, {"name"});
            if (initName == "storage-initializer") {
                const SystemTime time = m_context.clock.now();
                const std::string source = arrayAt(init, {"args"}).empty() ? "" : arrayAt(init, {"args"})[0].get<std::string>();
                log(run, initName, kservePrefix(time, "storage.py:download():110") + "Successfully copied " + source + " to /mnt/models");
                log(run, initName, kservePrefix(time, "storage.py:download():111") + "Model downloaded in "
                                       + format("%.6f", took) + " seconds.");
            } else if (run.downloads) {
                const std::string image = stringAt(init, {"image"});
                const std::string size = format("%.0f", m_context.transfers.bytesDone(uid + downloadPhase));
                event(run, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in " + goDuration(took) + " ("
                          + goDuration(took) + " including waiting). Image size: " + size + " bytes.", initName);
                m_context.nodes[run.node].images.insert(image);
            }
            if (initName == "modelcar-init") {
                event(run, "Normal", "Created", "Created container: " + initName, initName);
                event(run, "Normal", "Started", "Started container " + initName, initName);
            }
            updatePod(run, [&](json &p) {
                for (auto &status : p["status"]["initContainerStatuses"]) {
                    const std::string startedAt = stringAt(status, {"state", "running", "startedAt"});
                    status["state"] = {{"terminated", {{"exitCode", 0}, {"reason", "Completed"},
                                                       {"startedAt", startedAt.empty() ? now : startedAt},
                                                       {"finishedAt", now}}}};
                    status["ready"] = true;
                }
                p["status"]["conditions"] = withCondition(arrayAt(p, {"status", "conditions"}), "Initialized", true, now);
                for (auto &status : p["status"]["containerStatuses"])
                    status["state"] = {{"waiting", {{"reason", "ContainerCreating"}}}};
            });
            startRuntimePull(uid, run);
        }
        break;
    case Stage::PullingRuntime:
        if (done(imagePhase)) {
            const double took = m_context.now() - run.stageStart;
            run.record.pullEnd = m_context.now();
            const ObjectPtr pod = m_context.store.get(types::pods(), run.namespaceName, run.pod);
            const std::string image = pod ? stringAt(arrayAt(pod->object, {"spec", "containers"})[0], {"image"}) : "";
            event(run, "Normal", "Pulled", "Successfully pulled image \"" + image + "\" in " + goDuration(took) + " ("
                      + goDuration(took) + " including waiting). Image size: " + format("%.0f", run.model.runtimeImageBytes)
                      + " bytes.", "kserve-container");
            m_context.nodes[run.node].images.insert(image);
            startContainers(uid, run);
        }
        break;
    case Stage::LoadingWeights:
    case Stage::WarmingUp:
        if (run.stage == Stage::LoadingWeights && done(weightsPhase))
            finishWeights(uid, run);
        if (run.stage == Stage::WarmingUp) {
            if (m_context.now() - run.stageStart >= run.model.warmupSeconds) {
                becomeReady(run);
                break;
            }
        }
        if (m_context.now() >= run.nextProbe) {
            run.nextProbe = m_context.now() + 10;
            event(run, "Warning", "Unhealthy",
                  "Readiness probe failed: Get \"http://" + run.podIp + ":8080/v1/models\": dial tcp " + run.podIp
                      + ":8080: connect: connection refused",
                  "kserve-container");
        }
        break;
    case Stage::Ready:
        break;
    }
}

} // namespace gantry::sim
