#pragma once

#include "backend/actions/deploymanifest.h"

#include <QWidget>

#include <map>
#include <optional>
#include <set>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace gantry {

/// The deploy form: what DeploySpec holds, laid out for people. Each field can
/// show a problem in words below it and a tinted background; the rules come
/// from backend/actions validation, the form only says where they apply.
class DeployForm : public QWidget
{
    Q_OBJECT

public:
    enum class Field {
        Name,
        Namespace,
        StorageUri,
        Runtime,
        Gpus,
        Cpu,
        Memory,
        MaxModelLen,
        ExtraArgs,
        Mode,
        AutoscalerClass,
        Metric,
        Target,
        MinReplicas,
        MaxReplicas,
        TargetUtilization,
        InitialScale,
        ScaleDownDelay,
        ScaleToZeroRetention,
    };
    Q_ENUM(Field)

    explicit DeployForm(QWidget *parent = nullptr);

    /// The form's content. Text that cannot become a value (a duration of "5 min")
    /// is left unset and reported in `problems`, named like validation names fields.
    actions::DeploySpec spec(actions::Problems *problems = nullptr) const;
    /// Fills every field; emits no edited().
    void setSpec(const actions::DeploySpec &spec);

    /// Marks the fields `problems` name that the user has touched (an empty field
    /// nobody reached yet is not scolded) and clears the others; returns the
    /// problems no field of the form holds.
    actions::Problems showProblems(const actions::Problems &problems);
    /// The field a validation problem's field name belongs to, in `mode`.
    /// Counts every field as touched: after a deploy attempt, or values from YAML.
    void touchAll();
    static std::optional<Field> fieldOf(const std::string &problemField, const actions::DeploySpec &spec);

    QWidget *editor(Field field) const;
    /// The problem shown below `field`, "" when none.
    QString problemText(Field field) const;

Q_SIGNALS:
    /// The user changed a field.
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Row
    {
        QLabel *label = nullptr;
        QWidget *editor = nullptr;
        QLabel *problem = nullptr; ///< on a grid row of its own below the editor
        bool applies = true; ///< false for Knative-only rows in Standard mode
    };

    QWidget *buildModelSection();
    QWidget *buildScalingSection();
    void addRow(QGridLayout *grid, Field field, const QString &label, QWidget *editor);
    void fillModeChoices();
    void updateModeRows();
    void updateRowVisibility(const Row &row);
    void setMarked(Field field, const QString &message);
    void applyMarkColours();
    void userEdited(Field field);

    std::map<Field, Row> m_rows;
    std::map<Field, QString> m_problems;
    std::set<Field> m_touched;
    bool m_filling = false;

    QLineEdit *m_name = nullptr;
    QLineEdit *m_namespace = nullptr;
    QLineEdit *m_storageUri = nullptr;
    QLineEdit *m_runtime = nullptr;
    QSpinBox *m_gpus = nullptr;
    QLineEdit *m_cpu = nullptr;
    QLineEdit *m_memory = nullptr;
    QLineEdit *m_maxModelLen = nullptr;
    QLineEdit *m_extraArgs = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_autoscalerClass = nullptr;
    QComboBox *m_metric = nullptr;
    QLineEdit *m_target = nullptr;
    QLineEdit *m_minReplicas = nullptr;
    QLineEdit *m_maxReplicas = nullptr;
    QLineEdit *m_targetUtilization = nullptr;
    QLineEdit *m_initialScale = nullptr;
    QLineEdit *m_scaleDownDelay = nullptr;
    QLineEdit *m_scaleToZeroRetention = nullptr;
};

} // namespace gantry
