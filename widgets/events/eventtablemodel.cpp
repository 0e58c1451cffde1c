#include "widgets/events/eventtablemodel.h"

#include "backend/fleet/fleet.h"
#include "widgets/events/eventtext.h"
#include "widgets/events/eventtimewindow.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"

#include <QLocale>

#include <string_view>
#include <unordered_set>

namespace gantry {

using servingcolours::Severity;

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

std::optional<double> ageOf(const fleet::NotableEvent &event, SystemTime now)
{
    if (!event.time)
        return std::nullopt;
    return std::chrono::duration<double>(now - *event.time).count();
}

bool isWarning(const fleet::NotableEvent &event)
{
    return event.type == "Warning";
}

/// A tooltip Qt wraps to a readable width (plain-text tooltips do not wrap at all).
QString wrappedToolTip(const QString &text)
{
    QString html = text.toHtmlEscaped();
    html.replace(QLatin1Char('\n'), QStringLiteral("<br>"));
    return QStringLiteral("<p>") + html + QStringLiteral("</p>");
}

} // namespace

EventTableModel::EventTableModel(QObject *parent)
    : KeyedRowsModel<EventRow>(parent)
{
}

void EventTableModel::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (!snapshot) {
        setEvents(nullptr, m_now);
        return;
    }
    setEvents(snapshot->events, snapshot->at);
}

void EventTableModel::setEvents(const std::shared_ptr<const fleet::EventsSnapshot> &events, SystemTime now)
{
    refreshClock(now);
    if (events == m_events)
        return;
    m_events = events;

    std::vector<EventRow> next;
    if (events) {
        next.reserve(events->events.size());
        std::unordered_set<std::string_view> seen;
        seen.reserve(events->events.size());
        // Oldest first, so events new to the table arrive in time order.
        for (auto it = events->events.rbegin(); it != events->events.rend(); ++it) {
            const std::shared_ptr<const fleet::NotableEvent> &event = *it;
            if (!event || event->uid.empty() || !seen.insert(event->uid).second)
                continue; // a malformed snapshot; the uid keys the row
            EventRow row;
            row.event = event;
            const int existing = rowOfKey(event->uid);
            if (existing >= 0) {
                const EventRow &old = m_rows[static_cast<std::size_t>(existing)];
                row.arrival = old.arrival;
                row.haystack = old.event == event ? old.haystack : eventHaystack(*event);
            } else {
                row.arrival = m_nextArrival++;
                row.haystack = eventHaystack(*event);
            }
            next.push_back(std::move(row));
        }
    }
    applyRows(std::move(next));

    m_warnings = 0;
    for (const EventRow &row : m_rows)
        m_warnings += isWarning(*row.event) ? 1 : 0;
}

void EventTableModel::refreshClock(SystemTime now)
{
    if (now == m_now)
        return;
    std::vector<int> changed;
    for (int i = 0; i < static_cast<int>(m_rows.size()); ++i) {
        const fleet::NotableEvent &event = *m_rows[static_cast<std::size_t>(i)].event;
        if (!event.time)
            continue;
        const bool leftWindow = eventtimewindow::boundariesPassed(*ageOf(event, m_now)) != eventtimewindow::boundariesPassed(*ageOf(event, now));
        if (leftWindow || timeText(event, m_now) != timeText(event, now))
            changed.push_back(i);
    }
    m_now = now;
    emitColumnChanged(changed, Time);
}

std::shared_ptr<const fleet::NotableEvent> EventTableModel::event(int row) const
{
    if (row < 0 || row >= static_cast<int>(m_rows.size()))
        return nullptr;
    return m_rows[static_cast<std::size_t>(row)].event;
}

int EventTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return QVariant::fromValue(Qt::Alignment(section == Count ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Time: return tr("When the event last happened (hover a cell for the exact time)");
        case Type: return tr("Warning, or Normal for scaling moments worth seeing");
        case Object: return tr("The object the event is about; double-click or press Enter to go to it");
        case Count: return tr("How many times it happened: the cluster folds repeats into one event");
        default: return {};
        }
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Time: return tr("When");
    case Type: return tr("Type");
    case Reason: return tr("Reason");
    case Object: return tr("Object");
    case Count: return tr("Count");
    case Message: return tr("Message");
    default: return {};
    }
}

