#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gantry::fleet {

/// A node's GPU devices and which pod holds each. A pod keeps its devices while
/// it runs, as the device plugin's allocation does; a newcomer takes the lowest
/// free ones, and a pod that does not fit waits for devices to free up.
class GpuSlots
{
public:
    /// More devices than any real node has; a garbage capacity cannot allocate more.
    static constexpr int maxDevices = 256;

    /// Sets the number of devices. Holders of removed devices move to free ones, or wait.
    void resize(int count);
    /// Gives `pod` `gpus` devices; a pod already placed with that count keeps its own.
    void place(const std::string &pod, int gpus);
    void release(const std::string &pod);

    int size() const { return static_cast<int>(m_holders.size()); }
    /// The pod holding device `index`, "" when free or out of range.
    const std::string &holder(int index) const;
    /// The pods in the order they were placed, with the devices they asked for.
    const std::vector<std::pair<std::string, int>> &requests() const { return m_requests; }

private:
    void fill();

    std::vector<std::string> m_holders;
    std::vector<std::pair<std::string, int>> m_requests;
};

} // namespace gantry::fleet
