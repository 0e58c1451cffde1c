#include "widgets/deploy/deploydialog.h"

#include "backend/actions/jsonaccess.h"
#include "backend/fleet/fleet.h"
#include "widgets/coldstarts/phasecolours.h"
#include "widgets/deploy/deployform.h"
#include "widgets/deploy/deployprogresspanel.h"
#include "widgets/deploy/deployrunner.h"
#include "widgets/deploy/deployyaml.h"
#include "widgets/noticebar.h"
#include "widgets/scaledfont.h"
#include "widgets/deploy/yamlhighlighter.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace gantry {

namespace {

using Kind = actions::ActionError::Kind;

// Following stops after this even without a verdict: a start that needs a new
// node, a large download and a long warm-up is done well within it.
constexpr std::chrono::minutes kFollowTimeout{45};
constexpr std::size_t kFieldsNamed = 4;

QString capitalised(QString text)
{
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

QString problemLines(const actions::Problems &problems)
{
    QStringList lines;
    for (const actions::Problem &problem : problems)
        lines << QString::fromStdString(problem.text());
    return lines.join(QLatin1Char('\n'));
}

QString fieldList(const std::vector<std::string> &fields)
{
    QStringList names;
    for (std::size_t i = 0; i < fields.size() && i < kFieldsNamed; ++i)
        names << QString::fromStdString(fields[i]);
    QString list = names.join(QStringLiteral(", "));
    if (fields.size() > kFieldsNamed)
        list += QObject::tr(" and %1 more").arg(fields.size() - kFieldsNamed);
    return list;
}

QString outcomeHeading(bool dryRun, const actions::ActionError &error)
{
    const QString action = dryRun ? QObject::tr("Dry run") : QObject::tr("Create");
    QString heading;
    switch (error.kind()) {
    case Kind::Invalid:
        heading = QObject::tr("%1 not sent: the input has problems").arg(action);
        break;
    case Kind::ReadOnly:
        heading = QObject::tr("%1 not sent").arg(action);
        break;
    case Kind::Forbidden:
        heading = QObject::tr("%1 forbidden").arg(action);
        break;
    case Kind::Conflict:
        heading = QObject::tr("%1 ran into a conflict").arg(action);
        break;
    case Kind::AlreadyExists:
        heading = QObject::tr("%1 refused: the name is taken").arg(action);
        break;
    case Kind::NotFound:
        heading = QObject::tr("%1 refused: not found").arg(action);
        break;
    case Kind::ServerInvalid:
        heading = QObject::tr("%1 refused by the server").arg(action);
        break;
    case Kind::Failed:
        heading = QObject::tr("%1 failed").arg(action);
        break;
    }
    if (error.apiError() && error.apiError()->httpCode() > 0) {
        const kube::ApiStatus &status = error.apiError()->status();
        heading += QStringLiteral(" (HTTP %1%2)")
                       .arg(status.code)
                       .arg(status.reason.empty() ? QString() : QLatin1Char(' ') + QString::fromStdString(status.reason));
    }
    return heading;
}

} // namespace

DeployDialog::DeployDialog(actions::ActionContext context, QWidget *parent)
    : QDialog(parent)
    , m_runner(std::make_unique<DeployRunner>(std::move(context)))
{
    setWindowTitle(tr("Deploy a model"));
    auto *layout = new QVBoxLayout(this);
    layout->setSpacing(8);

    auto *title = new QLabel(tr("Deploy a model"), this);
    QFont titleFont = scaledFont(font(), 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);
    QString subtitle = tr("A KServe InferenceService serving the model with vLLM on GPUs.");
    if (!m_runner->context().contextName.empty())
        subtitle += tr(" Cluster context: %1.").arg(QString::fromStdString(m_runner->context().contextName));
    m_subtitle = new QLabel(subtitle, this);
    m_subtitle->setForegroundRole(QPalette::PlaceholderText);
    layout->addWidget(m_subtitle);

    m_body = new QStackedWidget(this);
    m_body->addWidget(buildEditor());
    m_progress = new DeployProgressPanel(m_body);
    m_body->addWidget(m_progress);
    layout->addWidget(m_body, 1);

    m_result = new NoticeBar(this);
    layout->addWidget(m_result);

    m_buttons = new QDialogButtonBox(this);
    m_dryRun = m_buttons->addButton(tr("Dry run"), QDialogButtonBox::ActionRole);
    m_create = m_buttons->addButton(tr("Create"), QDialogButtonBox::ActionRole);
    m_buttons->addButton(QDialogButtonBox::Close);
    for (QPushButton *button : m_buttons->findChildren<QPushButton *>()) {
        // Return in a field must not create anything.
        button->setAutoDefault(false);
        button->setDefault(false);
    }
    layout->addWidget(m_buttons);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_dryRun, &QPushButton::clicked, this, [this] { startDeploy(true); });
    connect(m_create, &QPushButton::clicked, this, [this] { startDeploy(false); });

