#include "widgets/prewarm/prewarmdialog.h"

#include "backend/actions/validation.h"
#include "backend/fleet/coldstart.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "backend/fleet/gpupool.h"
#include "widgets/models/servingcolours.h"
#include "widgets/noticebar.h"
#include "widgets/prewarm/prewarmcontroller.h"
#include "widgets/prewarm/prewarmprogressmodel.h"
#include "widgets/prewarm/prewarmtargetmodel.h"
#include "widgets/prewarm/progressbardelegate.h"
#include "widgets/scaledfont.h"

#include <QButtonGroup>
#include <QCoreApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

#include <set>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString problemLine(const actions::Problem &problem)
{
    QString text = qs(problem.message);
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    if (!problem.value.empty())
        text += QCoreApplication::translate("gantry::PrewarmDialog", " (%1)").arg(qs(problem.value));
    return text;
}

bool startsWith(const std::string &text, const char *prefix)
{
    return text.rfind(prefix, 0) == 0;
}

QLabel *problemLabel(QWidget *parent, const QString &name)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    // One line each: wrapped text in a form row would need the window to grow with it.
    QPalette palette = label->palette();
    palette.setColor(QPalette::WindowText, servingcolours::critical(palette));
    label->setPalette(palette);
    label->hide();
    return label;
}

void showLines(QLabel *label, const QStringList &lines)
{
    label->setText(lines.join(QLatin1Char('\n')));
    label->setVisible(!lines.isEmpty());
}

} // namespace

