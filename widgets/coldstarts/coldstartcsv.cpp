#include "widgets/coldstarts/coldstartcsv.h"

#include "backend/core/rfc3339.h"
#include "backend/fleet/coldstart.h"
#include "widgets/coldstarts/phasecolours.h"

#include <QIODevice>
#include <QStringList>

namespace gantry {

namespace {

QString timeText(SystemTime time)
{
    // Whole seconds for Kubernetes timestamps, microseconds only where the
    // evidence (event times, log lines) had them.
    const bool whole = time.time_since_epoch() % std::chrono::seconds(1) == SystemTime::duration::zero();
    return QString::fromStdString(whole ? formatRfc3339(time) : formatRfc3339Micro(time));
}

QString secondsText(double seconds)
{
    QString text = QString::number(seconds, 'f', 3);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    return text;
}

} // namespace

QString csvField(const QString &field)
{
    if (!field.contains(QLatin1Char(',')) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n'))
        && !field.contains(QLatin1Char('\r')))
        return field;
    QString quoted = field;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

bool writeColdStartsCsv(const fleet::ColdStartsSnapshot &snapshot, QIODevice &device)
{
    QString text = QStringLiteral("service,pod,node,weight source,phase,start,end,seconds,inferred,evidence\n");
    for (const auto &start : snapshot.starts) {
        if (!start)
            continue;
        const QStringList common = {
            csvField(QString::fromStdString(start->inferenceService)),
            csvField(QString::fromStdString(start->podName)),
            csvField(QString::fromStdString(start->node)),
            csvField(QString::fromStdString(start->weightSource)),
        };
        for (const fleet::PhaseSpan &span : start->phases) {
            QStringList fields = common;
            fields << csvField(spanLabel(span)) << timeText(span.start) << (span.end ? timeText(*span.end) : QString())
                   << (span.end ? secondsText(span.seconds()) : QString())
                   << (span.inferred || span.merged() ? QStringLiteral("true") : QStringLiteral("false"))
                   << csvField(QString::fromStdString(span.evidence));
            text += fields.join(QLatin1Char(',')) + QLatin1Char('\n');
        }
    }
    const QByteArray bytes = text.toUtf8();
    return device.write(bytes) == bytes.size();
}

} // namespace gantry