    m_formTimer = new QTimer(this);
    m_formTimer->setSingleShot(true);
    m_formTimer->setInterval(kValidationDelay);
    connect(m_formTimer, &QTimer::timeout, this, &DeployDialog::refreshFromForm);
    m_yamlTimer = new QTimer(this);
    m_yamlTimer->setSingleShot(true);
    m_yamlTimer->setInterval(kValidationDelay);
    connect(m_yamlTimer, &QTimer::timeout, this, &DeployDialog::refreshFromYaml);

    connect(m_runner.get(), &DeployRunner::deployFinished, this, &DeployDialog::deployFinished);
    connect(m_runner.get(), &DeployRunner::progressChanged, this, [this](const actions::DeployProgress &progress) {
        m_progress->setProgress(progress);
        const QString service = m_progress->serviceName();
        if (progress.state == actions::DeployProgress::State::Ready)
            m_result->setNotice(NoticeBar::Kind::Success, tr("Created %1; it is Ready.").arg(service));
        else if (progress.state == actions::DeployProgress::State::Failed)
            m_result->setNotice(NoticeBar::Kind::Error,
                                tr("Created %1, but it cannot start: see why above. Delete or fix it from the "
                                   "Models page.")
                                    .arg(service));
    });
    connect(m_runner.get(), &DeployRunner::followEnded, this, [this](const QString &error) {
        if (!error.isEmpty())
            m_progress->setFollowError(error);
    });

    refreshFromForm();
    const auto &client = m_runner->context().client;
    if (client && client->readOnly())
        setReadOnly(true, tr("Gantry runs read-only (--read-only or --kiosk): it sends no changes to the cluster."));
    resize(1020, 720);
}

DeployDialog::~DeployDialog() = default;

QWidget *DeployDialog::buildEditor()
{
    auto *page = new QWidget(this);
    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(0, 0, 0, 0);
    m_formBanner = new NoticeBar(page);
    layout->addWidget(m_formBanner);
    connect(m_formBanner, &NoticeBar::actionTriggered, this, &DeployDialog::useTheForm);

    m_tabs = new QTabWidget(page);
    auto *formTab = new QWidget(m_tabs);
    auto *formLayout = new QVBoxLayout(formTab);
    auto *scroll = new QScrollArea(formTab);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    m_form = new DeployForm(scroll);
    scroll->setWidget(m_form);
    formLayout->addWidget(scroll, 1);
    m_otherProblems = new QLabel(formTab);
    m_otherProblems->setWordWrap(true);
    m_otherProblems->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_otherProblems->hide();
    formLayout->addWidget(m_otherProblems);
    m_tabs->addTab(formTab, tr("Form"));

    auto *yamlTab = new QWidget(m_tabs);
    auto *yamlLayout = new QVBoxLayout(yamlTab);
    m_yamlNotice = new NoticeBar(yamlTab);
    yamlLayout->addWidget(m_yamlNotice);
    m_yamlEditor = new QPlainTextEdit(yamlTab);
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    // The fixed font at the size of the rest of the dialog.
    if (font().pixelSize() > 0)
        mono.setPixelSize(font().pixelSize());
    else
        mono.setPointSizeF(font().pointSizeF());
    m_yamlEditor->setFont(mono);
    m_yamlEditor->setLineWrapMode(QPlainTextEdit::NoWrap);
    m_yamlEditor->setTabStopDistance(QFontMetricsF(mono).horizontalAdvance(QLatin1Char(' ')) * 2);
    m_yamlEditor->setAccessibleName(tr("InferenceService YAML"));
    m_highlighter = new YamlHighlighter(m_yamlEditor->document(), isDarkPalette(palette()));
    yamlLayout->addWidget(m_yamlEditor, 1);
    m_tabs->addTab(yamlTab, tr("YAML"));
    layout->addWidget(m_tabs, 1);

    connect(m_form, &DeployForm::edited, this, &DeployDialog::formEdited);
    connect(m_yamlEditor, &QPlainTextEdit::textChanged, this, &DeployDialog::yamlEdited);
    return page;
}

