#pragma once

#include "backend/actions/scaleplan.h"
#include "backend/fleet/deployment.h"

#include <QWidget>

#include <nlohmann/json.hpp>

#include <optional>

class QComboBox;
class QGridLayout;
class QLabel;
class QLineEdit;

namespace gantry {

/// The scaling fields of one InferenceService as a grid: setting, current value
/// (with where it comes from), the new value the operator types, and the
/// problem with it in words beside each field. Knative-only rows are hidden in
/// Standard mode. Editors start empty: an empty editor keeps the current value,
/// so only what the operator typed goes into the change. The form judges only
/// whether text is a value at all ("abc" is no number); whether a value is
/// allowed is the backend's planScale to say, shown through showProblems().
class ScalingForm : public QWidget
{
    Q_OBJECT

public:
    explicit ScalingForm(QWidget *parent = nullptr);

    /// The object as read from the server: its mode and declared values. Clears the
    /// editors unless `keepEdits` (a reload after a conflict keeps what was typed).
    void setObject(const nlohmann::json &service, bool keepEdits = false);
    /// The policy in force (from a snapshot): current values with their source.
    void setPolicy(const fleet::ScalingPolicy &policy);
    /// The advice shown under the target field.
    void setGuidance(const QString &text);
    void setEditable(bool editable);
    void clearEdits();

    actions::DeploymentMode mode() const { return m_mode; }
    /// What the editors ask for; text that is no value is left out and reported in `unreadable`.
    actions::ScaleChange change(actions::Problems *unreadable) const;
    /// Shows each problem beside the field it names (the object field, as the backend names
    /// it) and clears the others; returns the problems that name no field of the form.
    actions::Problems showProblems(const actions::Problems &problems);

    /// The editor of a ScaleChange field ("minReplicas", "target", "scaleDownDelay", …).
    QWidget *editor(const QString &what) const;
    /// The problem shown beside a field, "" when none.
    QString problemText(const QString &what) const;
    /// The current value shown for a field, as plain text.
    QString currentText(const QString &what) const;
    QString guidanceText() const;

Q_SIGNALS:
    void edited();

protected:
    void changeEvent(QEvent *event) override;

private:
    enum class Kind { Whole, Decimal, Duration, Choice };
    struct Row
    {
        QString what;
        Kind kind = Kind::Whole;
        bool knativeOnly = false;
        fleet::PolicyValue fleet::ScalingPolicy::*policyValue = nullptr;
        QLabel *label = nullptr;
        QLabel *current = nullptr;
        QLineEdit *line = nullptr;
        QComboBox *choice = nullptr;
        QLabel *problem = nullptr;
        QString declared; ///< the object's own value, "" when unset
        QString currentPlain; ///< what `current` shows, without markup
    };

    void addRow(const QString &what, const QString &title, Kind kind, bool knativeOnly,
                fleet::PolicyValue fleet::ScalingPolicy::*policyValue);
    const Row *row(const QString &what) const;
    void refreshCurrent();
    void refreshChoices();
    void applyColours();
    QString editText(const Row &row) const;
    std::string field(const Row &row) const;

    QGridLayout *m_grid = nullptr;
    QList<Row> m_rows;
    QLabel *m_guidance = nullptr;
    QLabel *m_header[2] = {};
    actions::DeploymentMode m_mode = actions::DeploymentMode::Knative;
    std::optional<fleet::ScalingPolicy> m_policy;
};

} // namespace gantry
