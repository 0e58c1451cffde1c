#pragma once

// Where a snapshot apply's time goes, page by page: the snapshots a live run
// delivered are fed again, in order, to a fresh hidden page of each kind, and
// each page's setSnapshot is timed on its own.

#include <memory>
#include <string>
#include <vector>

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry::bench {

struct PageCost
{
    std::string page;
    double medianMs = 0, p99Ms = 0, maxMs = 0;
};

/// The first snapshot only fills the pages; the rest are timed.
std::vector<PageCost> replayPages(const std::vector<std::shared_ptr<const fleet::FleetSnapshot>> &snapshots);

/// How many of `snapshots` (after the first) carry a new part, by part.
struct PartChanges
{
    int pools = 0, deployments = 0, coldStarts = 0, events = 0;
};
PartChanges countChanges(const std::vector<std::shared_ptr<const fleet::FleetSnapshot>> &snapshots);

/// The value at rank `p` (0–1) of `values`, -1 for none.
double percentile(std::vector<double> values, double p);

} // namespace gantry::bench
