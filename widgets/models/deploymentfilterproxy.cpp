#include "widgets/models/deploymentfilterproxy.h"

#include "widgets/models/deploymenttablemodel.h"

namespace gantry {

DeploymentFilterProxy::DeploymentFilterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(DeploymentTableModel::SortRole);
    setDynamicSortFilter(true);
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(300);
    connect(&m_debounce, &QTimer::timeout, this, &DeploymentFilterProxy::applyPendingFilter);
}

void DeploymentFilterProxy::setFilterText(const QString &text)
{
    m_pending = text;
    m_debounce.start();
}

void DeploymentFilterProxy::applyPendingFilter()
{
    m_debounce.stop();
    if (m_pending == m_applied)
        return;
    m_applied = m_pending;
    m_words = m_applied.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
    Q_EMIT filterApplied(m_applied);
}

int DeploymentFilterProxy::debounceInterval() const
{
    return m_debounce.interval();
}

void DeploymentFilterProxy::setDebounceInterval(int milliseconds)
{
    m_debounce.setInterval(milliseconds);
}

bool DeploymentFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_words.isEmpty())
        return true;
    const QString haystack = sourceModel()->index(sourceRow, 0, sourceParent).data(DeploymentTableModel::FilterRole).toString();
    for (const QString &word : m_words) {
        if (!haystack.contains(word, Qt::CaseInsensitive))
            return false;
    }
    return true;
}

} // namespace gantry
