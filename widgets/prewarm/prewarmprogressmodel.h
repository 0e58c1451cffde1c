#pragma once

#include "backend/actions/prewarmprogress.h"

#include <QAbstractTableModel>

#include <vector>

namespace gantry {

/// One row per node being warmed: its progress (0–1, or unknown), its state,
/// and the newest thing the backend knows (the pod's "prewarm: …" log line, a
/// failure's reason, the cache's node status). Updates of the same nodes emit
/// one dataChanged over the rows; another set of nodes resets the model.
class PrewarmProgressModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Columns { NodeColumn, ProgressColumn, StateColumn, DetailColumn, ColumnCount };
    enum Roles {
        /// double 0–1; -1 while unknown (running without a log line, pending).
        FractionRole = Qt::UserRole + 1,
        /// int: NodePrewarmProgress::State.
        StateRole,
    };

    explicit PrewarmProgressModel(QObject *parent = nullptr);

    void setProgress(std::vector<actions::NodePrewarmProgress> progress);
    void clear();
    const std::vector<actions::NodePrewarmProgress> &progress() const { return m_progress; }
    /// How many nodes succeeded.
    int succeeded() const;
    /// Every node has finished (succeeded, failed or gone); false when there are none.
    bool allFinished() const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /// The words for a state: "waiting to start", "warming", "warm", "failed", "cancelled or gone".
    static QString stateText(actions::NodePrewarmProgress::State state);

private:
    std::vector<actions::NodePrewarmProgress> m_progress;
};

} // namespace gantry
