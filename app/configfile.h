#pragma once

#include "app/commandline.h"

#include <QString>

namespace gantry {

/// Reads a `--config FILE` (YAML) into `options`, so a wall screen is set up
/// once. Keys mirror the long command-line options:
///
///     kubeconfig: /etc/gantry/wall.kubeconfig
///     context: prod-viewer
///     namespace: team-a            # omit for every namespace
///     prometheus: http://prometheus.monitoring:9090
///     metricsUrl: http://…/metrics
///     metricsHistory: 2h           # how far back scraped metrics reach
///     readOnly: true
///     theme: dark                  # or light
///     demo: factory.yaml           # or true for the default scenario
///     speed: 20
///     kiosk:                       # present (or `kiosk: true`) = kiosk mode
///       pages: [gpu, models, coldstarts, events]
///       rotate: 20s
///       screen: 1
///
/// Returns "" or every problem, one per line, as `FILE:LINE:COLUMN: key: what`.
/// Nothing is changed when there is a problem.
QString loadConfigFile(const QString &path, CommandLineOptions &options);

/// "20s", "1m", "1m30s", "90" (seconds) → seconds; -1 when it is none of these.
int parseRotateSeconds(const QString &text);
/// A duration as parseRotateSeconds reads it, from 30 s to 24 h; -1 otherwise.
int parseMetricsHistorySeconds(const QString &text);

} // namespace gantry
