#pragma once

#include "backend/fleet/fleet.h"
#include "backend/kube/informerset.h"

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace gantry::fleet {

/// The version of the `gantry dump` document (resources/dump-schema.json). Bump
/// it when a field changes meaning or disappears; adding fields keeps it.
inline constexpr int dumpSchemaVersion = 1;

/// Where a dump came from and how fresh it is; everything but the fleet itself.
struct DumpContext
{
    std::string contextName;
    std::string clusterName;
    std::string server;
    std::string namespaceName; ///< "" = all namespaces
    bool insecureTls = false;
    bool synced = false;
    std::vector<kube::KindStatus> kinds;
};

/// The fleet as the documented JSON document. Unknown figures are null, never
/// made up; times are RFC 3339 UTC.
nlohmann::json dumpDocument(const FleetSnapshot &snapshot, const DumpContext &context);

} // namespace gantry::fleet
