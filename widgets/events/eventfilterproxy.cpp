#include "widgets/events/eventfilterproxy.h"

#include "widgets/events/eventtablemodel.h"

namespace gantry {

EventFilterProxy::EventFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(EventTableModel::SortRole);
    setDynamicSortFilter(true);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &EventFilterProxy::applyPendingFilter);
}

void EventFilterProxy::setWarningsOnly(bool warningsOnly)
{
    if (warningsOnly == m_warningsOnly)
        return;
    m_warningsOnly = warningsOnly;
    refilter();
}

void EventFilterProxy::setCategory(std::optional<fleet::EventCategory> category)
{
    if (category == m_category)
        return;
    m_category = category;
    refilter();
}

void EventFilterProxy::setTimeWindow(eventtimewindow::Window window)
{
    if (window == m_window)
        return;
    m_window = window;
    refilter();
}

void EventFilterProxy::setFilterText(const QString &text)
{
    m_pending = text;
    m_debounce.start();
}

void EventFilterProxy::applyPendingFilter()
{
    m_debounce.stop();
    if (m_pending == m_applied)
        return;
    m_applied = m_pending;
    m_include.clear();
    m_exclude.clear();
    for (const QString &word : m_applied.toLower().split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        if (word.size() > 1 && word.startsWith(QLatin1Char('-')))
            m_exclude << word.mid(1);
        else
            m_include << word;
    }
    refilter();
}

int EventFilterProxy::debounceInterval() const
{
    return m_debounce.interval();
}

void EventFilterProxy::setDebounceInterval(int milliseconds)
{
    m_debounce.setInterval(milliseconds);
}

bool EventFilterProxy::isFiltering() const
{
    return m_warningsOnly || m_category || m_window != eventtimewindow::Window::All || !m_include.isEmpty() || !m_exclude.isEmpty();
}

void EventFilterProxy::clearFilters()
{
    m_warningsOnly = false;
    m_category.reset();
    m_window = eventtimewindow::Window::All;
    m_pending.clear();
    m_debounce.stop();
    m_applied.clear();
    m_include.clear();
    m_exclude.clear();
    refilter();
}

void EventFilterProxy::refilter()
{
    invalidateFilter();
    Q_EMIT filtersApplied();
}

bool EventFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_warningsOnly && !index.data(EventTableModel::WarningRole).toBool())
        return false;
    if (m_category && index.data(EventTableModel::CategoryRole).toInt() != static_cast<int>(*m_category))
        return false;
    if (const auto window = eventtimewindow::seconds(m_window)) {
        const QVariant age = index.data(EventTableModel::AgeRole);
        if (!age.isValid() || age.toDouble() > *window)
            return false;
    }
    if (m_include.isEmpty() && m_exclude.isEmpty())
        return true;
    const QString haystack = index.data(EventTableModel::FilterRole).toString();
    for (const QString &word : m_include) {
        if (!haystack.contains(word))
            return false;
    }
    for (const QString &word : m_exclude) {
        if (haystack.contains(word))
            return false;
    }
    return true;
}

} // namespace gantry
