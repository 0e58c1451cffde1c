#include "backend/fleet/gpupool.h"

namespace gantry::fleet {

const char *nodeStateName(NodeState state)
{
    switch (state) {
    case NodeState::Ready: return "ready";
    case NodeState::NotReady: return "not-ready";
    case NodeState::Cordoned: return "cordoned";
    case NodeState::Provisioning: return "provisioning";
    case NodeState::Unknown: return "unknown";
    }
    return "unknown";
}

} // namespace gantry::fleet
