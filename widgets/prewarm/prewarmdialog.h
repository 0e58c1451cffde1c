#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/prewarmaction.h"

#include <QDialog>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QTableView;
class QTreeView;
class QWidget;

namespace gantry::fleet {
struct FleetSnapshot;
}

namespace gantry {

class NoticeBar;
class PrewarmController;
class PrewarmProgressModel;
class PrewarmTargetModel;

/// Warms nodes for a model before replicas need it: choose the model, the
/// method (prewarm Jobs reading a shared volume, or a KServe LocalModelCache),
/// and pools or nodes in a tree that shows which already hold the model and
/// what else their caches hold. Start runs PrewarmAction off the UI thread;
/// per-node progress bars follow the Jobs' status and log lines (or the cache's
/// node status) until every node is done; Cancel deletes what was started.
/// Problems with the choice are shown in words beside it, from the backend's validation.
class PrewarmDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PrewarmDialog(actions::ActionContext context, QWidget *parent = nullptr);
    ~PrewarmDialog() override;

    void applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot);
    /// Disables Start and Cancel, with `reason` as their tooltip.
    void setReadOnly(bool readOnly, const QString &reason);
    /// Chooses the model with this storage URI (e.g. the deployment selected on the models page).
    void setModel(const QString &storageUri);
    void setPollInterval(std::chrono::milliseconds interval);

    /// What Start would send.
    actions::PrewarmSpec spec() const;

    QComboBox *modelBox() const { return m_model; }
    QRadioButton *jobsButton() const { return m_jobs; }
    QRadioButton *cacheButton() const { return m_cache; }
    QLineEdit *modelSizeEdit() const { return m_modelSize; }
    QTreeView *targetView() const { return m_targetView; }
    PrewarmTargetModel *targets() const { return m_targets; }
    QTableView *progressView() const { return m_progressView; }
    PrewarmProgressModel *progress() const { return m_progress; }
    QPushButton *startButton() const { return m_start; }
    QPushButton *cancelButton() const { return m_cancel; }
    /// The problems shown beside the fields, one per line.
    QString problemsText() const;
    QString statusText() const;

private:
    struct ModelChoice
    {
        std::string label, uri, namespaceName;
    };

    void setModels(std::vector<ModelChoice> models);
    void revalidate();
    void updateButtons();
    void updateSummary();
    void methodChanged();

    PrewarmController *m_controller = nullptr;
    PrewarmTargetModel *m_targets = nullptr;
    PrewarmProgressModel *m_progress = nullptr;
    QComboBox *m_model = nullptr;
    QRadioButton *m_jobs = nullptr;
    QRadioButton *m_cache = nullptr;
    QLabel *m_modelSizeLabel = nullptr;
    QLineEdit *m_modelSize = nullptr;
    QLabel *m_methodNote = nullptr;
    QLabel *m_modelProblem = nullptr;
    QLabel *m_sizeProblem = nullptr;
    QLabel *m_nodesProblem = nullptr;
    QTreeView *m_targetView = nullptr;
    QWidget *m_progressBox = nullptr;
    QLabel *m_summary = nullptr;
    QTableView *m_progressView = nullptr;
    NoticeBar *m_status = nullptr;
    QPushButton *m_start = nullptr;
    QPushButton *m_cancel = nullptr;
    std::vector<ModelChoice> m_models;
    bool m_problems = false;
    bool m_readOnly = false;
    bool m_cancelling = false;
    QString m_readOnlyReason;
};

} // namespace gantry