void DeployDialog::setSpec(const actions::DeploySpec &spec)
{
    m_form->setSpec(spec);
    m_form->touchAll();
    m_yamlInCharge = false;
    ++m_generation;
    refreshFromForm();
}

void DeployDialog::setReadOnly(bool readOnly, const QString &reason)
{
    m_readOnly = readOnly;
    m_readOnlyReason = readOnly ? reason : QString();
    updateButtons();
}

void DeployDialog::formEdited()
{
    ++m_generation;
    m_serverProblems.clear();
    m_result->clear();
    m_yamlInCharge = false;
    m_yamlTimer->stop();
    m_formTimer->start();
}

void DeployDialog::yamlEdited()
{
    if (m_settingYaml)
        return;
    ++m_generation;
    m_serverProblems.clear();
    m_result->clear();
    m_yamlInCharge = true;
    m_yamlEditedSinceRender = true;
    m_formTimer->stop();
    m_yamlTimer->start();
}

void DeployDialog::settle()
{
    if (m_formTimer->isActive()) {
        m_formTimer->stop();
        refreshFromForm();
    }
    if (m_yamlTimer->isActive()) {
        m_yamlTimer->stop();
        refreshFromYaml();
    }
}

void DeployDialog::refreshFromForm()
{
    actions::Problems problems;
    const actions::DeploySpec spec = m_form->spec(&problems);
    for (actions::Problem &problem : actions::validateDeploySpec(spec))
        problems.push_back(std::move(problem));

    const auto yaml = formYaml(spec, m_runner->context().templateLibrary());
    if (yaml) {
        const QString text = QString::fromStdString(*yaml);
        if (text != m_yamlEditor->toPlainText()) {
            const bool replacingUserText = m_yamlEditedSinceRender;
            replaceYaml(text);
            m_yamlNotice->setNotice(NoticeBar::Kind::Info,
                                    replacingUserText
                                        ? tr("Rendered again from the form. Undo (Ctrl+Z) in this editor brings back "
                                             "the text you wrote.")
                                        : tr("Rendered from the form. Edit it to add what the form has no field for; "
                                             "the form follows where it can."));
        }
    } else {
        problems.insert(problems.end(), yaml.error().begin(), yaml.error().end());
        m_yamlNotice->setNotice(NoticeBar::Kind::Error,
                                tr("The deploy template cannot be rendered:\n%1").arg(problemLines(yaml.error())));
    }
    m_yamlEditedSinceRender = false;
    m_problems = std::move(problems);
    m_inputValid = m_problems.empty();
    m_form->setEnabled(true);
    m_formBanner->clear();
    const actions::Problems elsewhere = m_form->showProblems([&] {
        actions::Problems all = m_problems;
        all.insert(all.end(), m_serverProblems.begin(), m_serverProblems.end());
        return all;
    }());
    m_otherProblems->setText(problemLines(elsewhere));
    m_otherProblems->setVisible(!elsewhere.empty());
    updateButtons();
}

