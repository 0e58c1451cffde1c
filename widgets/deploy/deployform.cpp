#include "widgets/deploy/deployform.h"

#include "widgets/coldstarts/phasecolours.h"

#include <QComboBox>
#include <QEvent>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace gantry {

namespace {

using actions::DeploymentMode;
using Field = DeployForm::Field;

// Widgets limit what can be typed to digits, so a value either parses or is empty.
std::optional<std::int64_t> integerOf(const QLineEdit *edit)
{
    bool ok = false;
    const qlonglong value = edit->text().toLongLong(&ok);
    return ok ? std::optional<std::int64_t>(value) : std::nullopt;
}

std::optional<double> numberOf(const QLineEdit *edit)
{
    bool ok = false;
    const double value = edit->text().toDouble(&ok);
    return ok ? std::optional<double>(value) : std::nullopt;
}

QString integerText(const std::optional<std::int64_t> &value)
{
    return value ? QString::number(*value) : QString();
}

QString numberText(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 12) : QString();
}

QString durationText(const std::optional<double> &seconds)
{
    if (!seconds)
        return {};
    const double value = *seconds;
    if (value > 0 && std::fmod(value, 3600) == 0)
        return QString::number(value / 3600) + QLatin1Char('h');
    if (value > 0 && std::fmod(value, 60) == 0)
        return QString::number(value / 60) + QLatin1Char('m');
    return QString::number(value, 'g', 12) + QLatin1Char('s');
}

QValidator *digitsValidator(QObject *parent)
{
    return new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,9}")), parent);
}

QValidator *decimalValidator(QObject *parent)
{
    return new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,9}(\\.[0-9]{0,3})?")), parent);
}

QLineEdit *lineEdit(QWidget *parent, const QString &placeholder, QValidator *(*validator)(QObject *) = nullptr)
{
    auto *edit = new QLineEdit(parent);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(false);
    if (validator)
        edit->setValidator(validator(edit));
    return edit;
}

std::string comboValue(const QComboBox *combo)
{
    return combo->currentData().toString().toStdString();
}

