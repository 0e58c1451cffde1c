#include "widgets/events/eventtext.h"

#include "backend/fleet/notableevents.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QTimeZone>

#include <chrono>

namespace gantry::eventtext {

QString object(const fleet::NotableEvent &event)
{
    if (event.objectName.empty())
        return QStringLiteral("—");
    QString name = QString::fromStdString(event.objectName);
    if (!event.objectNamespace.empty())
        name = QString::fromStdString(event.objectNamespace) + QLatin1Char('/') + name;
    if (event.objectKind.empty())
        return name;
    return QString::fromStdString(event.objectKind) + QLatin1Char(' ') + name;
}

QString firstLine(const QString &message)
{
    const QString trimmed = message.trimmed();
    const qsizetype newline = trimmed.indexOf(QLatin1Char('\n'));
    if (newline < 0)
        return trimmed;
    return trimmed.left(newline).trimmed() + QStringLiteral(" …");
}

QString absoluteTime(SystemTime time)
{
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(time.time_since_epoch()).count();
    const QDateTime utc = QDateTime::fromSecsSinceEpoch(seconds, QTimeZone::utc());
    const QDateTime local = utc.toLocalTime();
    if (local.offsetFromUtc() == 0)
        return utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" UTC");
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) + QStringLiteral(" (") + utc.toString(QStringLiteral("HH:mm:ss"))
           + QStringLiteral(" UTC)");
}

QString typeAndCategory(const fleet::NotableEvent &event)
{
    const QString type = event.type.empty() ? QCoreApplication::translate("EventText", "Untyped") : QString::fromStdString(event.type);
    return type + QStringLiteral(" · ") + QString::fromUtf8(fleet::eventCategoryName(event.category));
}

} // namespace gantry::eventtext
