#include "widgets/models/modelspage.h"

#include "backend/fleet/fleet.h"
#include "widgets/models/deploymentdetailpane.h"
#include "widgets/models/deploymentfilterproxy.h"
#include "widgets/models/deploymenttablemodel.h"
#include "widgets/models/modelcharts.h"
#include "widgets/models/servingcolours.h"
#include "widgets/models/servingformat.h"
#include "widgets/models/servingitemdelegate.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QScrollBar>
#include <QScrollArea>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace gantry {

namespace fmt = servingformat;

ModelsPage::ModelsPage(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    const int unit = fontMetrics().height();
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(unit / 2);

    auto *bar = m_bar = new QHBoxLayout;
    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("modelsFilter"));
    m_filter->setPlaceholderText(tr("Filter by name, namespace, weight source or mode"));
    m_filter->setClearButtonEnabled(true);
    m_filter->setMaximumWidth(fontMetrics().averageCharWidth() * 60);
    bar->addWidget(m_filter, 1);
    m_count = new QLabel(this);
    m_count->setObjectName(QStringLiteral("modelsCount"));
    bar->addWidget(m_count);
    bar->addStretch(1);
    layout->addLayout(bar);

    m_model = new DeploymentTableModel(this);
    m_proxy = new DeploymentFilterProxy(this);
    m_proxy->setSourceModel(m_model);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("modelsTable"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new ServingItemDelegate(DeploymentTableModel::SeverityRole, m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeploymentTableModel::Name, Qt::AscendingOrder);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(unit * 3 / 2);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setResizeContentsPrecision(200);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_detail = new DeploymentDetailPane(this);
    m_detail->setObjectName(QStringLiteral("detailPane"));
    auto *detailScroll = new QScrollArea(this);
    detailScroll->setWidget(m_detail);
    detailScroll->setWidgetResizable(true);
    detailScroll->setFrameShape(QFrame::NoFrame);
    m_charts = new ModelCharts(this);
    m_charts->setObjectName(QStringLiteral("modelCharts"));

    m_horizontal = new QSplitter(Qt::Horizontal, this);
    m_horizontal->addWidget(detailScroll);
    m_horizontal->addWidget(m_charts);
    m_horizontal->setStretchFactor(0, 5);
    m_horizontal->setStretchFactor(1, 6);
    m_horizontal->setChildrenCollapsible(false);

    m_vertical = new QSplitter(Qt::Vertical, this);
    m_vertical->addWidget(m_table);
    m_vertical->addWidget(m_horizontal);
    m_vertical->setStretchFactor(0, 2);
    m_vertical->setStretchFactor(1, 3);
    m_vertical->setChildrenCollapsible(false);
    layout->addWidget(m_vertical, 1);

    connect(m_filter, &QLineEdit::textChanged, m_proxy, &DeploymentFilterProxy::setFilterText);
    connect(m_filter, &QLineEdit::returnPressed, m_proxy, &DeploymentFilterProxy::applyPendingFilter);
    connect(m_proxy, &DeploymentFilterProxy::filterApplied, this, &ModelsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &ModelsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &ModelsPage::updateCount);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &ModelsPage::updateCount);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &ModelsPage::updateDetail);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        const QString key = selectedKey();
        if (key != m_lastSelectedKey) {
            m_lastSelectedKey = key;
            Q_EMIT selectedKeyChanged(key);
        }
    });
    connect(m_vertical, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    connect(m_horizontal, &QSplitter::splitterMoved, this, [this] { m_userSized = true; });
    updateCount();
}

void ModelsPage::fitSplitters()
{
    if (m_userSized || height() <= 0)
        return;
    // The table as tall as its rows (between 5 and 14 of them), the rest for the details.
    const int rows = std::clamp(m_model->rowCount(), 5, 14);
    const int tableHeight = m_table->horizontalHeader()->sizeHint().height() + rows * m_table->verticalHeader()->defaultSectionSize()
                            + 2 * m_table->frameWidth() + m_table->horizontalScrollBar()->sizeHint().height();
    const int available = m_vertical->height();
    if (available > tableHeight * 2)
        m_vertical->setSizes({tableHeight, available - tableHeight - m_vertical->handleWidth()});
    const int width = m_horizontal->width();
    m_horizontal->setSizes({width * 9 / 20, width - width * 9 / 20});
}