QString DeployDialog::defaultNamespace() const
{
    const std::string formNamespace = m_form->spec().namespaceName;
    return formNamespace.empty() ? QStringLiteral("default") : QString::fromStdString(formNamespace);
}

void DeployDialog::refreshFromYaml()
{
    showYamlReading(readDeployYaml(m_yamlEditor->toPlainText().toStdString(), defaultNamespace().toStdString(),
                                   m_runner->context().templateLibrary()));
}

void DeployDialog::showYamlReading(const DeployYamlReading &reading)
{
    m_problems = reading.problems;
    m_inputValid = reading.readable && reading.problems.empty();
    if (!reading.readable) {
        // Nothing the form could show: lock it rather than let an edit there replace the text.
        m_form->setEnabled(false);
        m_yamlNotice->setNotice(NoticeBar::Kind::Error,
                                tr("The YAML cannot be read:\n%1").arg(problemLines(reading.problems)));
        m_formBanner->setNotice(NoticeBar::Kind::Error,
                                tr("The YAML tab holds text that cannot be read as an InferenceService. The form is "
                                   "locked so your text is not overwritten: fix it there, or discard it."));
        m_formBanner->setAction(tr("Discard the YAML edits"));
        updateButtons();
        return;
    }

    m_form->setSpec(reading.spec);
    m_form->touchAll();
    actions::Problems all = m_problems;
    all.insert(all.end(), m_serverProblems.begin(), m_serverProblems.end());
    const actions::Problems elsewhere = m_form->showProblems(all);
    m_otherProblems->setText(problemLines(elsewhere));
    m_otherProblems->setVisible(!elsewhere.empty());

    const QString problems = reading.problems.empty()
                                 ? QString()
                                 : tr("\nTo fix:\n%1").arg(problemLines(reading.problems));
    if (!reading.formCannotShow.empty()) {
        const QString fields = fieldList(reading.formCannotShow);
        m_form->setEnabled(false);
        m_formBanner->setNotice(NoticeBar::Kind::Warning,
                                tr("The YAML holds what the form cannot show: %1. The YAML is in charge: Dry run and "
                                   "Create send it as written. The form shows the rest and is locked.")
                                    .arg(fields));
        m_formBanner->setAction(tr("Discard the YAML-only settings"));
        m_yamlNotice->setNotice(reading.problems.empty() ? NoticeBar::Kind::Warning : NoticeBar::Kind::Error,
                                tr("In charge: the form cannot show %1, so Dry run and Create send this YAML as "
                                   "written.%2")
                                    .arg(fields, problems));
    } else {
        m_form->setEnabled(true);
        m_formBanner->clear();
        m_yamlNotice->setNotice(reading.problems.empty() ? NoticeBar::Kind::Success : NoticeBar::Kind::Error,
                                tr("The form shows everything in this YAML.%1").arg(problems));
    }
    updateButtons();
}

void DeployDialog::useTheForm()
{
    m_yamlTimer->stop();
    m_yamlInCharge = false;
    ++m_generation;
    m_serverProblems.clear();
    m_result->clear();
    refreshFromForm();
}

void DeployDialog::replaceYaml(const QString &text)
{
    m_settingYaml = true;
    if (m_yamlEditor->document()->isEmpty()) {
        m_yamlEditor->setPlainText(text);
    } else {
        // An edit rather than setPlainText(): the user's text stays on the undo stack.
        const int scroll = m_yamlEditor->verticalScrollBar()->value();
        QTextCursor cursor(m_yamlEditor->document());
        cursor.beginEditBlock();
        cursor.select(QTextCursor::Document);
        cursor.insertText(text);
        cursor.endEditBlock();
        m_yamlEditor->verticalScrollBar()->setValue(scroll);
    }
    m_settingYaml = false;
}

