#include "backend/fleet/nodefacts.h"

#include <cmath>
#include <cstdlib>

namespace gantry::fleet {

namespace {

// A node created with Ready=False keeps that transition time until it first
// turns Ready; the kubelet posts its first status within seconds of registering.
constexpr auto firstStatusSlack = std::chrono::seconds(60);

std::optional<double> positiveNumber(const std::string &text)
{
    if (text.empty())
        return std::nullopt;
    char *end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(value) || value <= 0)
        return std::nullopt;
    return value;
}

std::string stamp(const std::optional<SystemTime> &time)
{
    return time ? " since " + formatRfc3339(*time) : std::string();
}

void deriveState(const kube::CompactNode &node, SystemTime now, NodeFacts &facts)
{
    const std::optional<SystemTime> transition = parseRfc3339(node.readySince);
    // Clock skew can put creation in the future; such a node is as young as can be.
    const bool young = facts.createdAt && now - *facts.createdAt < provisioningWindow;
    const auto joining = [&](std::string reason) {
        facts.state = NodeState::Provisioning;
        facts.stateReason = std::move(reason);
        facts.reconsiderAt = *facts.createdAt + provisioningWindow;
    };

    if (node.ready == "True") {
        facts.state = NodeState::Ready;
        facts.readySince = transition;
        facts.stateReason = "Ready" + stamp(transition);
    } else if (node.ready == "False" || node.ready == "Unknown") {
        const bool neverReady = !transition || !facts.createdAt
            || std::chrono::abs(*transition - *facts.createdAt) <= firstStatusSlack;
        if (neverReady && young) {
            joining("joining: Ready=" + node.ready + " since it was created");
        } else {
            facts.state = NodeState::NotReady;
            facts.stateReason = node.ready == "Unknown" ? "Ready=Unknown: the kubelet stopped reporting"
                                                        : "Ready=False";
            facts.stateReason += neverReady ? "; never became Ready" : stamp(transition);
        }
    } else if (node.ready.empty()) {
        if (young)
            joining("joining: no Ready condition yet");
        else
            facts.stateReason = facts.createdAt ? "no Ready condition reported"
                                                : "no Ready condition and no creationTimestamp";
    } else {
        facts.stateReason = "Ready condition status \"" + node.ready + "\" is not True, False or Unknown";
    }

    if (node.unschedulable) {
        std::string reason = "cordoned (spec.unschedulable)";
        if (facts.state != NodeState::Ready)
            reason += std::string("; ") + nodeStateName(facts.state) + ": " + facts.stateReason;
        facts.state = NodeState::Cordoned;
        facts.stateReason = std::move(reason);
    }
}

} // namespace

double sanitizeGpuCount(double value)
{
    return std::isfinite(value) && value > 0 ? value : 0;
}

NodeFacts nodeFacts(const kube::CompactNode &node, SystemTime now)
{
    NodeFacts facts;
    facts.name = node.meta.name;
    facts.gpuProduct = node.gpuProduct;
    facts.gpuMemoryMiB = positiveNumber(node.gpuMemoryLabel);
    facts.gpuCapacity = sanitizeGpuCount(node.gpuCapacity);
    const std::optional<double> countLabel = positiveNumber(node.gpuCountLabel);
    // GPU feature discovery labels a node before (or without) the device plugin reporting capacity.
    if (facts.gpuCapacity == 0 && countLabel)
        facts.gpuCapacity = std::floor(*countLabel);
    facts.gpuAllocatable = sanitizeGpuCount(node.gpuAllocatable);
    const auto present = node.labels.find("nvidia.com/gpu.present");
    facts.hasGpus = facts.gpuCapacity > 0 || !node.gpuProduct.empty()
        || (present != node.labels.end() && present->second == "true");
    facts.labels = node.labels;
    facts.createdAt = parseRfc3339(node.meta.creationTimestamp);
    deriveState(node, now, facts);
    return facts;
}

} // namespace gantry::fleet
