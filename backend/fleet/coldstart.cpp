#include "backend/fleet/coldstart.h"

#include <algorithm>

namespace gantry::fleet {

const char *coldStartPhaseName(ColdStartPhase phase)
{
    switch (phase) {
    case ColdStartPhase::WaitingForCapacity: return "waiting for capacity";
    case ColdStartPhase::NodeProvisioning: return "node provisioning";
    case ColdStartPhase::ImagePull: return "image pull";
    case ColdStartPhase::ModelDownload: return "model download";
    case ColdStartPhase::WeightLoad: return "weight load";
    case ColdStartPhase::EngineWarmup: return "engine warm-up";
    case ColdStartPhase::Ready: return "ready";
    }
    return "unknown";
}

double PhaseSpan::seconds() const
{
    if (!end)
        return 0;
    return std::max(0.0, std::chrono::duration<double>(*end - start).count());
}

double ColdStart::totalSeconds(SystemTime now) const
{
    const SystemTime until = ready ? *ready : now;
    return std::max(0.0, std::chrono::duration<double>(until - created).count());
}

const PhaseSpan *ColdStart::span(ColdStartPhase phase) const
{
    for (const PhaseSpan &candidate : phases) {
        if (candidate.phase == phase && !candidate.merged())
            return &candidate;
    }
    return nullptr;
}

} // namespace gantry::fleet
