#include "widgets/events/eventrow.h"

#include <QStringList>

namespace gantry {

bool EventRow::sameAs(const EventRow &other) const
{
    if (event == other.event)
        return true;
    const fleet::NotableEvent &a = *event;
    const fleet::NotableEvent &b = *other.event;
    return a.type == b.type && a.reason == b.reason && a.message == b.message && a.category == b.category && a.objectKind == b.objectKind
           && a.objectNamespace == b.objectNamespace && a.objectName == b.objectName && a.source == b.source && a.count == b.count
           && a.time == b.time;
}

QString eventHaystack(const fleet::NotableEvent &event)
{
    const auto qs = [](const std::string &text) { return QString::fromStdString(text); };
    return QStringList{qs(event.type), qs(event.reason), QString::fromUtf8(fleet::eventCategoryName(event.category)), qs(event.objectKind),
                       qs(event.objectNamespace), qs(event.objectName), qs(event.source), qs(event.message)}
        .join(QLatin1Char('\n'))
        .toLower();
}

} // namespace gantry
