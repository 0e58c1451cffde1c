#include "sim/factory/prewarmcontroller.h"

#include "sim/factory/factorycontext.h"
#include "sim/factory/scenariodirector.h"

#include <cstdio>
#include <set>

namespace gantry::sim {

namespace {

using nlohmann::json;

std::string gib(double bytes)
{
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f", bytes / 1073741824.0);
    return buffer;
}


} // namespace

PrewarmController::PrewarmController(FactoryContext &context)
    : m_context(context)
{
}

void PrewarmController::reconcile()
{
    std::set<std::string> present;
    for (const ObjectPtr &job : m_context.store.list(types::jobs(), {}).items) {
        const json &object = job->object;
        if (stringAt(object, {"metadata", "labels", prewarmLabel}) != "true")
            continue;
        const std::string uid = stringAt(object, {"metadata", "uid"});
        present.insert(uid);
        if (m_runs.count(uid) || !field(object, {"status", "completionTime"}).is_null())
            continue;
        Run run;
        run.namespaceName = stringAt(object, {"metadata", "namespace"});
        run.job = stringAt(object, {"metadata", "name"});
        run.node = stringAt(object, {"metadata", "annotations", prewarmNodeAnnotation});
        run.modelUri = stringAt(object, {"metadata", "annotations", prewarmModelAnnotation});
        run.bytes = 16e9;
        for (const Scenario::Model &model : m_context.scenario.models) {
            if (model.storageUri == run.modelUri)
                run.bytes = model.sizeBytes;
        }
        if (run.node.empty() || !m_context.nodes.count(run.node))
            continue; // a Job for a node that does not exist waits, as an unschedulable pod would
        m_runs[uid] = run;
        startPod(uid, m_runs[uid]);
    }

    for (auto it = m_runs.begin(); it != m_runs.end();) {
        Run &run = it->second;
        if (!present.count(it->first)) {
            // Cancelled: the Job is gone, and its pod with it.
            m_context.transfers.cancel("prewarm/" + it->first);
            if (m_context.store.get(types::pods(), run.namespaceName, run.pod))
                m_context.store.remove(types::pods(), run.namespaceName, run.pod);
            it = m_runs.erase(it);
            continue;
        }
        const std::string transfer = "prewarm/" + it->first;
        if (!m_context.transfers.active(transfer)) {
            finish(it->first, run);
            it = m_runs.erase(it);
            continue;
        }
        const int tenths = static_cast<int>(m_context.transfers.progress(transfer) * 10);
        if (tenths > run.reportedTenths) {
            run.reportedTenths = tenths;
            m_context.logs.append(run.namespaceName, run.pod, "prewarm",
                                  "prewarm: read " + gib(m_context.transfers.bytesDone(transfer)) + "/" + gib(run.bytes)
                                      + " GiB of " + run.modelUri + " into the page cache of " + run.node);
        }
        ++it;
    }
}

void PrewarmController::startPod(const std::string &jobUid, Run &run)
{
    const ObjectPtr job = m_context.store.get(types::jobs(), run.namespaceName, run.job);
    if (!job)
        return;
    const std::string now = formatRfc3339(m_context.clock.now());
    run.pod = run.job + "-" + jobUid.substr(0, 5);
    json spec = objectAt(job->object, {"spec", "template", "spec"});
    spec["nodeName"] = run.node;
    m_context.store.create(types::pods(),
                           {{"apiVersion", "v1"},
                            {"kind", "Pod"},
                            {"metadata",
                             {{"name", run.pod},
                              {"namespace", run.namespaceName},
                              {"labels", {{"job-name", run.job}, {"batch.kubernetes.io/job-name", run.job}, {prewarmLabel, "true"}}},
                              {"ownerReferences", {{{"apiVersion", "batch/v1"}, {"kind", "Job"}, {"name", run.job},
                                                    {"uid", jobUid}, {"controller", true}}}}}},
                            {"spec", spec},
                            {"status",
                             {{"phase", "Running"},
                              {"startTime", now},
                              {"conditions", {{{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", now}},
                                              {{"type", "Ready"}, {"status", "True"}, {"lastTransitionTime", now}}}},
                              {"containerStatuses", {{{"name", "prewarm"}, {"ready", true}, {"restartCount", 0},
                                                      {"state", {{"running", {{"startedAt", now}}}}}}}}}}});
    m_context.events.record(job->object, "Normal", "SuccessfulCreate", "Created pod: " + run.pod, "job-controller");
    m_context.store.modify(types::jobs(), run.namespaceName, run.job, [&](json &object) {
        object["status"] = {{"active", 1}, {"startTime", now}, {"ready", 1}};
    }, WriteScope::Status);
    run.start = m_context.now();
    m_context.transfers.start("prewarm/" + jobUid, storageLinkFor(run.modelUri), run.bytes);
    m_context.logs.append(run.namespaceName, run.pod, "prewarm",
                          "prewarm: reading " + gib(run.bytes) + " GiB of " + run.modelUri + " on " + run.node);
}

void PrewarmController::finish(const std::string &, Run &run)
{
    const std::string now = formatRfc3339(m_context.clock.now());
    char took[32];
    std::snprintf(took, sizeof took, "%.1f", m_context.now() - run.start);
    m_context.logs.append(run.namespaceName, run.pod, "prewarm",
                          "prewarm: done, " + gib(run.bytes) + " GiB in " + took + " s; " + run.node + " is warm");
    if (m_context.nodes.count(run.node))
        m_context.nodes[run.node].warmModels.insert(run.modelUri);
    try {
        m_context.store.modify(types::pods(), run.namespaceName, run.pod, [&](json &pod) {
            pod["status"]["phase"] = "Succeeded";
            pod["status"]["conditions"] = {{{"type", "PodScheduled"}, {"status", "True"}, {"lastTransitionTime", now}},
                                           {{"type", "Ready"}, {"status", "False"}, {"reason", "PodCompleted"},
                                            {"lastTransitionTime", now}}};
            pod["status"]["containerStatuses"][0]["ready"] = false;
            pod["status"]["containerStatuses"][0]["state"] = {
                {"terminated", {{"exitCode", 0}, {"reason", "Completed"}, {"finishedAt", now}}}};
        }, WriteScope::Whole);
        const ObjectPtr job = m_context.store.modify(types::jobs(), run.namespaceName, run.job, [&](json &object) {
            object["status"]["active"] = 0;
            object["status"]["ready"] = 0;
            object["status"]["succeeded"] = 1;
            object["status"]["completionTime"] = now;
            object["status"]["conditions"] = {{{"type", "SuccessCriteriaMet"}, {"status", "True"}, {"lastTransitionTime", now}},
                                              {{"type", "Complete"}, {"status", "True"}, {"lastTransitionTime", now}}};
        }, WriteScope::Status);
        m_context.events.record(job->object, "Normal", "Completed", "Job completed", "job-controller");
    } catch (const std::exception &) {
        // Deleted as it finished: nothing left to update.
    }
}

} // namespace gantry::sim
