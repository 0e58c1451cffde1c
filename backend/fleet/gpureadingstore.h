#pragma once

#include "backend/metrics/readings.h"

#include <map>
#include <string>
#include <vector>

namespace gantry::fleet {

/// The latest GPU readings by node name and GPU index. Readings of nodes the
/// cluster has not shown yet are kept, so they join the node when it appears.
class GpuReadingStore
{
public:
    using NodeReadings = std::map<int, metrics::GpuReading>;

    /// Replaces every reading; returns the nodes whose readings changed. Readings
    /// without a node or with an index outside 0…maxIndex are dropped.
    std::vector<std::string> replace(const std::vector<metrics::GpuReading> &readings, int maxIndex);
    /// The readings of `node`, or null.
    const NodeReadings *find(const std::string &node) const;

private:
    std::map<std::string, NodeReadings> m_readings;
};

} // namespace gantry::fleet
