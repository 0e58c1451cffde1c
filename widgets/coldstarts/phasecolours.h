#pragma once

#include "backend/fleet/coldstart.h"

#include <QColor>
#include <QString>

class QPalette;

namespace gantry {

/// The seven cold-start phases, in the order a start goes through them.
inline constexpr fleet::ColdStartPhase allColdStartPhases[] = {
    fleet::ColdStartPhase::WaitingForCapacity, fleet::ColdStartPhase::NodeProvisioning,
    fleet::ColdStartPhase::ImagePull,          fleet::ColdStartPhase::ModelDownload,
    fleet::ColdStartPhase::WeightLoad,         fleet::ColdStartPhase::EngineWarmup,
    fleet::ColdStartPhase::Ready,
};

/// The data colour of a phase, the same on every page. Taken from the Okabe–Ito
/// palette, which stays distinguishable for the common colour-vision deficiencies;
/// the colours are mid-light so they read on both light and dark backgrounds
/// (bars add an outline, see phaseOutlineColour()).
QColor phaseColour(fleet::ColdStartPhase phase);

/// An outline that separates a bar from the view's background in either theme.
QColor phaseOutlineColour(fleet::ColdStartPhase phase, const QPalette &palette);

/// Black or white, whichever reads better on top of the phase colour.
QColor phaseTextColour(fleet::ColdStartPhase phase);

/// The phase's name for people ("model download"), translatable.
QString phaseLabel(fleet::ColdStartPhase phase);

/// "image pull → weight load" for a merged span, else the phase's name.
QString spanLabel(const fleet::PhaseSpan &span);

/// True when the palette is a dark theme (window darker than its text).
bool isDarkPalette(const QPalette &palette);

} // namespace gantry
