#pragma once

#include "backend/actions/actioncontext.h"

#include <QObject>
#include <QPointer>
#include <QString>

#include <map>
#include <memory>

class QAction;
class QDialog;
class QWidget;

namespace gantry::actions {
class ScaleAction;
}
namespace gantry::fleet {
struct FleetSnapshot;
}
namespace gantry::kube {
class AccessProbe;
}

namespace gantry {

class DeployDialog;
class PrewarmDialog;
class ScalingDialog;

/// The operator's three write actions as QActions (Deploy model…, Scale…,
/// Prewarm…) and the dialogs they open. Each action is enabled only when it can
/// succeed, and otherwise says why in its tooltip: no connection, no model
/// selected, a read-only connection, or the cluster's RBAC (asked with a
/// SelfSubjectAccessReview off the UI thread, per namespace). Open dialogs are
/// fed every snapshot. A wall screen never creates this object.
class OperatorActions : public QObject
{
    Q_OBJECT

public:
    explicit OperatorActions(QWidget *window);
    ~OperatorActions() override;

    QAction *deployAction() const { return m_deploy; }
    QAction *scaleAction() const { return m_scale; }
    QAction *prewarmAction() const { return m_prewarm; }

    /// The connection actions run with; new models go to `defaultNamespace` unless
    /// one is selected. `readOnly` disables every action with `readOnlyReason` as
    /// tooltip; otherwise access is probed for the namespaces in use.
    void setContext(const actions::ActionContext &context, const QString &defaultNamespace, bool readOnly,
                    const QString &readOnlyReason);
    /// Why `action` is disabled, "" when it is enabled (what its tooltip says then).
    QString disabledReason(const QAction *action) const;

    enum class Verb { Deploy, Scale, Prewarm };
    /// Why `verb` cannot be done in `namespaceName` (no connection, read-only, RBAC
    /// as far as known), "" when it can. Namespaces not asked about yet get asked.
    QString unavailableReason(Verb verb, const QString &namespaceName);
    /// Opens Scale or Prewarm for the model `key` ("namespace/name"), as if selected.
    void openFor(Verb verb, const QString &key);

    /// The dialog open now for each action, or null.
    DeployDialog *deployDialog() const;
    ScalingDialog *scalingDialog() const;
    PrewarmDialog *prewarmDialog() const;

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);
    /// The model Scale… and Prewarm… act on: "namespace/name", or "" for none.
    void setSelectedModel(const QString &key);

    void openDeploy();
    void openScaling();
    void openPrewarm();

Q_SIGNALS:
    /// A deploy created `namespaceName/name`; the window may select it.
    void deployed(const QString &namespaceName, const QString &name);
    /// Enabled states or tooltips changed.
    void availabilityChanged();

private:
    enum Permission { CreateInferenceService, PatchInferenceService, CreateJob, PermissionCount };
    struct Access
    {
        bool known = false;
        bool allowed[PermissionCount] = {};
        QString reason[PermissionCount];
    };

    QString selectedNamespace() const;
    QString deployNamespace() const;
    void probe(const QString &namespaceName);
    void updateAvailability();
    QString accessProblem(const QString &namespaceName, Permission permission) const;
    QString connectionProblem() const;

    QWidget *m_window = nullptr;
    QAction *m_deploy = nullptr;
    QAction *m_scale = nullptr;
    QAction *m_prewarm = nullptr;
    bool m_connected = false;
    bool m_readOnly = false;
    QString m_defaultNamespace = QStringLiteral("default");
    QString m_readOnlyReason;
    actions::ActionContext m_context;
    std::shared_ptr<kube::AccessProbe> m_probe;
    std::map<QString, Access> m_access;
    int m_generation = 0; ///< bumped per context, so late answers for an old one are dropped
    QString m_selected;
    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;
    std::map<QString, std::shared_ptr<actions::ScaleAction>> m_scaleActions; ///< keeps "Revert last change" per model
    // QDialog: QPointer needs a complete type, and these are only known in the .cpp.
    QPointer<QDialog> m_deployDialog;
    QPointer<QDialog> m_scalingDialog;
    QPointer<QDialog> m_prewarmDialog;
};

} // namespace gantry
