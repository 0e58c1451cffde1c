#include "backend/fleet/gpuslots.h"

#include <algorithm>

namespace gantry::fleet {

namespace {

const std::string &noPod()
{
    static const std::string none;
    return none;
}

} // namespace

void GpuSlots::resize(int count)
{
    count = std::clamp(count, 0, maxDevices);
    if (count == size())
        return;
    m_holders.resize(static_cast<std::size_t>(count));
    fill();
}

void GpuSlots::place(const std::string &pod, int gpus)
{
    gpus = std::clamp(gpus, 0, maxDevices);
    const auto known = std::find_if(m_requests.begin(), m_requests.end(),
                                    [&](const auto &request) { return request.first == pod; });
    if (known != m_requests.end() && known->second == gpus)
        return;
    if (known != m_requests.end())
        release(pod);
    m_requests.emplace_back(pod, gpus);
    fill();
}

void GpuSlots::release(const std::string &pod)
{
    const auto known = std::find_if(m_requests.begin(), m_requests.end(),
                                    [&](const auto &request) { return request.first == pod; });
    if (known == m_requests.end())
        return;
    m_requests.erase(known);
    for (std::string &holder : m_holders) {
        if (holder == pod)
            holder.clear();
    }
    fill();
}

const std::string &GpuSlots::holder(int index) const
{
    return index >= 0 && index < size() ? m_holders[static_cast<std::size_t>(index)] : noPod();
}

void GpuSlots::fill()
{
    // Earlier pods are served first, so a waiting pod cannot jump ahead of one that arrived before it.
    for (const auto &[pod, wanted] : m_requests) {
        int held = static_cast<int>(std::count(m_holders.begin(), m_holders.end(), pod));
        for (std::string &holder : m_holders) {
            if (held >= wanted)
                break;
            if (holder.empty()) {
                holder = pod;
                ++held;
            }
        }
    }
}

} // namespace gantry::fleet
