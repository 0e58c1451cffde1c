#pragma once

#include <QString>

#include <optional>

namespace gantry::fleet {
enum class NodeState;
}

namespace gantry {

struct HeatmapLayout;
struct HeatmapItem;
struct HeatmapHit;

/// "Ready", "Not ready", "Cordoned", "Provisioning", "State unknown".
QString nodeStateText(fleet::NodeState state);

/// The tooltip for what `hit` points at: a GPU's node, index, pod, InferenceService
/// and figures; a node's or a group's summary; a placeholder's reason. Plain text,
/// one fact per line. Empty when the hit is on nothing.
QString heatmapToolTip(const HeatmapLayout &layout, const HeatmapHit &hit);

/// The status after a node's cells in the row mode, e.g. "6 / 8 allocated · 72 % util".
QString heatmapRowStatus(const HeatmapLayout &layout, const HeatmapItem &item);

/// "72 %", or "—" when there is no reading.
QString percentText(std::optional<double> percent);

} // namespace gantry
