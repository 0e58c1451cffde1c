#include "app/operatoractions.h"

#include "backend/actions/deploymanifest.h"
#include "backend/actions/scaleaction.h"
#include "backend/fleet/deployment.h"
#include "backend/fleet/fleet.h"
#include "backend/kube/accessprobe.h"
#include "widgets/deploy/deploydialog.h"
#include "widgets/prewarm/prewarmdialog.h"
#include "widgets/scaling/backgroundcall.h"
#include "widgets/scaling/scalingdialog.h"

#include <QAction>
#include <QDialog>
#include <QKeySequence>
#include <QWidget>

namespace gantry {

namespace {

struct PermissionQuery
{
    const char *verb;
    const char *group;
    const char *resource;
    const char *what; ///< for the tooltip: "create InferenceServices"
};

// Deploy creates an InferenceService, Scale patches one, Prewarm creates Jobs (the
// LocalModelCache method needs more, which the dialog's own errors will say).
const PermissionQuery kQueries[] = {
    {"create", "serving.kserve.io", "inferenceservices", "create InferenceServices"},
    {"patch", "serving.kserve.io", "inferenceservices", "change InferenceServices"},
    {"create", "batch", "jobs", "create Jobs"},
};

} // namespace

OperatorActions::OperatorActions(QWidget *window)
    : QObject(window)
    , m_window(window)
    , m_deploy(new QAction(tr("&Deploy model…"), this))
    , m_scale(new QAction(tr("&Scale…"), this))
    , m_prewarm(new QAction(tr("&Prewarm…"), this))
{
    m_deploy->setObjectName(QStringLiteral("deployAction"));
    m_scale->setObjectName(QStringLiteral("scaleAction"));
    m_prewarm->setObjectName(QStringLiteral("prewarmAction"));
    m_deploy->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_N));
    m_scale->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    m_prewarm->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    connect(m_deploy, &QAction::triggered, this, &OperatorActions::openDeploy);
    connect(m_scale, &QAction::triggered, this, &OperatorActions::openScaling);
    connect(m_prewarm, &QAction::triggered, this, &OperatorActions::openPrewarm);
    updateAvailability();
}

OperatorActions::~OperatorActions() = default;

DeployDialog *OperatorActions::deployDialog() const
{
    return static_cast<DeployDialog *>(m_deployDialog.data());
}

ScalingDialog *OperatorActions::scalingDialog() const
{
    return static_cast<ScalingDialog *>(m_scalingDialog.data());
}

PrewarmDialog *OperatorActions::prewarmDialog() const
{
    return static_cast<PrewarmDialog *>(m_prewarmDialog.data());
}

void OperatorActions::setContext(const actions::ActionContext &context, const QString &defaultNamespace, bool readOnly,
                                 const QString &readOnlyReason)
{
    if (context.client != m_context.client) {
        // Open dialogs talk to the old connection: they go with it.
        for (QDialog *dialog : {m_deployDialog.data(), m_scalingDialog.data(), m_prewarmDialog.data()}) {
            if (dialog)
                dialog->close();
        }
        m_scaleActions.clear();
    }
    m_context = context;
    m_connected = context.client != nullptr;
    m_defaultNamespace = defaultNamespace.isEmpty() ? QStringLiteral("default") : defaultNamespace;
    m_readOnly = readOnly;
    m_readOnlyReason = readOnlyReason;
    m_access.clear();
    ++m_generation;
    m_probe = m_connected && !readOnly ? std::make_shared<kube::AccessProbe>(context.client, context.contextName) : nullptr;
    if (m_probe)
        probe(deployNamespace());
    updateAvailability();
}

void OperatorActions::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_snapshot = snapshot;
    if (DeployDialog *dialog = deployDialog())
        dialog->applySnapshot(snapshot);
    if (ScalingDialog *dialog = scalingDialog())
        dialog->applySnapshot(snapshot);
    if (PrewarmDialog *dialog = prewarmDialog())
        dialog->applySnapshot(snapshot);
}

void OperatorActions::setSelectedModel(const QString &key)
{
    if (key == m_selected)
        return;
    m_selected = key;
    const QString namespaceName = selectedNamespace();
    if (m_probe && !namespaceName.isEmpty() && !m_access.count(namespaceName))
        probe(namespaceName);
    updateAvailability();
}

QString OperatorActions::selectedNamespace() const
{
    return m_selected.section(QLatin1Char('/'), 0, 0);
}

QString OperatorActions::deployNamespace() const
{
    const QString selected = selectedNamespace();
    return selected.isEmpty() ? m_defaultNamespace : selected;
}

void OperatorActions::probe(const QString &namespaceName)
{
    m_access[namespaceName]; // known = false: asked, not answered
    const std::shared_ptr<kube::AccessProbe> probe = m_probe;
    const int generation = m_generation;
    runInBackground(
        this,
        [probe, namespaceName] {
            Access access;
            access.known = true;
            for (int i = 0; i < PermissionCount; ++i) {
                const PermissionQuery &query = kQueries[i];
                const auto decision = probe->probeAccess(query.verb, query.group, query.resource, namespaceName.toStdString());
                if (!decision) {
                    // The review itself failed (an old server, a network error): let the
                    // action try, its own error will say what the server thinks.
                    access.allowed[i] = true;
                    continue;
                }
                access.allowed[i] = decision->allowed;
                if (!decision->allowed)
                    access.reason[i] = QString::fromStdString(decision->reason);
            }
            return access;
        },
        [this, namespaceName, generation](Access access) {
            if (generation != m_generation)
                return;
            m_access[namespaceName] = std::move(access);
            updateAvailability();
        });
}

