#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace gantry::sim {

/// Bytes moving over shared links. Each link has an aggregate bandwidth shared
/// equally by its active transfers, each capped by a per-client rate: what a
/// WAN uplink, an NFS server or a registry does when many replicas pull at once.
class Transfers
{
public:
    struct Link
    {
        double aggregateBytesPerSecond = 0; ///< 0 = unlimited (per-client cap only)
        double perClientBytesPerSecond = 0; ///< 0 = no per-client cap
        double slowdown = 1;                ///< a storage fault multiplies the rates by this
    };

    void setLink(const std::string &name, Link link);
    Link *link(const std::string &name);

    /// Starts moving `bytes` over `link`; the id is the caller's (e.g. pod uid + step).
    void start(const std::string &id, const std::string &link, double bytes);
    bool active(const std::string &id) const;
    /// Fraction done, 0..1 (1 when unknown or finished).
    double progress(const std::string &id) const;
    double bytesDone(const std::string &id) const;
    void cancel(const std::string &id);

    /// Advances every transfer by `seconds`; returns the ids that finished.
    std::vector<std::string> advance(double seconds);

    /// The rate a transfer on `link` gets now (for predicting durations in tests).
    double currentRate(const std::string &link) const;

private:
    struct Transfer
    {
        std::string link;
        double total = 0;
        double done = 0;
    };
    std::map<std::string, Link> m_links;
    std::map<std::string, Transfer> m_transfers; ///< ordered, so every run shares bandwidth the same way
};

} // namespace gantry::sim