PrewarmDialog::PrewarmDialog(actions::ActionContext context, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Prewarm a model"));
    const bool readOnlyClient = context.client && context.client->readOnly();
    m_controller = new PrewarmController(std::move(context), this);
    m_targets = new PrewarmTargetModel(this);
    m_progress = new PrewarmProgressModel(this);

    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(fontMetrics().height() / 2);
    auto *title = new QLabel(tr("Prewarm a model"), this);
    QFont titleFont = title->font();
    titleFont = scaledFont(titleFont, 1.3);
    titleFont.setBold(true);
    title->setFont(titleFont);
    auto *subtitle = new QLabel(tr("Put a model's weights on nodes before replicas need them, so a new replica "
                                   "there loads from the node instead of the network."),
                                this);
    subtitle->setWordWrap(true);
    QPalette mutedPalette = subtitle->palette();
    mutedPalette.setColor(QPalette::WindowText, servingcolours::muted(mutedPalette));
    subtitle->setPalette(mutedPalette);
    layout->addWidget(title);
    layout->addWidget(subtitle);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_model = new QComboBox(this);
    m_model->setObjectName(QStringLiteral("model"));
    m_model->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_model->setPlaceholderText(tr("no model deployed yet"));
    m_modelProblem = problemLabel(this, QStringLiteral("modelProblem"));
    auto *modelColumn = new QVBoxLayout;
    modelColumn->addWidget(m_model, 0, Qt::AlignLeft);
    modelColumn->addWidget(m_modelProblem);
    auto *modelLabel = new QLabel(tr("&Model"), this);
    modelLabel->setBuddy(m_model);
    form->addRow(modelLabel, modelColumn);

    m_jobs = new QRadioButton(tr("Prewarm Jobs: read the shared volume into each chosen node's page cache"), this);
    m_cache = new QRadioButton(tr("KServe LocalModelCache: copy the model onto the local disk of the chosen pools"), this);
    m_jobs->setChecked(true);
    auto *methods = new QButtonGroup(this);
    methods->addButton(m_jobs);
    methods->addButton(m_cache);
    auto *methodColumn = new QVBoxLayout;
    methodColumn->addWidget(m_jobs);
    methodColumn->addWidget(m_cache);
    form->addRow(tr("Method"), methodColumn);

    m_modelSize = new QLineEdit(this);
    m_modelSize->setObjectName(QStringLiteral("modelSize"));
    m_modelSize->setPlaceholderText(tr("e.g. 16Gi"));
    m_modelSize->setMaximumWidth(fontMetrics().averageCharWidth() * 16);
    m_sizeProblem = problemLabel(this, QStringLiteral("modelSizeProblem"));
    auto *sizeColumn = new QVBoxLayout;
    sizeColumn->addWidget(m_modelSize, 0, Qt::AlignLeft);
    sizeColumn->addWidget(m_sizeProblem);
    m_modelSizeLabel = new QLabel(tr("Model &size"), this);
    m_modelSizeLabel->setBuddy(m_modelSize);
    form->addRow(m_modelSizeLabel, sizeColumn);
    layout->addLayout(form);

    m_methodNote = new QLabel(this);
    m_methodNote->setWordWrap(true);
    m_methodNote->setPalette(mutedPalette);
    layout->addWidget(m_methodNote);

    m_targetView = new QTreeView(this);
    m_targetView->setObjectName(QStringLiteral("targets"));
    m_targetView->setModel(m_targets);
    m_targetView->setUniformRowHeights(true);
    m_targetView->setAlternatingRowColors(true);
    m_targetView->header()->setStretchLastSection(true);
    m_targetView->setMinimumHeight(fontMetrics().height() * 9);
    layout->addWidget(m_targetView, 2);
    m_nodesProblem = problemLabel(this, QStringLiteral("nodesProblem"));
    layout->addWidget(m_nodesProblem);

    m_progressBox = new QWidget(this);
    auto *progressLayout = new QVBoxLayout(m_progressBox);
    progressLayout->setContentsMargins(0, 0, 0, 0);
    m_summary = new QLabel(m_progressBox);
    m_summary->setObjectName(QStringLiteral("progressSummary"));
    QFont bold = m_summary->font();
    bold.setBold(true);
    m_summary->setFont(bold);
    m_progressView = new QTableView(m_progressBox);
    m_progressView->setObjectName(QStringLiteral("progress"));
    m_progressView->setModel(m_progress);
    m_progressView->setItemDelegateForColumn(PrewarmProgressModel::ProgressColumn,
                                             new ProgressBarDelegate(PrewarmProgressModel::FractionRole, m_progressView));
    m_progressView->verticalHeader()->hide();
    m_progressView->setShowGrid(false);
    m_progressView->setSelectionMode(QAbstractItemView::NoSelection);
    m_progressView->horizontalHeader()->setStretchLastSection(true);
    m_progressView->horizontalHeader()->setSectionResizeMode(PrewarmProgressModel::ProgressColumn, QHeaderView::Fixed);
    m_progressView->setColumnWidth(PrewarmProgressModel::ProgressColumn, fontMetrics().averageCharWidth() * 26);
    m_progressView->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    m_progressView->setMinimumHeight(fontMetrics().height() * 6);
    progressLayout->addWidget(m_summary);
    progressLayout->addWidget(m_progressView);
    m_progressBox->hide();
    layout->addWidget(m_progressBox, 1);

    m_status = new NoticeBar(this);
    m_status->setObjectName(QStringLiteral("prewarmStatus"));
    layout->addWidget(m_status);

    auto *buttons = new QHBoxLayout;
    m_cancel = new QPushButton(tr("Cancel prewarm"), this);
    auto *close = new QPushButton(tr("Close"), this);
    close->setToolTip(tr("Close this window; a prewarm that runs carries on."));
    m_start = new QPushButton(tr("Start"), this);
    m_start->setDefault(true);
    buttons->addWidget(m_cancel);
    buttons->addStretch(1);
    buttons->addWidget(close);
    buttons->addWidget(m_start);
    layout->addLayout(buttons);

    connect(m_model, &QComboBox::currentIndexChanged, this, [this] {
        m_targets->setModelUri(spec().modelUri);
        revalidate();
    });
    connect(m_jobs, &QRadioButton::toggled, this, &PrewarmDialog::methodChanged);
    connect(m_modelSize, &QLineEdit::textChanged, this, &PrewarmDialog::revalidate);
    connect(m_targets, &PrewarmTargetModel::checksChanged, this, &PrewarmDialog::revalidate);
    connect(close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (!m_start->isEnabled())
            return;
        m_cancelling = false;
        m_progress->clear();
        m_status->setNotice(NoticeBar::Kind::Info, tr("Starting: a server dry-run of every object, then the creates…"));
        m_controller->start(spec());
    });
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (!m_cancel->isEnabled())
            return;
        m_cancelling = true;
        m_status->setNotice(NoticeBar::Kind::Info, tr("Cancelling: deleting what was started…"));
        m_controller->cancel();
    });
    connect(m_controller, &PrewarmController::busyChanged, this, &PrewarmDialog::updateButtons);
    connect(m_controller, &PrewarmController::started, this, [this] {
        m_progressBox->show();
        m_status->setNotice(NoticeBar::Kind::Info, tr("Started. Closing this window leaves the prewarm running."));
        updateButtons();
    });
    connect(m_controller, &PrewarmController::progressChanged, this,
            [this](const std::vector<actions::NodePrewarmProgress> &progress) {
                m_progress->setProgress(progress);
                updateSummary();
            });
    connect(m_controller, &PrewarmController::finished, this, [this] {
        const int warm = m_progress->succeeded();
        const int total = m_progress->rowCount();
        if (m_cancelling)
            m_status->setNotice(NoticeBar::Kind::Info, tr("Cancelled: nothing of this prewarm is left on the cluster."));
        else if (warm == total)
            m_status->setNotice(NoticeBar::Kind::Success, tr("Done: %1 of %2 nodes hold the model.").arg(warm).arg(total));
        else
            m_status->setNotice(NoticeBar::Kind::Error, tr("Finished with %1 of %2 nodes warm; see each node for why.").arg(warm).arg(total));
        updateButtons();
    });
    connect(m_controller, &PrewarmController::cancelled, this, [this](int deleted) {
        m_status->setNotice(NoticeBar::Kind::Info, tr("Cancelled: %n object(s) deleted; waiting for the nodes to report.", nullptr, deleted));
    });
    connect(m_controller, &PrewarmController::failed, this, [this](const QString &message) {
        m_cancelling = false; // a cancel that failed may be tried again
        m_status->setNotice(NoticeBar::Kind::Error, message);
        updateButtons();
    });

    if (readOnlyClient)
        setReadOnly(true, tr("Gantry runs read-only: nothing can be started from this console."));
    methodChanged();
}

