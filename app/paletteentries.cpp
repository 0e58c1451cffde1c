#include "app/paletteentries.h"

#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"

#include <QCoreApplication>

namespace gantry {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("gantry::PaletteEntries", text);
}

QString fromStd(const std::string &text)
{
    return QString::fromStdString(text);
}

QString number(double value)
{
    return QString::number(value, 'g', 6);
}

} // namespace

PaletteEntries buildPaletteEntries(const fleet::FleetSnapshot *snapshot, const QStringList &pageTitles,
                                   OperatorActions *actions)
{
    using Kind = PaletteEntry::Kind;
    using Verb = OperatorActions::Verb;
    PaletteEntries entries;
    for (int i = 0; i < pageTitles.size(); ++i)
        entries.append({Kind::Page, pageTitles.at(i), tr("Page · Ctrl+%1").arg(i + 1), QStringLiteral("page:%1").arg(i), {}});
    if (actions) {
        entries.append({Kind::Action, tr("Deploy model…"), tr("A new InferenceService served by vLLM"),
                        QStringLiteral("action:deploy"), actions->disabledReason(actions->deployAction())});
    }
    if (!snapshot)
        return entries;

    if (snapshot->deployments) {
        for (const auto &deployment : snapshot->deployments->deployments) {
            if (!deployment)
                continue;
            const QString name = fromStd(deployment->name);
            const QString namespaceName = fromStd(deployment->namespaceName);
            const QString key = namespaceName + QLatin1Char('/') + name;
            const QString detail = tr("%1 · %2 · %3/%4 ready · weights from %5")
                                       .arg(namespaceName, fromStd(deployment->mode))
                                       .arg(deployment->readyReplicas)
                                       .arg(deployment->desiredReplicas)
                                       .arg(QString::fromLatin1(fleet::weightSourceName(deployment->weightSource)));
            entries.append({Kind::Model, name, detail, QStringLiteral("model:") + key, {}});
            if (actions) {
                entries.append({Kind::Action, tr("Scale %1…").arg(name), tr("%1 · replicas and autoscaling").arg(namespaceName),
                                QStringLiteral("action:scale:") + key, actions->unavailableReason(Verb::Scale, namespaceName)});
                entries.append({Kind::Action, tr("Prewarm %1…").arg(name), tr("%1 · load its weights onto nodes").arg(namespaceName),
                                QStringLiteral("action:prewarm:") + key,
                                actions->unavailableReason(Verb::Prewarm, namespaceName)});
            }
        }
    }
    if (snapshot->pools) {
        for (const auto &pool : snapshot->pools->pools) {
            if (!pool)
                continue;
            const QString poolName = fromStd(pool->name);
            entries.append({Kind::Pool, poolName,
                            tr("%1 · %2 nodes ready · %3 / %4 GPUs allocated")
                                .arg(fromStd(pool->gpuProduct))
                                .arg(pool->nodesReady)
                                .arg(number(pool->gpusAllocated), number(pool->gpusTotal)),
                            QStringLiteral("pool:") + poolName, {}});
            for (const auto &node : pool->nodes) {
                if (!node)
                    continue;
                entries.append({Kind::Node, fromStd(node->name),
                                tr("%1 · %2 · %3 / %4 GPUs allocated")
                                    .arg(poolName, QString::fromLatin1(fleet::nodeStateName(node->state)))
                                    .arg(number(node->gpuAllocated), number(node->gpuCapacity)),
                                QStringLiteral("node:") + fromStd(node->name), {}});
            }
        }
    }
    return entries;
}

} // namespace gantry
