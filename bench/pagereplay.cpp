#include "pagereplay.h"

#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/coldstartspage.h"
#include "widgets/events/eventspage.h"
#include "widgets/models/modelspage.h"
#include "widgets/pools/gpupoolspage.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace gantry::bench {

namespace {

template <typename Page>
PageCost replay(const char *name, const std::vector<std::shared_ptr<const fleet::FleetSnapshot>> &snapshots)
{
    Page page;
    page.resize(1400, 900);
    std::vector<double> times;
    for (std::size_t i = 0; i < snapshots.size(); ++i) {
        QElapsedTimer timer;
        timer.start();
        page.setSnapshot(snapshots[i]);
        if (i > 0)
            times.push_back(static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    return {name, percentile(times, 0.5), percentile(times, 0.99), percentile(times, 1.0)};
}

} // namespace

double percentile(std::vector<double> values, double p)
{
    if (values.empty())
        return -1;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(values.size())));
    return values[std::min(rank > 0 ? rank - 1 : 0, values.size() - 1)];
}

std::vector<PageCost> replayPages(const std::vector<std::shared_ptr<const fleet::FleetSnapshot>> &snapshots)
{
    return {replay<GpuPoolsPage>("GPU pools", snapshots), replay<ModelsPage>("Models", snapshots),
            replay<ColdStartsPage>("Cold starts", snapshots), replay<EventsPage>("Events", snapshots)};
}

PartChanges countChanges(const std::vector<std::shared_ptr<const fleet::FleetSnapshot>> &snapshots)
{
    PartChanges changes;
    for (std::size_t i = 1; i < snapshots.size(); ++i) {
        if (!snapshots[i - 1] || !snapshots[i])
            continue;
        const fleet::FleetSnapshot &before = *snapshots[i - 1];
        const fleet::FleetSnapshot &now = *snapshots[i];
        changes.pools += now.pools != before.pools;
        changes.deployments += now.deployments != before.deployments;
        changes.coldStarts += now.coldStarts != before.coldStarts;
        changes.events += now.events != before.events;
    }
    return changes;
}

} // namespace gantry::bench
