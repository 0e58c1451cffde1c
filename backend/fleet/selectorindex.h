#pragma once

#include "backend/fleet/poolmembership.h"

#include <map>
#include <string>
#include <utility>

namespace gantry::fleet {

/// Which pools' nodes carry each label, so a pending pod's nodeSelector finds
/// the pool it waits for without a walk over every node.
class SelectorIndex
{
public:
    using Labels = std::map<std::string, std::string>;

    void add(const std::string &pool, const Labels &labels);
    void remove(const std::string &pool, const Labels &labels);

    /// The one pool a pending pod with `selector` waits for: a pool whose
    /// MachineSet node labels or nodes' labels carry at least one pair of the
    /// selector and contradict none (a pool that does not know a key, such as
    /// an empty MachineSet, does not contradict it). "" when none or several
    /// pools qualify, or the selector is empty.
    std::string resolve(const Labels &selector, const std::map<std::string, MachineSetPool> &machineSets) const;

private:
    bool carries(const std::string &pool, const std::pair<const std::string, std::string> &label,
                 const std::map<std::string, MachineSetPool> &machineSets) const;
    bool knowsKey(const std::string &pool, const std::string &key,
                  const std::map<std::string, MachineSetPool> &machineSets) const;

    /// (key, value) → pool → nodes of the pool carrying it.
    std::map<std::pair<std::string, std::string>, std::map<std::string, int>> m_pools;
    /// key → pool → nodes of the pool carrying the key with any value.
    std::map<std::string, std::map<std::string, int>> m_keys;
};

} // namespace gantry::fleet