PrewarmDialog::~PrewarmDialog() = default;

void PrewarmDialog::setPollInterval(std::chrono::milliseconds interval)
{
    m_controller->setPollInterval(interval);
}

void PrewarmDialog::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    if (!snapshot)
        return;
    std::vector<ModelChoice> models;
    std::set<std::pair<std::string, std::string>> seen;
    if (snapshot->deployments) {
        for (const auto &deployment : snapshot->deployments->deployments) {
            if (deployment->storageUri.empty() || !seen.insert({deployment->storageUri, deployment->namespaceName}).second)
                continue;
            models.push_back({deployment->namespaceName + "/" + deployment->name + "  (" + deployment->storageUri + ")",
                              deployment->storageUri, deployment->namespaceName});
        }
    }
    setModels(std::move(models));
    m_targets->setFleet(snapshot->pools, snapshot->coldStarts ? snapshot->coldStarts->warmCaches
                                                              : std::vector<fleet::WarmCache>{},
                        snapshot->at);
    m_targetView->expandAll();
    for (int column = 0; column < PrewarmTargetModel::CachedColumn; ++column)
        m_targetView->resizeColumnToContents(column);
    revalidate();
}

void PrewarmDialog::setModels(std::vector<ModelChoice> models)
{
    const bool same = models.size() == m_models.size()
        && std::equal(models.begin(), models.end(), m_models.begin(), [](const auto &a, const auto &b) {
               return a.uri == b.uri && a.namespaceName == b.namespaceName && a.label == b.label;
           });
    if (same)
        return;
    const std::string current = m_model->currentIndex() >= 0 ? m_models[m_model->currentIndex()].uri : std::string();
    m_models = std::move(models);
    const QSignalBlocker blocker(m_model);
    m_model->clear();
    int chosen = -1;
    for (int i = 0; i < static_cast<int>(m_models.size()); ++i) {
        m_model->addItem(qs(m_models[i].label));
        if (m_models[i].uri == current)
            chosen = i;
        else if (chosen < 0 && current.empty() && actions::parsePvcUri(m_models[i].uri))
            chosen = i; // a shared-volume model, which either method can warm
    }
    m_model->setCurrentIndex(chosen >= 0 ? chosen : (m_models.empty() ? -1 : 0));
    m_targets->setModelUri(spec().modelUri);
}

