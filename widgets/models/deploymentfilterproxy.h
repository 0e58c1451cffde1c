#pragma once

#include <QSortFilterProxyModel>
#include <QTimer>

namespace gantry {

/// Sorts the deployments table by raw numbers and filters it by words found in
/// a deployment's name, namespace, weight source or mode (every word must
/// match, case-insensitive). Typing restarts a short timer, so a 1,000-row
/// table is filtered once per pause, not once per keystroke.
class DeploymentFilterProxy : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit DeploymentFilterProxy(QObject *parent = nullptr);

    /// The text being typed; applied after debounceInterval() of quiet.
    void setFilterText(const QString &text);
    /// The text the rows are filtered by now.
    QString appliedFilterText() const { return m_applied; }
    /// Applies a pending text at once (e.g. on Enter).
    void applyPendingFilter();

    int debounceInterval() const;
    void setDebounceInterval(int milliseconds);

Q_SIGNALS:
    /// After the rows were filtered by `text`.
    void filterApplied(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QTimer m_debounce;
    QString m_pending;
    QString m_applied;
    QStringList m_words;
};

} // namespace gantry