QString OperatorActions::accessProblem(const QString &namespaceName, Permission permission) const
{
    const auto found = m_access.find(namespaceName);
    if (found == m_access.end() || !found->second.known || found->second.allowed[permission])
        return {};
    QString text = tr("Your account may not %1 in namespace “%2” (RBAC).")
                       .arg(tr(kQueries[permission].what), namespaceName);
    if (!found->second.reason[permission].isEmpty())
        text += QLatin1Char(' ') + found->second.reason[permission];
    return text;
}

QString OperatorActions::connectionProblem() const
{
    if (!m_connected)
        return tr("Not connected to a cluster.");
    if (m_readOnly)
        return m_readOnlyReason.isEmpty() ? tr("Read-only connection: nothing can be changed.") : m_readOnlyReason;
    return {};
}

QString OperatorActions::unavailableReason(Verb verb, const QString &namespaceName)
{
    if (QString problem = connectionProblem(); !problem.isEmpty())
        return problem;
    if (m_probe && !m_access.count(namespaceName))
        probe(namespaceName);
    switch (verb) {
    case Verb::Deploy:
        return accessProblem(namespaceName, CreateInferenceService);
    case Verb::Scale:
        return accessProblem(namespaceName, PatchInferenceService);
    case Verb::Prewarm:
        return accessProblem(namespaceName, CreateJob);
    }
    return {};
}

QString OperatorActions::disabledReason(const QAction *action) const
{
    if (QString problem = connectionProblem(); !problem.isEmpty())
        return problem;
    if (action == m_deploy)
        return accessProblem(deployNamespace(), CreateInferenceService);
    if (m_selected.isEmpty())
        return tr("Select a model on the Models page first.");
    if (action == m_scale)
        return accessProblem(selectedNamespace(), PatchInferenceService);
    if (action == m_prewarm)
        return accessProblem(selectedNamespace(), CreateJob);
    return {};
}

void OperatorActions::openFor(Verb verb, const QString &key)
{
    setSelectedModel(key);
    switch (verb) {
    case Verb::Deploy:
        openDeploy();
        break;
    case Verb::Scale:
        openScaling();
        break;
    case Verb::Prewarm:
        openPrewarm();
        break;
    }
}

void OperatorActions::updateAvailability()
{
    const QString model = m_selected.section(QLatin1Char('/'), 1);
    const struct
    {
        QAction *action;
        QString enabledTip;
    } entries[] = {
        {m_deploy, tr("Deploy a model as a new InferenceService (Ctrl+N)")},
        {m_scale, tr("Change the scaling of %1 (Ctrl+Shift+S)").arg(model)},
        {m_prewarm, tr("Load %1's weights onto nodes before they are needed (Ctrl+Shift+P)").arg(model)},
    };
    for (const auto &entry : entries) {
        const QString reason = disabledReason(entry.action);
        entry.action->setEnabled(reason.isEmpty());
        entry.action->setToolTip(reason.isEmpty() ? entry.enabledTip : reason);
        entry.action->setStatusTip(entry.action->toolTip());
    }
    Q_EMIT availabilityChanged();
}

void OperatorActions::openDeploy()
{
    if (!m_deploy->isEnabled())
        return;
    if (m_deployDialog) {
        m_deployDialog->raise();
        m_deployDialog->activateWindow();
        return;
    }
    auto *dialog = new DeployDialog(m_context, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    actions::DeploySpec spec;
    spec.namespaceName = deployNamespace().toStdString();
    dialog->setSpec(spec);
    if (m_snapshot)
        dialog->applySnapshot(m_snapshot);
    connect(dialog, &DeployDialog::deployed, this, &OperatorActions::deployed);
    m_deployDialog = dialog;
    dialog->show();
}

void OperatorActions::openScaling()
{
    if (!m_scale->isEnabled())
        return;
    if (m_scalingDialog)
        m_scalingDialog->close();
    const QString namespaceName = selectedNamespace();
    const QString name = m_selected.section(QLatin1Char('/'), 1);
    auto &action = m_scaleActions[m_selected];
    if (!action)
        action = std::make_shared<actions::ScaleAction>(m_context);
    auto *dialog = new ScalingDialog(m_context, namespaceName, name, action, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (m_snapshot)
        dialog->applySnapshot(m_snapshot);
    m_scalingDialog = dialog;
    dialog->show();
}

void OperatorActions::openPrewarm()
{
    if (!m_prewarm->isEnabled())
        return;
    PrewarmDialog *dialog = prewarmDialog();
    if (!dialog) {
        dialog = new PrewarmDialog(m_context, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        if (m_snapshot)
            dialog->applySnapshot(m_snapshot);
        m_prewarmDialog = dialog;
    }
    if (m_snapshot && m_snapshot->deployments) {
        const QString namespaceName = selectedNamespace();
        const QString name = m_selected.section(QLatin1Char('/'), 1);
        if (const auto deployment = m_snapshot->deployments->find(namespaceName.toStdString(), name.toStdString()))
            dialog->setModel(QString::fromStdString(deployment->storageUri));
    }
    dialog->show();
    dialog->raise();
    dialog->activateWindow();
}

} // namespace gantry
