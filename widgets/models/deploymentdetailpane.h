#pragma once

#include "backend/fleet/deployment.h"

#include <QWidget>

#include <memory>

class QLabel;
class QTableView;

namespace gantry {

class ReplicaTableModel;
class ScalingPolicyForm;

/// Everything about one deployment that does not fit a table row: what it
/// serves and where from, its URL and conditions (a False condition's message
/// in a warning colour), the last failure, its replicas and the scaling policy
/// in force with the source of every value.
class DeploymentDetailPane : public QWidget
{
    Q_OBJECT

public:
    explicit DeploymentDetailPane(QWidget *parent = nullptr);

    /// Shows `deployment` (a placeholder for nullptr); ages are taken at `now`.
    /// `coldStartSummary` is one line about its cold starts, or "".
    void setDeployment(const std::shared_ptr<const fleet::Deployment> &deployment, SystemTime now,
                       const QString &coldStartSummary = {});
    std::shared_ptr<const fleet::Deployment> deployment() const { return m_deployment; }

    ReplicaTableModel *replicaModel() const { return m_replicaModel; }
    ScalingPolicyForm *policyForm() const { return m_policy; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateHeader();
    void fitReplicaTable();
    QLabel *sectionTitle(const QString &text);

    std::shared_ptr<const fleet::Deployment> m_deployment;
    QString m_coldStartSummary;
    QLabel *m_placeholder = nullptr;
    QWidget *m_body = nullptr;
    QLabel *m_name = nullptr;
    QLabel *m_subtitle = nullptr;
    QLabel *m_url = nullptr;
    QLabel *m_conditions = nullptr;
    QLabel *m_failure = nullptr;
    QTableView *m_replicas = nullptr;
    ReplicaTableModel *m_replicaModel = nullptr;
    ScalingPolicyForm *m_policy = nullptr;
};

} // namespace gantry
