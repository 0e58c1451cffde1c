#pragma once

#include <QWidget>

#include <memory>

class QAction;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QSplitter;
class QTableView;

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

class ChartDataProvider;
class DeploymentDetailPane;
class DeploymentFilterProxy;
class DeploymentTableModel;
class ModelCharts;

/// The Models page: a filter box, the sortable table of InferenceServices and,
/// for the selected one, its details (replicas, scaling policy) beside its
/// history charts. The selection survives snapshots: rows are updated in place.
class ModelsPage : public QWidget
{
    Q_OBJECT

public:
    explicit ModelsPage(QWidget *parent = nullptr);

    /// Not owned; null makes the charts say there is no metrics source.
    void setChartDataProvider(ChartDataProvider *provider);

    /// Non-empty when there is nothing to show, saying why.
    QString emptyStateText() const;

    /// "namespace/name" of the selected deployment, or "".
    QString selectedKey() const;
    /// Selects the deployment `key` ("namespace/name"); false when it is not shown.
    bool selectKey(const QString &key);

    /// Buttons at the right of the filter bar and the table's context menu, for the
    /// operator's actions on the selected model. Not owned; their enabled state and
    /// tooltips are the caller's.
    void setActions(const QList<QAction *> &actions);

    DeploymentTableModel *model() const { return m_model; }
    DeploymentFilterProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QLineEdit *filterEdit() const { return m_filter; }
    DeploymentDetailPane *detailPane() const { return m_detail; }
    ModelCharts *charts() const { return m_charts; }

public Q_SLOTS:
    void setSnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);

Q_SIGNALS:
    /// The selection moved to another deployment ("" when none is selected).
    void selectedKeyChanged(const QString &key);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void fitSplitters();
    void updateDetail();
    void updateCount();
    QString coldStartSummary(int sourceRow) const;

    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;
    DeploymentTableModel *m_model = nullptr;
    DeploymentFilterProxy *m_proxy = nullptr;
    QLineEdit *m_filter = nullptr;
    QLabel *m_count = nullptr;
    QHBoxLayout *m_bar = nullptr;
    QString m_lastSelectedKey;
    QTableView *m_table = nullptr;
    DeploymentDetailPane *m_detail = nullptr;
    ModelCharts *m_charts = nullptr;
    QSplitter *m_vertical = nullptr;
    QSplitter *m_horizontal = nullptr;
    bool m_columnsSized = false;
    bool m_userSized = false; ///< the operator moved a splitter: keep their sizes
};

} // namespace gantry
