#pragma once

#include <QList>
#include <QString>

namespace gantry {

/// One scenario the demo can play, as the picker lists it. Plain data, so the
/// widgets never read scenario files themselves.
struct ScenarioEntry
{
    QString file;        ///< what to ask for, e.g. "factory.yaml"
    QString name;        ///< the scenario's own name
    QString description; ///< one or two sentences; may be empty
};

using ScenarioEntries = QList<ScenarioEntry>;

} // namespace gantry
