#include "widgets/deploy/coldstartsteps.h"

#include "widgets/coldstarts/durationtext.h"
#include "widgets/coldstarts/phasecolours.h"

#include <QPainter>

#include <algorithm>
#include <set>

namespace gantry {

namespace {

using fleet::ColdStartPhase;

double secondsBetween(SystemTime from, SystemTime to)
{
    return std::chrono::duration<double>(to - from).count();
}

} // namespace

ColdStartSteps::ColdStartSteps(QWidget *parent)
    : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
}

QList<ColdStartSteps::Step> ColdStartSteps::stepsOf(const fleet::ColdStart &start, SystemTime now)
{
    // The spans in the order they happened (a storage-initializer's download can
    // come before the serving image's pull), then the phases without evidence.
    QList<Step> steps;
    std::set<ColdStartPhase> seen;
    for (const fleet::PhaseSpan &span : start.phases) {
        if (span.phase == ColdStartPhase::Ready)
            continue; // the closing step below says it
        for (int phase = static_cast<int>(span.phase); phase <= static_cast<int>(span.lastPhase); ++phase)
            seen.insert(static_cast<ColdStartPhase>(phase));
        Step step;
        step.phase = span.phase;
        step.label = spanLabel(span);
        step.inferred = span.inferred;
        if (span.end) {
            step.state = StepState::Done;
            step.detail = formatDuration(span.seconds());
        } else {
            step.state = StepState::Running;
            step.detail = QObject::tr("%1 so far").arg(formatDuration(secondsBetween(span.start, now)));
        }
        steps << step;
    }
    for (ColdStartPhase phase : allColdStartPhases) {
        if (phase == ColdStartPhase::Ready || seen.count(phase))
            continue;
        Step step;
        step.phase = phase;
        step.label = phaseLabel(phase);
        if (!start.complete) {
            steps << step; // still to come, as far as anyone knows
            continue;
        }
        // A finished start did without it: shown where it would have been.
        step.state = StepState::Skipped;
        step.detail = QObject::tr("not needed");
        const auto later = std::find_if(steps.begin(), steps.end(), [&](const Step &s) { return s.phase > phase; });
        steps.insert(later, step);
    }
    Step ready;
    ready.phase = ColdStartPhase::Ready;
    ready.label = phaseLabel(ColdStartPhase::Ready);
    if (start.complete) {
        ready.state = StepState::Done;
        ready.detail = QObject::tr("after %1").arg(formatDuration(start.totalSeconds(now)));
    }
    steps << ready;
    return steps;
}

void ColdStartSteps::setColdStart(const fleet::ColdStart &start, SystemTime now)
{
    m_steps = stepsOf(start, now);
    updateGeometry();
    update();
}

QStringList ColdStartSteps::stepTexts() const
{
    QStringList texts;
    for (const Step &step : m_steps)
        texts << (step.detail.isEmpty() ? step.label : step.label + QStringLiteral(": ") + step.detail);
    return texts;
}

int ColdStartSteps::rowHeight() const
{
    return fontMetrics().height() + 10;
}

QSize ColdStartSteps::sizeHint() const
{
    return QSize(340, rowHeight() * static_cast<int>(m_steps.size()));
}

QSize ColdStartSteps::minimumSizeHint() const
{
    return QSize(240, sizeHint().height());
}

void ColdStartSteps::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    const int row = rowHeight();
    const qreal radius = 6;
    const qreal dotX = 10;
    const QColor muted = palette().color(QPalette::PlaceholderText);
    const QColor text = palette().color(QPalette::WindowText);
    const QRect labels = rect().adjusted(28, 0, -4, 0);

    for (int i = 0; i < m_steps.size(); ++i) {
        const Step &step = m_steps.at(i);
        const qreal centreY = i * row + row / 2.0;
        const QColor colour = phaseColour(step.phase);
        const bool reached = step.state == StepState::Done || step.state == StepState::Running;
        if (i + 1 < m_steps.size()) {
            // The connector is solid up to where the start has come.
            const bool nextReached = m_steps.at(i + 1).state != StepState::Upcoming;
            painter.setPen(QPen(nextReached ? colour : muted, 2, nextReached ? Qt::SolidLine : Qt::DotLine));
            painter.drawLine(QPointF(dotX, centreY + radius + 1), QPointF(dotX, centreY + row - radius - 1));
        }
        const QRectF dot(dotX - radius, centreY - radius, 2 * radius, 2 * radius);
        if (step.state == StepState::Done) {
            painter.setPen(QPen(phaseOutlineColour(step.phase, palette()), 1));
            painter.setBrush(colour);
            painter.drawEllipse(dot);
        } else if (step.state == StepState::Running) {
            painter.setPen(QPen(colour, 2.5));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(dot.adjusted(0.5, 0.5, -0.5, -0.5));
            painter.setPen(Qt::NoPen);
            painter.setBrush(colour);
            painter.drawEllipse(dot.center(), 2.5, 2.5);
        } else {
            painter.setPen(QPen(muted, 1.2, step.state == StepState::Skipped ? Qt::DotLine : Qt::SolidLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawEllipse(dot.adjusted(1, 1, -1, -1));
        }

        const QRect line(labels.left(), i * row, labels.width(), row);
        QFont font = this->font();
        font.setBold(step.state == StepState::Running);
        painter.setFont(font);
        painter.setPen(reached ? text : muted);
        QString label = step.label;
        if (step.inferred)
            label += tr(" (inferred)");
        painter.drawText(line, Qt::AlignLeft | Qt::AlignVCenter, label);
        painter.setFont(this->font());
        painter.setPen(step.state == StepState::Running ? text : muted);
        painter.drawText(line, Qt::AlignRight | Qt::AlignVCenter, step.detail);
    }
}

} // namespace gantry