// Selects the item holding `value`; a value the form has no item for (a class
// a newer KServe knows) gets one, so it is shown rather than replaced.
void selectValue(QComboBox *combo, const QString &value)
{
    int index = combo->findData(value);
    if (index < 0) {
        combo->addItem(value, value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

DeploymentMode modeOf(const QComboBox *combo)
{
    return combo->currentData().toInt() == static_cast<int>(DeploymentMode::Standard) ? DeploymentMode::Standard
                                                                                      : DeploymentMode::Knative;
}

bool knativeOnly(Field field)
{
    return field == Field::TargetUtilization || field == Field::InitialScale || field == Field::ScaleDownDelay
        || field == Field::ScaleToZeroRetention;
}

QGridLayout *formGrid(QWidget *box)
{
    auto *grid = new QGridLayout(box);
    grid->setColumnStretch(1, 1);
    grid->setHorizontalSpacing(10);
    grid->setVerticalSpacing(6);
    return grid;
}

} // namespace

DeployForm::DeployForm(QWidget *parent)
    : QWidget(parent)
{
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    layout->addWidget(buildModelSection(), 1);
    layout->addWidget(buildScalingSection(), 1);
    fillModeChoices();
    updateModeRows();

    // The mode decides which choices and rows exist, so it is applied before edited() goes out.
    connect(m_mode, &QComboBox::currentIndexChanged, this, [this] {
        if (m_filling)
            return;
        fillModeChoices();
        updateModeRows();
    });
    for (const auto &[field, row] : m_rows) {
        const auto edited = [this, f = field] { userEdited(f); };
        if (auto *edit = qobject_cast<QLineEdit *>(row.editor))
            connect(edit, &QLineEdit::textEdited, this, edited);
        else if (auto *spin = qobject_cast<QSpinBox *>(row.editor))
            connect(spin, &QSpinBox::valueChanged, this, edited);
        else if (auto *combo = qobject_cast<QComboBox *>(row.editor))
            connect(combo, &QComboBox::currentIndexChanged, this, edited);
    }
    setSpec(actions::DeploySpec());
}

QWidget *DeployForm::buildModelSection()
{
    auto *box = new QGroupBox(tr("Model"), this);
    auto *form = formGrid(box);
    m_name = lineEdit(box, tr("e.g. llama-3-8b"));
    m_namespace = lineEdit(box, tr("default"));
    m_storageUri = lineEdit(box, tr("pvc://claim/path, oci://, hf://owner/model, s3://bucket/path"));
    m_storageUri->setToolTip(tr("Where the weights are: pvc://<claim>/<path>, oci://<registry>/<repo>[:tag], "
                                "hf://<owner>/<model>[:revision], s3://<bucket>/<path>, gs:// or https://"));
    m_runtime = lineEdit(box, tr("kserve-vllmserver"));
    m_gpus = new QSpinBox(box);
    m_gpus->setRange(0, 64);
    m_gpus->setSuffix(tr(" per replica"));
    m_cpu = lineEdit(box, tr("e.g. 8"));
    m_memory = lineEdit(box, tr("e.g. 64Gi"));
    m_maxModelLen = lineEdit(box, tr("the model's own"), digitsValidator);
    m_maxModelLen->setToolTip(tr("--max-model-len: the longest prompt plus output, in tokens"));
    m_extraArgs = lineEdit(box, tr("e.g. --enable-prefix-caching --gpu-memory-utilization=0.9"));
    m_extraArgs->setToolTip(tr("vLLM engine flags after the runtime's own (--port and --model are set for you), "
                               "separated by spaces"));

    addRow(form, Field::Name, tr("Name"), m_name);
    addRow(form, Field::Namespace, tr("Namespace"), m_namespace);
    addRow(form, Field::StorageUri, tr("Storage URI"), m_storageUri);
    addRow(form, Field::Runtime, tr("Serving runtime"), m_runtime);
    addRow(form, Field::Gpus, tr("GPUs"), m_gpus);
    addRow(form, Field::Cpu, tr("CPU"), m_cpu);
    addRow(form, Field::Memory, tr("Memory"), m_memory);
    addRow(form, Field::MaxModelLen, tr("Max model length"), m_maxModelLen);
    addRow(form, Field::ExtraArgs, tr("Engine arguments"), m_extraArgs);
    form->setRowStretch(form->rowCount(), 1);
    return box;
}

QWidget *DeployForm::buildScalingSection()
{
    auto *box = new QGroupBox(tr("Scaling"), this);
    auto *form = formGrid(box);
    auto *hint = new QLabel(tr("Empty fields keep the cluster's defaults."), box);
    hint->setForegroundRole(QPalette::PlaceholderText);
    form->addWidget(hint, 0, 0, 1, 2);

    m_mode = new QComboBox(box);
    m_mode->addItem(tr("Knative (serverless, can scale to zero)"), static_cast<int>(DeploymentMode::Knative));
    m_mode->addItem(tr("Standard (Deployment with HPA or KEDA)"), static_cast<int>(DeploymentMode::Standard));
    m_autoscalerClass = new QComboBox(box);
    m_metric = new QComboBox(box);
    m_target = lineEdit(box, tr("default"), decimalValidator);
    m_minReplicas = lineEdit(box, tr("default"), digitsValidator);
    m_maxReplicas = lineEdit(box, tr("default (0 = no limit in Knative)"), digitsValidator);
    m_targetUtilization = lineEdit(box, tr("default (70)"), decimalValidator);
    m_initialScale = lineEdit(box, tr("default (1)"), digitsValidator);
    m_scaleDownDelay = lineEdit(box, tr("default (0s), e.g. 5m"));
    m_scaleToZeroRetention = lineEdit(box, tr("default (0s), e.g. 10m"));

    addRow(form, Field::Mode, tr("Deployment mode"), m_mode);
    addRow(form, Field::AutoscalerClass, tr("Autoscaler"), m_autoscalerClass);
    addRow(form, Field::Metric, tr("Metric"), m_metric);
    addRow(form, Field::Target, tr("Target"), m_target);
    addRow(form, Field::MinReplicas, tr("Min replicas"), m_minReplicas);
    addRow(form, Field::MaxReplicas, tr("Max replicas"), m_maxReplicas);
    addRow(form, Field::TargetUtilization, tr("Target utilisation %"), m_targetUtilization);
    addRow(form, Field::InitialScale, tr("Initial scale"), m_initialScale);
    addRow(form, Field::ScaleDownDelay, tr("Scale-down delay"), m_scaleDownDelay);
    addRow(form, Field::ScaleToZeroRetention, tr("Scale-to-zero retention"), m_scaleToZeroRetention);
    form->setRowStretch(form->rowCount(), 1);
    return box;
}

void DeployForm::addRow(QGridLayout *grid, Field field, const QString &label, QWidget *editor)
{
    // Two grid rows per field: the label and editor, then the problem under the
    // editor. A row whose widgets are all hidden takes no space.
    const int row = grid->rowCount();
    auto *text = new QLabel(label, grid->parentWidget());
    text->setBuddy(editor);
    auto *problem = new QLabel(grid->parentWidget());
    problem->setWordWrap(true);
    problem->setTextFormat(Qt::PlainText);
    problem->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problem->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    problem->hide();
    grid->addWidget(text, row, 0);
    grid->addWidget(editor, row, 1);
    grid->addWidget(problem, row + 1, 1);
    m_rows[field] = Row{text, editor, problem, true};
}

void DeployForm::fillModeChoices()
{
    const QString previousClass = m_autoscalerClass->currentData().toString();
    const QString previousMetric = m_metric->currentData().toString();
    const bool knative = modeOf(m_mode) == DeploymentMode::Knative;
    const QSignalBlocker classBlocker(m_autoscalerClass);
    const QSignalBlocker metricBlocker(m_metric);
    m_autoscalerClass->clear();
    m_metric->clear();
    if (knative) {
        m_autoscalerClass->addItem(tr("default (KPA)"), QString());
        m_autoscalerClass->addItem(tr("KPA: Knative Pod Autoscaler"), QStringLiteral("kpa"));
        m_autoscalerClass->addItem(tr("HPA: Kubernetes Horizontal Pod Autoscaler"), QStringLiteral("hpa"));
        m_metric->addItem(tr("default (concurrency)"), QString());
        for (const char *metric : {"concurrency", "rps", "cpu", "memory"})
            m_metric->addItem(QLatin1String(metric), QLatin1String(metric));
        m_target->setPlaceholderText(tr("default (100 concurrent requests)"));
    } else {
        m_autoscalerClass->addItem(tr("default (HPA)"), QString());
        for (const char *cls : {"hpa", "keda", "external", "none"})
            m_autoscalerClass->addItem(QLatin1String(cls), QLatin1String(cls));
        m_metric->addItem(tr("default (cpu)"), QString());
        for (const char *metric : {"cpu", "memory"})
            m_metric->addItem(QLatin1String(metric), QLatin1String(metric));
        m_target->setPlaceholderText(tr("default (80 % utilisation)"));
    }
    const int cls = m_autoscalerClass->findData(previousClass);
    m_autoscalerClass->setCurrentIndex(cls < 0 ? 0 : cls);
    const int metric = m_metric->findData(previousMetric);
    m_metric->setCurrentIndex(metric < 0 ? 0 : metric);
}

void DeployForm::updateModeRows()
{
    const bool knative = modeOf(m_mode) == DeploymentMode::Knative;
    for (auto &[field, row] : m_rows) {
        if (knativeOnly(field)) {
            row.applies = knative;
            updateRowVisibility(row);
        }
    }
}

void DeployForm::updateRowVisibility(const Row &row)
{
    row.label->setVisible(row.applies);
    row.editor->setVisible(row.applies);
    row.problem->setVisible(row.applies && !row.problem->text().isEmpty());
}

actions::DeploySpec DeployForm::spec(actions::Problems *problems) const
{
    actions::DeploySpec s;
    s.name = m_name->text().toStdString();
    s.namespaceName = m_namespace->text().toStdString();
    s.storageUri = m_storageUri->text().toStdString();
    s.runtime = m_runtime->text().toStdString();
    s.gpus = m_gpus->value();
    s.cpu = m_cpu->text().toStdString();
    s.memory = m_memory->text().toStdString();
    s.maxModelLen = integerOf(m_maxModelLen);
    for (const QString &arg : m_extraArgs->text().split(QLatin1Char(' '), Qt::SkipEmptyParts))
        s.extraArgs.push_back(arg.toStdString());

    actions::ScalingSettings &scaling = s.scaling;
    scaling.mode = modeOf(m_mode);
    scaling.autoscalerClass = comboValue(m_autoscalerClass);
    scaling.metric = comboValue(m_metric);
    scaling.target = numberOf(m_target);
    scaling.minReplicas = integerOf(m_minReplicas);
    scaling.maxReplicas = integerOf(m_maxReplicas);
    if (scaling.mode == DeploymentMode::Knative) {
        scaling.targetUtilizationPercent = numberOf(m_targetUtilization);
        scaling.initialScale = integerOf(m_initialScale);
        const auto duration = [&](const QLineEdit *edit, std::string_view what) -> std::optional<double> {
            const std::string text = edit->text().trimmed().toStdString();
            if (text.empty())
                return std::nullopt;
            const auto seconds = actions::parseGoDuration(text);
            if (!seconds && problems)
                problems->push_back({actions::scalingField(DeploymentMode::Knative, what),
                                     "must be a duration such as 90s, 5m or 1h30m", text});
            return seconds;
        };
        scaling.scaleDownDelaySeconds = duration(m_scaleDownDelay, "scaleDownDelay");
        scaling.scaleToZeroRetentionSeconds = duration(m_scaleToZeroRetention, "scaleToZeroRetention");
    }
    return s;
}

void DeployForm::setSpec(const actions::DeploySpec &s)
{
    m_filling = true;
    const QSignalBlocker gpuBlocker(m_gpus);
    m_name->setText(QString::fromStdString(s.name));
    m_namespace->setText(QString::fromStdString(s.namespaceName));
    m_storageUri->setText(QString::fromStdString(s.storageUri));
    m_runtime->setText(QString::fromStdString(s.runtime));
    m_gpus->setValue(static_cast<int>(std::clamp<std::int64_t>(s.gpus, m_gpus->minimum(), m_gpus->maximum())));
    m_cpu->setText(QString::fromStdString(s.cpu));
    m_memory->setText(QString::fromStdString(s.memory));
    m_maxModelLen->setText(integerText(s.maxModelLen));
    QStringList args;
    for (const std::string &arg : s.extraArgs)
        args << QString::fromStdString(arg);
    m_extraArgs->setText(args.join(QLatin1Char(' ')));

    const actions::ScalingSettings &scaling = s.scaling;
    {
        const QSignalBlocker modeBlocker(m_mode);
        m_mode->setCurrentIndex(m_mode->findData(static_cast<int>(scaling.mode)));
    }
    fillModeChoices();
    updateModeRows();
    {
        const QSignalBlocker classBlocker(m_autoscalerClass);
        const QSignalBlocker metricBlocker(m_metric);
        QString cls = QString::fromStdString(scaling.autoscalerClass);
        cls.remove(QStringLiteral(".autoscaling.knative.dev"));
        selectValue(m_autoscalerClass, cls);
        selectValue(m_metric, QString::fromStdString(scaling.metric));
    }
    m_target->setText(numberText(scaling.target));
    m_minReplicas->setText(integerText(scaling.minReplicas));
    m_maxReplicas->setText(integerText(scaling.maxReplicas));
    m_targetUtilization->setText(numberText(scaling.targetUtilizationPercent));
    m_initialScale->setText(integerText(scaling.initialScale));
    m_scaleDownDelay->setText(durationText(scaling.scaleDownDelaySeconds));
    m_scaleToZeroRetention->setText(durationText(scaling.scaleToZeroRetentionSeconds));
    m_filling = false;
}

std::optional<Field> DeployForm::fieldOf(const std::string &problemField, const actions::DeploySpec &spec)
{
    static const std::pair<const char *, Field> exact[] = {
        {"metadata.name", Field::Name},
        {"metadata.namespace", Field::Namespace},
        {"metadata.annotations[serving.kserve.io/deploymentMode]", Field::Mode},
        {"spec.predictor.model.storageUri", Field::StorageUri},
        {"spec.predictor.model.runtime", Field::Runtime},
        {"spec.predictor.model.resources.limits[nvidia.com/gpu]", Field::Gpus},
        {"spec.predictor.model.resources.requests[nvidia.com/gpu]", Field::Gpus},
        {"spec.predictor.model.resources.limits[cpu]", Field::Cpu},
        {"spec.predictor.model.resources.requests[cpu]", Field::Cpu},
        {"spec.predictor.model.resources.limits[memory]", Field::Memory},
        {"spec.predictor.model.resources.requests[memory]", Field::Memory},
    };
    for (const auto &[name, field] : exact) {
        if (problemField == name)
            return field;
    }
    if (problemField.rfind("spec.predictor.model.args", 0) == 0) {
        // runtimeArgsOf() puts --max-model-len first.
        if (spec.maxModelLen && problemField == "spec.predictor.model.args[0]")
            return Field::MaxModelLen;
        return Field::ExtraArgs;
    }
    static const std::pair<std::string_view, Field> scaling[] = {
        {"autoscalerClass", Field::AutoscalerClass},
        {"metric", Field::Metric},
        {"target", Field::Target},
        {"minReplicas", Field::MinReplicas},
        {"maxReplicas", Field::MaxReplicas},
        {"targetUtilizationPercent", Field::TargetUtilization},
        {"initialScale", Field::InitialScale},
        {"scaleDownDelay", Field::ScaleDownDelay},
        {"scaleToZeroRetention", Field::ScaleToZeroRetention},
    };
    for (DeploymentMode mode : {DeploymentMode::Knative, DeploymentMode::Standard}) {
        for (const auto &[what, field] : scaling) {
            if (actions::scalingField(mode, what) == problemField)
                return field;
        }
    }
    return std::nullopt;
}

actions::Problems DeployForm::showProblems(const actions::Problems &problems)
{
    const actions::DeploySpec current = spec();
    std::map<Field, QStringList> messages;
    actions::Problems elsewhere;
    for (const actions::Problem &problem : problems) {
        const auto field = fieldOf(problem.field, current);
        if (!field || !m_rows[*field].applies) {
            elsewhere.push_back(problem);
            continue;
        }
        if (!m_touched.count(*field))
            continue;
        QString message = QString::fromStdString(problem.message);
        if (*field == Field::ExtraArgs && !problem.value.empty())
            message += tr(" (“%1”)").arg(QString::fromStdString(problem.value));
        messages[*field] << message;
    }
    for (const auto &[field, row] : m_rows) {
        const auto it = messages.find(field);
        setMarked(field, it == messages.end() ? QString() : it->second.join(QLatin1Char('\n')));
    }
    return elsewhere;
}

void DeployForm::setMarked(Field field, const QString &message)
{
    if (m_problems[field] == message)
        return;
    m_problems[field] = message;
    const Row &row = m_rows[field];
    row.problem->setText(message);
    updateRowVisibility(row);
    row.editor->setAccessibleDescription(message);
    applyMarkColours();
}

void DeployForm::applyMarkColours()
{
    const bool dark = isDarkPalette(palette());
    const QColor tint = dark ? QColor(88, 32, 32) : QColor(253, 236, 234);
    const QColor text = dark ? QColor(242, 184, 181) : QColor(179, 38, 30);
    for (const auto &[field, row] : m_rows) {
        const bool marked = !m_problems[field].isEmpty();
        QPalette editorPalette;
        if (marked) {
            editorPalette = palette();
            editorPalette.setColor(QPalette::Base, tint);
            editorPalette.setColor(QPalette::Button, tint);
        }
        row.editor->setPalette(editorPalette);
        QPalette messagePalette = palette();
        messagePalette.setColor(QPalette::WindowText, text);
        row.problem->setPalette(messagePalette);
    }
}

void DeployForm::changeEvent(QEvent *event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && !m_rows.empty()) {
        const QSignalBlocker blocker(this);
        applyMarkColours();
    }
}

QWidget *DeployForm::editor(Field field) const
{
    const auto it = m_rows.find(field);
    return it == m_rows.end() ? nullptr : it->second.editor;
}

QString DeployForm::problemText(Field field) const
{
    const auto it = m_problems.find(field);
    return it == m_problems.end() ? QString() : it->second;
}

void DeployForm::touchAll()
{
    for (const auto &[field, row] : m_rows)
        m_touched.insert(field);
}

void DeployForm::userEdited(Field field)
{
    if (m_filling)
        return;
    m_touched.insert(field);
    Q_EMIT edited();
}

} // namespace gantry
