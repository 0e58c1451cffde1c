#pragma once

#include "backend/fleet/deployment.h"

#include <QWidget>

class QGridLayout;
class QLabel;

namespace gantry {

/// The scaling policy in force as a two-column form: each setting, then its
/// value followed by where it comes from in a muted colour ("32 — annotation
/// autoscaling.knative.dev/target"). Settings that do not apply in the mode are
/// left out; problems are listed below in a warning colour.
class ScalingPolicyForm : public QWidget
{
    Q_OBJECT

public:
    explicit ScalingPolicyForm(QWidget *parent = nullptr);

    void setPolicy(const fleet::ScalingPolicy &policy);
    void clear();

    /// The plain text of the row of `setting` (e.g. "Target"), value and source; "" when absent.
    QString rowText(const QString &setting) const;
    /// The problems as shown, one per line.
    QString problemsText() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Entry
    {
        QString setting, value, source;
    };
    void rebuild();
    static QList<Entry> entries(const fleet::ScalingPolicy &policy);

    fleet::ScalingPolicy m_policy;
    bool m_hasPolicy = false;
    QGridLayout *m_grid = nullptr;
    QLabel *m_problems = nullptr;
    QList<Entry> m_entries;
};

} // namespace gantry
