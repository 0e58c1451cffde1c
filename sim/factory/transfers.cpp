#include "sim/factory/transfers.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace gantry::sim {

void Transfers::setLink(const std::string &name, Link link)
{
    m_links[name] = link;
}

Transfers::Link *Transfers::link(const std::string &name)
{
    const auto it = m_links.find(name);
    return it == m_links.end() ? nullptr : &it->second;
}

void Transfers::start(const std::string &id, const std::string &link, double bytes)
{
    m_transfers[id] = {link, std::max(bytes, 0.0), 0};
}

bool Transfers::active(const std::string &id) const
{
    return m_transfers.count(id) != 0;
}

double Transfers::progress(const std::string &id) const
{
    const auto it = m_transfers.find(id);
    if (it == m_transfers.end() || it->second.total <= 0)
        return 1;
    return std::min(1.0, it->second.done / it->second.total);
}

double Transfers::bytesDone(const std::string &id) const
{
    const auto it = m_transfers.find(id);
    return it == m_transfers.end() ? 0 : it->second.done;
}

void Transfers::cancel(const std::string &id)
{
    m_transfers.erase(id);
}

double Transfers::currentRate(const std::string &linkName) const
{
    const auto link = m_links.find(linkName);
    if (link == m_links.end())
        return std::numeric_limits<double>::infinity();
    std::size_t sharing = 0;
    for (const auto &[id, transfer] : m_transfers)
        sharing += transfer.link == linkName;
    const Link &l = link->second;
    double rate = std::numeric_limits<double>::infinity();
    if (l.aggregateBytesPerSecond > 0)
        rate = l.aggregateBytesPerSecond / static_cast<double>(std::max<std::size_t>(sharing, 1));
    if (l.perClientBytesPerSecond > 0)
        rate = std::min(rate, l.perClientBytesPerSecond);
    return rate * l.slowdown;
}

std::vector<std::string> Transfers::advance(double seconds)
{
    std::map<std::string, double> rates;
    for (const auto &[id, transfer] : m_transfers) {
        if (!rates.count(transfer.link))
            rates[transfer.link] = currentRate(transfer.link);
    }
    std::vector<std::string> finished;
    for (auto &[id, transfer] : m_transfers) {
        transfer.done += rates[transfer.link] * seconds;
        if (transfer.done >= transfer.total)
            finished.push_back(id);
    }
    for (const std::string &id : finished)
        m_transfers.erase(id);
    return finished;
}

} // namespace gantry::sim
