#include "widgets/pools/nodedetaildialog.h"

#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"
#include "widgets/models/servingformat.h"
#include "widgets/pools/nodegputablemodel.h"
#include "widgets/scaledfont.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QTableView>
#include <QVBoxLayout>

namespace gantry {

namespace fmt = servingformat;

namespace {

QString stateWords(fleet::NodeState state)
{
    switch (state) {
    case fleet::NodeState::Ready:
        return NodeDetailDialog::tr("Ready");
    case fleet::NodeState::NotReady:
        return NodeDetailDialog::tr("Not ready");
    case fleet::NodeState::Cordoned:
        return NodeDetailDialog::tr("Cordoned");
    case fleet::NodeState::Provisioning:
        return NodeDetailDialog::tr("Provisioning");
    case fleet::NodeState::Unknown:
        break;
    }
    return NodeDetailDialog::tr("Unknown");
}

} // namespace

NodeDetailDialog::NodeDetailDialog(QWidget *parent)
    : QDialog(parent)
    , m_title(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_state(new QLabel(this))
    , m_gpus(new NodeGpuTableModel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("nodeDetail"));
    QFont titleFont = scaledFont(font(), 1.4);
    titleFont.setWeight(QFont::DemiBold);
    m_title->setFont(titleFont);
    m_title->setObjectName(QStringLiteral("nodeTitle"));
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts->setObjectName(QStringLiteral("nodeFacts"));
    m_facts->setWordWrap(true);
    m_state->setObjectName(QStringLiteral("nodeState"));
    m_state->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("nodeGpus"));
    m_table->setModel(m_gpus);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setShowGrid(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() * 3 / 2);
    // Eight GPUs, the common node, without scrolling.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height()
                              + m_table->verticalHeader()->defaultSectionSize() * 8 + 2 * m_table->frameWidth() + 2);
    m_table->setMinimumWidth(fontMetrics().averageCharWidth() * 100);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(NodeGpuTableModel::Pod, QHeaderView::Stretch);
    m_table->horizontalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addWidget(m_state);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(fontMetrics().averageCharWidth() * 120, fontMetrics().height() * 24);
}

void NodeDetailDialog::showNode(const QString &nodeName, const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_nodeName = nodeName;
    m_columnsSized = false;
    setWindowTitle(tr("Node %1").arg(nodeName));
    applySnapshot(snapshot);
}

void NodeDetailDialog::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (snapshot && snapshot->pools) {
        const std::string wanted = m_nodeName.toStdString();
        for (const auto &pool : snapshot->pools->pools) {
            for (const auto &node : pool->nodes) {
                if (node && node->name == wanted) {
                    m_gpus->setNode(node);
                    m_at = snapshot->at;
                    update(node.get(), QString::fromStdString(pool->name));
                    return;
                }
            }
        }
    }
    m_gpus->setNode(nullptr);
    update(nullptr, {});
}

void NodeDetailDialog::update(const fleet::FleetNode *node, const QString &poolName)
{
    m_title->setText(m_nodeName);
    if (!node) {
        m_facts->setText(tr("This node is not in any GPU pool of the cluster now: it was removed, or it has no GPUs."));
        m_state->clear();
        return;
    }
    QStringList facts;
    facts << tr("Pool %1").arg(poolName);
    if (!node->gpuProduct.empty())
        facts << QString::fromStdString(node->gpuProduct);
    if (node->gpuMemoryMiB)
        facts << tr("%1 GiB per GPU").arg(*node->gpuMemoryMiB / 1024, 0, 'f', 0);
    facts << tr("%1 of %2 GPUs allocated").arg(fmt::gpus(node->gpuAllocated), fmt::gpus(node->gpuCapacity));
    if (node->createdAt) {
        const double age = std::chrono::duration<double>(m_at - *node->createdAt).count();
        facts << tr("joined %1").arg(fmt::ago(age));
    }
    m_facts->setText(facts.join(QStringLiteral(" · ")));
    QString state = stateWords(node->state);
    if (!node->stateReason.empty())
        state += QStringLiteral(": ") + QString::fromStdString(node->stateReason);
    m_state->setText(state);
    if (!m_columnsSized && m_gpus->rowCount() > 0) {
        m_table->resizeColumnsToContents();
        m_table->horizontalHeader()->setSectionResizeMode(NodeGpuTableModel::Pod, QHeaderView::Stretch);
        m_columnsSized = true;
    }
}

QString NodeDetailDialog::headerText() const
{
    return m_title->text() + QLatin1Char('\n') + m_facts->text() + QLatin1Char('\n') + m_state->text();
}

} // namespace gantry