void ModelsPage::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitSplitters();
}

void ModelsPage::setActions(const QList<QAction *> &actions)
{
    for (QAction *action : actions) {
        auto *button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(false);
        m_bar->addWidget(button);
        m_table->addAction(action);
    }
    m_table->setContextMenuPolicy(actions.isEmpty() ? Qt::DefaultContextMenu : Qt::ActionsContextMenu);
}

void ModelsPage::setChartDataProvider(ChartDataProvider *provider)
{
    m_charts->setChartDataProvider(provider);
}

QString ModelsPage::emptyStateText() const
{
    if (!m_snapshot)
        return tr("Reading InferenceServices from the cluster…");
    if (!m_snapshot->deployments || m_snapshot->deployments->deployments.empty())
        return tr("No InferenceServices in this namespace. Deploy a model, or check that KServe is installed "
                  "(serving.kserve.io/v1beta1).");
    return {};
}

void ModelsPage::setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    m_model->setSnapshot(snapshot);
    if (!m_columnsSized && m_model->rowCount() > 0) {
        // Once, from the first rows: later snapshots must not make the columns jump.
        // The name takes what is left, so the figures stay together on the right.
        m_table->resizeColumnsToContents();
        const int slack = m_table->fontMetrics().averageCharWidth() * 3;
        for (int column = 0; column < DeploymentTableModel::ColumnCount; ++column)
            m_table->setColumnWidth(column, m_table->columnWidth(column) + slack);
        m_table->horizontalHeader()->setSectionResizeMode(DeploymentTableModel::Name, QHeaderView::Stretch);
        m_columnsSized = true;
        fitSplitters();
    }
    if (!m_table->selectionModel()->hasSelection() && m_proxy->rowCount() > 0)
        m_table->selectRow(0); // updates the detail through selectionChanged
    else
        updateDetail();
}

QString ModelsPage::selectedKey() const
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.first().data(DeploymentTableModel::KeyRole).toString();
}

bool ModelsPage::selectKey(const QString &key)
{
    const int sourceRow = m_model->rowOfKey(key.toStdString());
    if (sourceRow < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_table->selectRow(index.row());
    m_table->scrollTo(index);
    return true;
}

void ModelsPage::updateDetail()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    const SystemTime now = m_snapshot ? m_snapshot->at : SystemTime{};
    if (rows.isEmpty()) {
        m_detail->setDeployment(nullptr, now);
        m_charts->setDeployment(nullptr, now);
        return;
    }
    const int sourceRow = m_proxy->mapToSource(rows.first()).row();
    const auto deployment = m_model->deployment(sourceRow);
    m_detail->setDeployment(deployment, now, coldStartSummary(sourceRow));
    m_charts->setDeployment(deployment, now);
}

QString ModelsPage::coldStartSummary(int sourceRow) const
{
    const DeploymentRow *row = m_model->rowAt(sourceRow);
    if (!row || !row->coldStartCreated || !m_snapshot)
        return {};
    const auto seconds = row->coldStartSeconds(m_snapshot->at);
    QString text = row->coldStartComplete && row->coldStartReady
                       ? tr("Last cold start %1 (%2), ready %3")
                             .arg(fmt::seconds(*seconds), QString::fromStdString(row->coldStartPod),
                                  fmt::ago(std::chrono::duration<double>(m_snapshot->at - *row->coldStartReady).count()))
                       : tr("Cold start in progress: %1, %2 so far").arg(QString::fromStdString(row->coldStartPod), fmt::seconds(*seconds));
    if (row->coldStartP95)
        text += QStringLiteral(" · ") + tr("p95 %1 over %2").arg(fmt::seconds(*row->coldStartP95), fmt::counted(static_cast<long long>(row->coldStartCount), tr("start"), tr("starts")));
    return text;
}

void ModelsPage::updateCount()
{
    const int total = m_model->rowCount();
    const int shown = m_proxy->rowCount();
    const QString models = fmt::counted(total, tr("model"), tr("models"));
    m_count->setText(shown == total ? models : tr("%1 of %2").arg(shown).arg(models));
}

} // namespace gantry
