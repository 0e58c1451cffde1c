#pragma once

#include "backend/actions/deployprogress.h"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QVBoxLayout;

namespace gantry {

namespace fleet {
struct FleetSnapshot;
}

class ColdStartSteps;
class NoticeBar;

/// A new InferenceService on its way to Ready: the verdict of DeployObserver
/// (state, replicas ready, why it waits or failed) and, from the fleet
/// snapshots, each replica's cold-start phases as they happen.
class DeployProgressPanel : public QWidget
{
    Q_OBJECT

public:
    explicit DeployProgressPanel(QWidget *parent = nullptr);

    /// Starts over for namespace/name, just created.
    void start(const QString &namespaceName, const QString &name);
    void setProgress(const actions::DeployProgress &progress);
    /// Following stopped before a verdict, e.g. the connection dropped.
    void setFollowError(const QString &error);
    void setSnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);

    /// The state line as shown ("Starting: 0 of 1 replicas ready").
    QString stateText() const;
    /// The notice under it (why it waits or failed), "" when none.
    QString noticeText() const;
    /// Per replica shown, its steps' texts ("image pull: 42s").
    QList<QStringList> replicaSteps() const;
    std::optional<actions::DeployProgress> progress() const { return m_progress; }
    /// "namespace/name" of the service followed.
    QString serviceName() const { return m_namespace + QLatin1Char('/') + m_name; }

private:
    void updateState();
    void updateReplicas();

    QString m_namespace;
    QString m_name;
    std::optional<actions::DeployProgress> m_progress;
    QString m_followError;
    std::shared_ptr<const fleet::FleetSnapshot> m_snapshot;

    QLabel *m_title = nullptr;
    QLabel *m_stateDot = nullptr;
    QLabel *m_state = nullptr;
    NoticeBar *m_notice = nullptr;
    QLabel *m_replicasHint = nullptr;
    QWidget *m_replicas = nullptr;
    QVBoxLayout *m_replicasLayout = nullptr;
    QList<ColdStartSteps *> m_steps;
};

} // namespace gantry
