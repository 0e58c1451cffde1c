#pragma once

#include "backend/fleet/coldstart.h"
#include "backend/fleet/nodefacts.h"
#include "backend/fleet/vllmlogparser.h"
#include "backend/fleet/warmcacheindex.h"
#include "backend/kube/objectstore.h"

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace gantry::fleet {

/// A serving container log the tracker would like to read.
struct LogRequest
{
    std::string podUid;
    std::string podNamespace;
    std::string podName;
    std::string container;
};

struct ColdStartTrackerOptions
{
    /// Completed starts kept after their pod (and its events) are gone.
    std::size_t maxCompleted = 2000;
    /// Events that arrived before their pod, held until it does.
    std::size_t maxOrphanEvents = 20000;
    /// How long such events wait for their pod. Those of a pod already deleted
    /// (a Killing event comes after the delete) or not serving (a prewarm Job's
    /// pod) would otherwise pile up to maxOrphanEvents.
    std::chrono::seconds orphanWait{120};
    /// Offset of vLLM's local-time log stamps from UTC (containers usually run in UTC).
    std::chrono::minutes logUtcOffset{0};
    /// A start in progress asks for its log again after this long, so its
    /// weight-load marker shows before it is Ready.
    std::chrono::seconds logRefresh{30};
    /// The clock for log refreshes and LocalModelCache first sightings; system time by default.
    std::function<SystemTime()> clock;
};

/// Cold-start timelines of every replica, kept up to date from store change
/// batches and serving container logs. Incremental: only pods a batch touches
/// (or whose node, service or warm caches changed) are derived again. Bounded:
/// completed starts outlive their pod up to `maxCompleted`; starts in progress
/// follow their pod. Evidence is kept once seen, so an expired Event does not
/// erase a phase. Not thread-safe: feed and read it from one thread.
class ColdStartTracker
{
public:
    explicit ColdStartTracker(ColdStartTrackerOptions options = {});

    /// Takes Pod, Event, Node, Job (prewarm), LocalModelCache and InferenceService
    /// (storage URIs) batches; other kinds are ignored.
    void apply(const kube::ChangeBatch &batch);
    /// The serving container's log for `podUid`, as fetched for a LogRequest; an
    /// empty text says it could not be read (a complete start is then settled without it).
    void applyLog(const std::string &podUid, std::string_view logText);
    /// Pods whose serving container has started and whose log was not read since
    /// their last change (or, in progress, for logRefresh).
    std::vector<LogRequest> wantedLogs() const;

    /// Something changed since the last snapshot.
    bool dirty() const { return m_dirty; }
    /// All starts (kept completed ones and those in progress), statistics over
    /// `statsWindow` before `now`, and the warm caches known.
    std::shared_ptr<const ColdStartsSnapshot> snapshot(SystemTime now,
                                                       std::chrono::seconds statsWindow = std::chrono::hours(6));

    /// Pods followed right now, and completed starts kept: for tests and diagnostics.
    std::size_t livePods() const { return m_pods.size(); }
    std::size_t keptCompleted() const { return m_completed.size(); }
    /// Events held for a pod not seen yet.
    std::size_t waitingEvents() const { return m_orphanCount; }

private:
    struct PodState
    {
        kube::CompactPtr object;
        std::map<std::string, kube::CompactEvent> events; ///< by event uid; kept when the Event expires
        std::optional<VllmStartup> log;
        bool logWanted = false;
        std::optional<SystemTime> logReadAt;
        std::shared_ptr<const ColdStart> derived;
        bool settled = false; ///< complete and its log read: moved to m_completed, never derived again
    };
    const kube::CompactPod &pod(const PodState &state) const;
    void applyPods(const kube::ChangeBatch &batch);
    void applyEvents(const kube::ChangeBatch &batch);
    void applyNodes(const kube::ChangeBatch &batch);
    void applyServices(const kube::ChangeBatch &batch);
    void addEvent(const kube::CompactEvent &event);
    void dropOrphans(SystemTime now);
    void touchNodes(const WarmCacheIndex::Nodes &nodes);
    void touch(const std::string &uid);
    void rederive();
    void derive(const std::string &uid, PodState &state);
    void settle(PodState &state);
    void keepCompleted(std::shared_ptr<const ColdStart> start);
    std::string storageUriOf(const kube::CompactPod &pod) const;
    SystemTime now() const;

    ColdStartTrackerOptions m_options;
    std::map<std::string, PodState> m_pods;                     ///< by pod uid
    std::map<std::string, std::string> m_podUidByName;          ///< "namespace/name" → uid
    std::map<std::string, std::set<std::string>> m_podsByNode; ///< node → pod uids
    struct Orphans
    {
        SystemTime since; ///< when the first of them came
        std::vector<kube::CompactEvent> events;
    };
    std::map<std::string, Orphans> m_orphanEvents; ///< by pod uid (else "namespace/name")
    /// Keys by first arrival, to drop the oldest; an entry whose time is not its
    /// key's `since` any more is left over from an earlier wait and skipped.
    std::deque<std::pair<SystemTime, std::string>> m_orphanOrder;
    std::size_t m_orphanCount = 0;
    std::map<std::string, NodeFacts> m_nodes;
    std::map<std::string, std::string> m_storageUris; ///< "namespace/name" of an InferenceService → storageUri
    WarmCacheIndex m_warmCaches;
    std::deque<std::shared_ptr<const ColdStart>> m_completed;
    std::set<std::string> m_touched;
    bool m_dirty = false;
};

} // namespace gantry::fleet
