#include "backend/fleet/connectionhealth.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

std::string lowerPlural(kube::ObjectKind kind)
{
    switch (kind) {
    case kube::ObjectKind::Node: return "nodes";
    case kube::ObjectKind::Pod: return "pods";
    case kube::ObjectKind::Event: return "events";
    case kube::ObjectKind::InferenceService: return "InferenceServices";
    case kube::ObjectKind::Job: return "jobs";
    case kube::ObjectKind::LocalModelCache: return "LocalModelCaches";
    case kube::ObjectKind::MachineSet: return "MachineSets";
    }
    return "objects";
}

} // namespace

bool ConnectionHealth::operator==(const ConnectionHealth &other) const
{
    return state == other.state && since == other.since && summary == other.summary && problem == other.problem
        && absent == other.absent;
}

std::string groupThousands(std::uint64_t value)
{
    std::string digits = std::to_string(value);
    for (int at = static_cast<int>(digits.size()) - 3; at > 0; at -= 3)
        digits.insert(static_cast<std::size_t>(at), ",");
    return digits;
}

std::string describeAge(std::chrono::seconds age)
{
    const long long seconds = std::max<long long>(0, age.count());
    if (seconds < 60)
        return std::to_string(seconds) + " s";
    if (seconds < 3600)
        return std::to_string(seconds / 60) + " min";
    const long long minutes = (seconds % 3600) / 60;
    return std::to_string(seconds / 3600) + " h" + (minutes ? " " + std::to_string(minutes) + " min" : "");
}

ConnectionHealth assessConnection(const std::vector<kube::KindStatus> &kinds,
                                  std::chrono::system_clock::time_point now, std::chrono::seconds refreshInterval)
{
    using kube::InformerState;
    ConnectionHealth health;
    const kube::KindStatus *troubled = nullptr; // the kind out of step the longest
    const kube::KindStatus *syncing = nullptr;  // the first kind still on its first list
    bool anyListed = false;
    std::chrono::system_clock::time_point liveSince{};
    for (const kube::KindStatus &kind : kinds) {
        const kube::InformerStatus &status = kind.status;
        anyListed = anyListed || status.lists > 0;
        switch (status.state) {
        case InformerState::Reconnecting:
            if (!troubled || status.since < troubled->status.since)
                troubled = &kind;
            break;
        case InformerState::Syncing:
            if (status.lists == 0 && !syncing)
                syncing = &kind;
            break;
        case InformerState::Forbidden:
            health.absent.push_back(std::string(kube::objectKindName(kind.kind)) + " forbidden");
            break;
        case InformerState::NotInstalled:
            health.absent.push_back(std::string(kube::objectKindName(kind.kind)) + " not installed");
            break;
        case InformerState::Live:
            liveSince = std::max(liveSince, status.since);
            break;
        case InformerState::Stopped:
            break;
        }
    }

    if (troubled) {
        const auto out = std::chrono::duration_cast<std::chrono::seconds>(now - troubled->status.since);
        health.since = troubled->status.since;
        health.problem = std::string(kube::objectKindName(troubled->kind)) + ": " + troubled->status.lastError;
        if (out >= 2 * refreshInterval) {
            health.state = ConnectionHealth::State::Stale;
            health.summary = "Stale " + describeAge(out);
        } else {
            health.state = ConnectionHealth::State::Reconnecting;
            health.summary = "Reconnecting " + describeAge(out);
        }
        return health;
    }
    if (syncing) {
        health.state = anyListed || syncing->status.listed > 0 ? ConnectionHealth::State::Syncing
                                                               : ConnectionHealth::State::Connecting;
        health.since = syncing->status.since;
        health.summary = "Syncing " + lowerPlural(syncing->kind) + " " + groupThousands(syncing->status.listed);
        if (syncing->status.listTotal)
            health.summary += " / " + groupThousands(*syncing->status.listTotal);
        if (!anyListed && syncing->status.listed == 0)
            health.summary = "Connecting…";
        return health;
    }
    if (!anyListed && liveSince == std::chrono::system_clock::time_point{}) {
        health.state = ConnectionHealth::State::Connecting;
        health.summary = "Connecting…";
        return health;
    }
    health.state = ConnectionHealth::State::Live;
    health.since = liveSince;
    health.summary = "Live";
    return health;
}

} // namespace gantry::fleet
