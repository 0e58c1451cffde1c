#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/deploymanifest.h"

#include <QDialog>

#include <chrono>
#include <cstdint>
#include <memory>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTabWidget;
class QTimer;

namespace gantry {

namespace fleet {
struct FleetSnapshot;
}

class DeployForm;
class DeployProgressPanel;
class DeployRunner;
class NoticeBar;
class YamlHighlighter;
struct DeployOutcome;
struct DeployYamlReading;

/// Deploys a vLLM InferenceService: a form and its YAML kept in step, checked as
/// the user types, a server dry run, then Create and the new service's cold start
/// followed live to Ready or to why it cannot start. Requests run off the UI
/// thread; closing or deleting the dialog while one runs is safe.
///
/// The form renders the YAML from the inferenceservice-vllm template. Edits in
/// the YAML update the form where it can show them; when the YAML holds more
/// (labels, env, tolerations…) the YAML is in charge: the form locks, a banner
/// names what it cannot show, and only an explicit "Use the form" drops it.
class DeployDialog : public QDialog
{
    Q_OBJECT

public:
    /// How long typing settles before the input is checked and the other side re-rendered.
    static constexpr std::chrono::milliseconds kValidationDelay{300};

    explicit DeployDialog(actions::ActionContext context, QWidget *parent = nullptr);
    ~DeployDialog() override;

    /// Prefills the form (e.g. a model picked elsewhere).
    void setSpec(const actions::DeploySpec &spec);
    /// Disables Dry run and Create, their tooltips giving `reason`. A read-only
    /// client sets this by itself.
    void setReadOnly(bool readOnly, const QString &reason);
    bool isReadOnly() const { return m_readOnly; }
    /// How often the new service is looked at after Create (default 2 s).
    void setFollowInterval(std::chrono::milliseconds interval) { m_followInterval = interval; }

    /// True when the YAML tab holds what Dry run and Create send (the user edited it last).
    bool yamlInCharge() const { return m_yamlInCharge; }
    /// True when the input passed the local checks (the last settled state).
    bool inputValid() const { return m_inputValid; }
    /// Checks now what the debounce timer would check later.
    void settle();

    DeployForm *form() const { return m_form; }
    QTabWidget *tabs() const { return m_tabs; }
    QPlainTextEdit *yamlEditor() const { return m_yamlEditor; }
    QPushButton *dryRunButton() const { return m_dryRun; }
    QPushButton *createButton() const { return m_create; }
    /// The banner over the form (the YAML is in charge or unreadable).
    NoticeBar *formBanner() const { return m_formBanner; }
    /// The line over the YAML editor (what the YAML holds, its problems).
    NoticeBar *yamlNotice() const { return m_yamlNotice; }
    /// The dry run's or create's answer.
    NoticeBar *resultNotice() const { return m_result; }
    DeployProgressPanel *progressPanel() const { return m_progress; }

public Q_SLOTS:
    /// The console's fleet snapshots, for the cold-start phases of the new replicas.
    void applySnapshot(const std::shared_ptr<const gantry::fleet::FleetSnapshot> &snapshot);

Q_SIGNALS:
    /// The InferenceService was created; the dialog now follows it.
    void deployed(const QString &namespaceName, const QString &name);

protected:
    void done(int result) override;

private:
    QWidget *buildEditor();
    void formEdited();
    void yamlEdited();
    void refreshFromForm();
    void refreshFromYaml();
    void showYamlReading(const DeployYamlReading &reading);
    void useTheForm();
    void replaceYaml(const QString &text);
    void startDeploy(bool dryRun);
    void deployFinished(const DeployOutcome &outcome);
    void updateButtons();
    QString defaultNamespace() const;

    std::unique_ptr<DeployRunner> m_runner;
    actions::Problems m_problems; ///< the local problems of the input as last checked
    actions::Problems m_serverProblems; ///< the causes of the server's last refusal
    std::uint64_t m_generation = 0; ///< counts edits; a result for older input is not shown as current
    bool m_inputValid = false;
    bool m_yamlInCharge = false;
    bool m_yamlEditedSinceRender = false;
    bool m_settingYaml = false;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    bool m_created = false;
    std::chrono::milliseconds m_followInterval{2000};

    QLabel *m_subtitle = nullptr;
    QStackedWidget *m_body = nullptr;
    QTabWidget *m_tabs = nullptr;
    DeployForm *m_form = nullptr;
    NoticeBar *m_formBanner = nullptr;
    QLabel *m_otherProblems = nullptr;
    QPlainTextEdit *m_yamlEditor = nullptr;
    YamlHighlighter *m_highlighter = nullptr;
    NoticeBar *m_yamlNotice = nullptr;
    DeployProgressPanel *m_progress = nullptr;
    NoticeBar *m_result = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
    QPushButton *m_dryRun = nullptr;
    QPushButton *m_create = nullptr;
    QTimer *m_formTimer = nullptr;
    QTimer *m_yamlTimer = nullptr;
};

} // namespace gantry