void DeployDialog::startDeploy(bool dryRun)
{
    settle();
    m_form->touchAll();
    if (!m_yamlInCharge)
        refreshFromForm(); // marks every field now that all count as touched
    if (!m_inputValid || m_readOnly || m_runner->deploying()) {
        updateButtons();
        return;
    }
    DeployRequest request;
    request.dryRun = dryRun;
    request.generation = m_generation;
    request.defaultNamespace = defaultNamespace().toStdString();
    if (m_yamlInCharge)
        request.yaml = m_yamlEditor->toPlainText().toStdString();
    else
        request.spec = m_form->spec();
    m_result->setNotice(NoticeBar::Kind::Info, dryRun ? tr("Dry run: asking the server…") : tr("Creating…"));
    m_runner->deploy(request);
    updateButtons();
}

void DeployDialog::deployFinished(const DeployOutcome &outcome)
{
    if (outcome.dryRun && outcome.generation != m_generation) {
        // The input changed while the server thought about the old one.
        m_result->setNotice(NoticeBar::Kind::Info,
                            tr("The dry run answered for an earlier version of the input; run it again."));
        updateButtons();
        return;
    }
    if (outcome.ok()) {
        const QString ns = QString::fromStdString(actions::jsonString(outcome.object, {"metadata", "namespace"}));
        const QString name = QString::fromStdString(actions::jsonString(outcome.object, {"metadata", "name"}));
        if (outcome.dryRun) {
            m_result->setNotice(NoticeBar::Kind::Success,
                                tr("Dry run passed: the server validated and admitted %1/%2 as it stands. Nothing "
                                   "was stored.")
                                    .arg(ns, name));
        } else {
            m_created = true;
            m_result->setNotice(NoticeBar::Kind::Success,
                                tr("Created %1/%2. Following its replicas until they are Ready.").arg(ns, name));
            m_progress->start(ns, name);
            m_body->setCurrentWidget(m_progress);
            m_runner->follow(ns.toStdString(), name.toStdString(), m_followInterval, kFollowTimeout);
            Q_EMIT deployed(ns, name);
        }
        updateButtons();
        return;
    }
    const actions::ActionError &error = *outcome.error;
    if (error.kind() == Kind::ServerInvalid || error.kind() == Kind::Invalid) {
        m_serverProblems = error.kind() == Kind::ServerInvalid ? error.problems() : actions::Problems();
        actions::Problems all = m_problems;
        all.insert(all.end(), error.problems().begin(), error.problems().end());
        m_form->showProblems(all);
    }
    m_result->setNotice(NoticeBar::Kind::Error, outcomeHeading(outcome.dryRun, error) + QStringLiteral(":\n")
                                                    + capitalised(QString::fromStdString(error.message())));
    updateButtons();
}

void DeployDialog::updateButtons()
{
    m_dryRun->setVisible(!m_created);
    m_create->setVisible(!m_created);
    QString why;
    if (m_readOnly)
        why = m_readOnlyReason;
    else if (m_runner->deploying())
        why = tr("Waiting for the server's answer…");
    else if (!m_inputValid)
        why = tr("Fix these first:\n%1").arg(problemLines(m_problems));
    const bool enabled = why.isEmpty();
    m_dryRun->setEnabled(enabled);
    m_create->setEnabled(enabled);
    m_dryRun->setToolTip(enabled ? tr("Ask the server to validate and admit the InferenceService without storing "
                                      "it (dryRun=All)")
                                 : why);
    m_create->setToolTip(enabled ? tr("Create the InferenceService and follow its replicas to Ready") : why);
}

void DeployDialog::applySnapshot(const std::shared_ptr<const fleet::FleetSnapshot> &snapshot)
{
    m_progress->setSnapshot(snapshot);
}

void DeployDialog::done(int result)
{
    // Nobody watches the progress of a closed dialog; a create in flight finishes regardless.
    m_runner->stopFollowing();
    QDialog::done(result);
}

} // namespace gantry