void PrewarmDialog::setModel(const QString &storageUri)
{
    for (int i = 0; i < static_cast<int>(m_models.size()); ++i) {
        if (qs(m_models[i].uri) == storageUri)
            m_model->setCurrentIndex(i);
    }
}

actions::PrewarmSpec PrewarmDialog::spec() const
{
    actions::PrewarmSpec spec;
    spec.method = m_cache->isChecked() ? actions::PrewarmMethod::LocalModelCache : actions::PrewarmMethod::Jobs;
    const int index = m_model->currentIndex();
    if (index >= 0 && index < static_cast<int>(m_models.size())) {
        spec.modelUri = m_models[index].uri;
        spec.namespaceName = m_models[index].namespaceName; // a Job must live beside the claim it reads
    }
    if (spec.method == actions::PrewarmMethod::Jobs) {
        spec.nodes = m_targets->checkedNodes();
    } else {
        spec.nodeGroups = m_targets->checkedPools();
        spec.modelSize = m_modelSize->text().trimmed().toStdString();
    }
    return spec;
}

void PrewarmDialog::methodChanged()
{
    const bool cache = m_cache->isChecked();
    m_modelSizeLabel->setVisible(cache);
    m_modelSize->setVisible(cache);
    m_methodNote->setText(cache ? tr("A LocalModelCache fills every node of a pool with a checked node; KServe "
                                     "keeps the copy and new replicas of this model use it.")
                                : tr("One Job per checked node reads the model from its shared volume. The page "
                                     "cache holds it until memory is needed for something else."));
    revalidate();
}

void PrewarmDialog::revalidate()
{
    QStringList model, size, nodes;
    const actions::Problems problems = actions::PrewarmAction::validate(spec());
    for (const actions::Problem &problem : problems) {
        const QString line = problemLine(problem);
        if (startsWith(problem.field, "nodes") || startsWith(problem.field, "spec.nodeGroups"))
            nodes.append(line);
        else if (problem.field == "spec.modelSize")
            size.append(line);
        else
            model.append(line);
    }
    showLines(m_modelProblem, model);
    showLines(m_sizeProblem, size);
    showLines(m_nodesProblem, nodes);
    m_problems = !problems.empty();
    updateButtons();
}

void PrewarmDialog::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = readOnly ? reason : QString();
    updateButtons();
}

void PrewarmDialog::updateButtons()
{
    const bool busy = m_controller->busy();
    const bool following = m_controller->following();
    m_start->setEnabled(!m_problems && !busy && !following && !m_readOnly);
    m_cancel->setEnabled(following && !m_cancelling && !busy && !m_readOnly);
    if (m_readOnly) {
        m_start->setToolTip(m_readOnlyReason);
        m_cancel->setToolTip(m_readOnlyReason);
        return;
    }
    m_start->setToolTip(m_problems ? tr("Fix the problems shown first.")
                                   : following ? tr("A prewarm is running; cancel it or wait for it to finish.")
                                               : tr("Dry-run on the server, then create the objects."));
    m_cancel->setToolTip(tr("Delete the Jobs (and their pods) or the LocalModelCache this started."));
}

void PrewarmDialog::updateSummary()
{
    const int total = m_progress->rowCount();
    m_summary->setText(tr("%1 of %2 nodes warm").arg(m_progress->succeeded()).arg(total));
}

QString PrewarmDialog::problemsText() const
{
    QStringList lines;
    for (const QLabel *label : {m_modelProblem, m_sizeProblem, m_nodesProblem}) {
        if (!label->text().isEmpty())
            lines.append(label->text());
    }
    return lines.join(QLatin1Char('\n'));
}

QString PrewarmDialog::statusText() const
{
    return m_status->text();
}

} // namespace gantry
