#pragma once

#include <QString>

class QIODevice;

namespace gantry::fleet {
struct ColdStartsSnapshot;
}

namespace gantry {

/// Writes one CSV line per phase span (RFC 4180 quoting, UTF-8): service, pod,
/// node, weight source, phase, start, end, seconds, inferred, evidence. Times are
/// RFC 3339 in UTC; an open span (and Ready, a moment) has no end and no seconds.
/// Returns false when the device refuses the data.
bool writeColdStartsCsv(const fleet::ColdStartsSnapshot &snapshot, QIODevice &device);

/// `field` as a CSV field: quoted when it holds a comma, quote or line break.
QString csvField(const QString &field);

} // namespace gantry
