#pragma once

#include <QStringList>

class QWidget;

namespace gantry {

/// The words an operator can read on `root` as it is shown now: labels, button
/// texts, group titles and the visible cells and headers of item views (custom
/// painted views contribute nothing). `gantry snapshot` writes them next to each
/// PNG so scripts and tests can check a render without reading pixels.
QStringList visibleTexts(QWidget *root, int maxRowsPerView = 60);

} // namespace gantry
