#pragma once

#include "backend/fleet/notableevents.h"
#include "widgets/events/eventtimewindow.h"

#include <QSortFilterProxyModel>
#include <QTimer>

#include <optional>

namespace gantry {

/// Sorts the events table by raw values and filters it: warnings only, one
/// category, a time window, and words (every word must occur in the type,
/// reason, category, object, source or message; "-word" excludes). Typing
/// restarts a short timer, so thousands of events are filtered once per
/// pause, not once per keystroke. Rows leave the time window as the model's
/// clock moves (the model announces them).
class EventFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit EventFilterProxy(QObject *parent = nullptr);

    void setWarningsOnly(bool warningsOnly);
    bool warningsOnly() const { return m_warningsOnly; }

    /// Only events of `category`; nullopt for all.
    void setCategory(std::optional<fleet::EventCategory> category);
    std::optional<fleet::EventCategory> category() const { return m_category; }

    void setTimeWindow(eventtimewindow::Window window);
    eventtimewindow::Window timeWindow() const { return m_window; }

    /// The text being typed; applied after debounceInterval() of quiet.
    void setFilterText(const QString &text);
    /// The text the rows are filtered by now.
    QString appliedFilterText() const { return m_applied; }
    /// Applies a pending text at once (e.g. on Enter).
    void applyPendingFilter();

    int debounceInterval() const;
    void setDebounceInterval(int milliseconds);

    /// Whether any filter hides rows (or would, given some).
    bool isFiltering() const;
    /// Drops every filter at once.
    void clearFilters();

Q_SIGNALS:
    /// After the rows were filtered anew, by any of the filters.
    void filtersApplied();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    bool m_warningsOnly = false;
    std::optional<fleet::EventCategory> m_category;
    eventtimewindow::Window m_window = eventtimewindow::Window::All;
    QTimer m_debounce;
    QString m_pending;
    QString m_applied;
    QStringList m_include;
    QStringList m_exclude;
};

} // namespace gantry
