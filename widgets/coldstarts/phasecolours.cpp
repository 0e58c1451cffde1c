#include "widgets/coldstarts/phasecolours.h"

#include <QCoreApplication>
#include <QPalette>

#include <cmath>

namespace gantry {

using fleet::ColdStartPhase;

QColor phaseColour(ColdStartPhase phase)
{
    // Okabe & Ito, "Color Universal Design" (2008). Download and warm-up get the
    // two loudest hues because they are the phases operators act on.
    switch (phase) {
    case ColdStartPhase::WaitingForCapacity: return QColor(0xCC, 0x79, 0xA7); // reddish purple
    case ColdStartPhase::NodeProvisioning: return QColor(0xE6, 0x9F, 0x00);   // orange
    case ColdStartPhase::ImagePull: return QColor(0x56, 0xB4, 0xE9);          // sky blue
    case ColdStartPhase::ModelDownload: return QColor(0xD5, 0x5E, 0x00);      // vermillion
    case ColdStartPhase::WeightLoad: return QColor(0x00, 0x72, 0xB2);         // blue
    case ColdStartPhase::EngineWarmup: return QColor(0xF0, 0xE4, 0x42);       // yellow
    case ColdStartPhase::Ready: return QColor(0x00, 0x9E, 0x73);              // bluish green
    }
    return QColor(0x99, 0x99, 0x99);
}

bool isDarkPalette(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightnessF() < palette.color(QPalette::WindowText).lightnessF();
}

QColor phaseOutlineColour(ColdStartPhase phase, const QPalette &palette)
{
    // On a light base the pale hues (yellow, sky blue) need a darker edge; on a
    // dark base the dark hues (blue, vermillion) need a lighter one.
    const QColor fill = phaseColour(phase);
    return isDarkPalette(palette) ? fill.lighter(150) : fill.darker(160);
}

static double linearLuminance(const QColor &colour)
{
    const auto linear = [](double c) { return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * linear(colour.redF()) + 0.7152 * linear(colour.greenF()) + 0.0722 * linear(colour.blueF());
}

QColor phaseTextColour(ColdStartPhase phase)
{
    // WCAG contrast: pick the text colour with the higher ratio against the fill.
    const double luminance = linearLuminance(phaseColour(phase));
    const double againstBlack = (luminance + 0.05) / 0.05;
    const double againstWhite = 1.05 / (luminance + 0.05);
    return againstBlack >= againstWhite ? QColor(Qt::black) : QColor(Qt::white);
}

QString phaseLabel(ColdStartPhase phase)
{
    switch (phase) {
    case ColdStartPhase::WaitingForCapacity: return QCoreApplication::translate("gantry::ColdStarts", "waiting for capacity");
    case ColdStartPhase::NodeProvisioning: return QCoreApplication::translate("gantry::ColdStarts", "node provisioning");
    case ColdStartPhase::ImagePull: return QCoreApplication::translate("gantry::ColdStarts", "image pull");
    case ColdStartPhase::ModelDownload: return QCoreApplication::translate("gantry::ColdStarts", "model download");
    case ColdStartPhase::WeightLoad: return QCoreApplication::translate("gantry::ColdStarts", "weight load");
    case ColdStartPhase::EngineWarmup: return QCoreApplication::translate("gantry::ColdStarts", "engine warm-up");
    case ColdStartPhase::Ready: return QCoreApplication::translate("gantry::ColdStarts", "ready");
    }
    return QCoreApplication::translate("gantry::ColdStarts", "unknown");
}

QString spanLabel(const fleet::PhaseSpan &span)
{
    if (!span.merged())
        return phaseLabel(span.phase);
    return phaseLabel(span.phase) + QStringLiteral(" → ") + phaseLabel(span.lastPhase);
}

} // namespace gantry