QVariant EventTableModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const EventRow &row = m_rows[static_cast<std::size_t>(index.row())];
    const fleet::NotableEvent &event = *row.event;
    switch (role) {
    case Qt::DisplayRole: return display(event, index.column());
    case Qt::ToolTipRole: return toolTip(event, index.column());
    case Qt::DecorationRole: return index.column() == Type ? QVariant(m_icons.forEvent(event)) : QVariant();
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::Alignment(index.column() == Count ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    case SortRole: return sortValue(event, index.column());
    case KeyRole: return qs(event.uid);
    case FilterRole: return row.haystack;
    case SeverityRole: return severity(event, index.column());
    case WarningRole: return isWarning(event);
    case CategoryRole: return static_cast<int>(event.category);
    case AgeRole: {
        const auto age = ageOf(event, m_now);
        return age ? QVariant(*age) : QVariant();
    }
    case ObjectKindRole: return qs(event.objectKind);
    case ObjectNamespaceRole: return qs(event.objectNamespace);
    case ObjectNameRole: return qs(event.objectName);
    default: return {};
    }
}

QString EventTableModel::timeText(const fleet::NotableEvent &event, SystemTime now) const
{
    const auto age = ageOf(event, now);
    return age ? servingformat::ago(*age) : servingformat::missing();
}

QVariant EventTableModel::display(const fleet::NotableEvent &event, int column) const
{
    switch (column) {
    case Time: return timeText(event, m_now);
    case Type: return event.type.empty() ? servingformat::missing() : qs(event.type);
    case Reason: return event.reason.empty() ? servingformat::missing() : qs(event.reason);
    case Object: return eventtext::object(event);
    case Count: return QLocale().toString(static_cast<qlonglong>(event.count));
    case Message: return eventtext::firstLine(qs(event.message));
    default: return {};
    }
}

QVariant EventTableModel::sortValue(const fleet::NotableEvent &event, int column) const
{
    switch (column) {
    case Time:
        // Events without a time sink below the oldest.
        return event.time ? std::chrono::duration<double>(event.time->time_since_epoch()).count() : -1e18;
    case Type: return isWarning(event) ? 1 : 0;
    case Reason: return qs(event.reason).toLower();
    case Object: return eventtext::object(event).toLower();
    case Count: return static_cast<qlonglong>(event.count);
    case Message: return qs(event.message).toLower();
    default: return {};
    }
}

QVariant EventTableModel::toolTip(const fleet::NotableEvent &event, int column) const
{
    switch (column) {
    case Time:
        if (!event.time)
            return tr("The event carries no timestamp");
        return eventtext::absoluteTime(*event.time);
    case Type:
    case Reason: {
        QString text = eventtext::typeAndCategory(event);
        if (!event.source.empty())
            text += QLatin1Char('\n') + tr("Reported by %1").arg(qs(event.source));
        return text;
    }
    case Object:
        if (event.objectName.empty())
            return tr("The event names no object");
        return QString(eventtext::object(event) + QLatin1Char('\n') + tr("Double-click or press Enter to go to it"));
    case Count: return tr("Happened %1").arg(servingformat::counted(event.count, tr("time"), tr("times")));
    case Message: return event.message.empty() ? QVariant() : QVariant(wrappedToolTip(qs(event.message)));
    default: return {};
    }
}

int EventTableModel::severity(const fleet::NotableEvent &event, int column) const
{
    const bool crash = event.category == fleet::EventCategory::Crash;
    switch (column) {
    case Time: return static_cast<int>(Severity::Muted);
    case Type:
    case Reason:
        if (!isWarning(event))
            return static_cast<int>(column == Type ? Severity::Muted : Severity::Normal);
        return static_cast<int>(crash ? Severity::Critical : Severity::Warning);
    case Count: return static_cast<int>(event.count > 1 ? Severity::Normal : Severity::Muted);
    default: return static_cast<int>(Severity::Normal);
    }
}

} // namespace gantry
