#pragma once

#include "widgets/events/eventicons.h"
#include "widgets/events/eventrow.h"
#include "widgets/models/keyedrowsmodel.h"

#include <memory>

namespace gantry::fleet {
struct FleetSnapshot;
struct EventsSnapshot;
} // namespace gantry::fleet

namespace gantry {

/// The notable events of a fleet snapshot, one row each, keyed by event uid.
/// Each snapshot is applied as a diff (see KeyedRowsModel and EventRow): new
/// events are one insert, repeated events a dataChanged in place, evicted ones
/// one remove; a snapshot whose events did not change only refreshes the
/// relative times that now read differently. Sort with EventFilterProxy.
class EventTableModel : public KeyedRowsModel<EventRow>
{
    Q_OBJECT

public:
    enum Columns { Time, Type, Reason, Object, Count, Message, ColumnCount };
    enum Roles {
        SortRole = Qt::UserRole, ///< raw numbers (or lower-case text) for sorting
        KeyRole,                 ///< the event's uid
        FilterRole,              ///< lower-case words for the text filter
        SeverityRole,            ///< servingcolours::Severity as int, for the cell's text colour
        WarningRole,             ///< bool: type Warning
        CategoryRole,            ///< fleet::EventCategory as int
        AgeRole,                 ///< seconds before the snapshot's time; invalid without a timestamp
        ObjectKindRole,
        ObjectNamespaceRole,
        ObjectNameRole,
    };

    explicit EventTableModel(QObject *parent = nullptr);

    void setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    /// The events and the "now" their ages are counted from.
    void setEvents(const std::shared_ptr<const fleet::EventsSnapshot> &events, SystemTime now);
    SystemTime now() const { return m_now; }

    /// The event of `row`, or nullptr.
    std::shared_ptr<const fleet::NotableEvent> event(int row) const;
    /// Rows whose event is a Warning.
    int warningCount() const { return m_warnings; }
    const EventIcons &icons() const { return m_icons; }

    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const fleet::NotableEvent &event, int column) const;
    QVariant sortValue(const fleet::NotableEvent &event, int column) const;
    QVariant toolTip(const fleet::NotableEvent &event, int column) const;
    int severity(const fleet::NotableEvent &event, int column) const;
    QString timeText(const fleet::NotableEvent &event, SystemTime now) const;
    /// Announces the rows whose time reads differently at `now`, or that left a time window.
    void refreshClock(SystemTime now);

    std::shared_ptr<const fleet::EventsSnapshot> m_events;
    SystemTime m_now;
    std::uint64_t m_nextArrival = 0;
    int m_warnings = 0;
    EventIcons m_icons;
};

} // namespace gantry
