#include "app/shippedscenarios.h"

#include "sim/scenario/scenario.h"

#include <QDir>
#include <QFile>
#include <QObject>

#include <algorithm>

namespace gantry {

namespace {

const QString scenarioFolder = QStringLiteral(":/gantry/scenarios");
const QString defaultScenario = QStringLiteral("factory.yaml");

ScenarioEntry describe(const QString &file)
{
    ScenarioEntry entry{file, file, {}};
    QFile source(scenarioFolder + QLatin1Char('/') + file);
    if (!source.open(QIODevice::ReadOnly)) {
        entry.description = QObject::tr("Cannot read it: %1").arg(source.errorString());
        return entry;
    }
    const sim::ScenarioLoadResult loaded = sim::parseScenario(source.readAll().toStdString(), file.toStdString());
    if (!loaded.scenario) {
        entry.description = loaded.errors.empty()
            ? QObject::tr("It is not a valid scenario.")
            : QObject::tr("It is not a valid scenario: %1").arg(QString::fromStdString(loaded.errors.front().toString()));
        return entry;
    }
    if (!loaded.scenario->name.empty())
        entry.name = QString::fromStdString(loaded.scenario->name);
    entry.description = QString::fromStdString(loaded.scenario->description);
    return entry;
}

} // namespace

ScenarioEntries shippedScenarios()
{
    QStringList files = QDir(scenarioFolder).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    // The default demo leads; the rest keep their alphabetical order.
    std::stable_partition(files.begin(), files.end(), [](const QString &file) { return file == defaultScenario; });
    ScenarioEntries entries;
    for (const QString &file : std::as_const(files))
        entries.append(describe(file));
    return entries;
}

} // namespace gantry
