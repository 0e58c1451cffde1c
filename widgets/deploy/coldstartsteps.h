#pragma once

#include "backend/core/rfc3339.h"
#include "backend/fleet/coldstart.h"

#include <QWidget>

namespace gantry {

/// One replica's cold start as a vertical list of steps, a row per phase: done
/// (with its duration), running (with the time so far), not needed, or still to
/// come, ending in Ready. The live counterpart of a timeline bar.
class ColdStartSteps : public QWidget
{
    Q_OBJECT

public:
    enum class StepState { Done, Running, Skipped, Upcoming };

    struct Step
    {
        fleet::ColdStartPhase phase = fleet::ColdStartPhase::WaitingForCapacity;
        QString label;  ///< "image pull", or "image pull → weight load" for a merged span
        QString detail; ///< "42s", "1m05s so far", "not needed", ""
        StepState state = StepState::Upcoming;
        bool inferred = false;
    };

    explicit ColdStartSteps(QWidget *parent = nullptr);

    /// The steps of `start` as of `now` (the snapshot's time).
    void setColdStart(const fleet::ColdStart &start, SystemTime now);
    const QList<Step> &steps() const { return m_steps; }
    /// "image pull: 42s" per step, for people and tests.
    QStringList stepTexts() const;

    /// The steps of `start` as of `now`; pure.
    static QList<Step> stepsOf(const fleet::ColdStart &start, SystemTime now);

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    int rowHeight() const;

    QList<Step> m_steps;
};

} // namespace gantry
