#pragma once

#include "sim/scenario/yamlreader.h"

#include <initializer_list>
#include <string>
#include <unordered_map>

// The readers of a scenario file's sections and what they share. Sections are
// read in dependency order (pools and models before the services that name
// them, services before traffic and actions), so every reference is checked
// where it is written. Internal to the scenario library.

namespace gantry::sim {

/// Services the loader will create at most, generated ones included: a bound so a
/// typo such as `count: 1e9` fails fast instead of exhausting memory.
inline constexpr int kMaxServices = 100000;
inline constexpr int kMaxNodesPerPool = 10000;
inline constexpr int kMaxReplicas = 100000;

/// The scenario as it is built, with the lookups the readers share.
struct ScenarioBuild
{
    Scenario scenario;
    /// "<namespace>/<name>" → index in scenario.services
    std::unordered_map<std::string, std::size_t> serviceIndex;

    /// Reports a time after the end of a scenario with a duration.
    void checkWithinDuration(const YamlValue &at, double seconds) const;
};

void readPools(const YamlValue &list, ScenarioBuild &build);
void readStorage(const YamlValue &map, ScenarioBuild &build);
void readModels(const YamlValue &list, ScenarioBuild &build);
void readServices(const YamlValue &list, ScenarioBuild &build);
void readTraffic(const YamlValue &list, ScenarioBuild &build);
void readFaults(const YamlValue &list, ScenarioBuild &build);
void readActions(const YamlValue &list, ScenarioBuild &build);
void readCaptions(const YamlValue &list, ScenarioBuild &build);

// Shared by the readers (references.cpp).

enum class NameRule {
    Label,     ///< RFC 1123 label: pools, namespaces
    Subdomain, ///< RFC 1123 subdomain: models
    Service,   ///< KServe's InferenceService names: a label that starts with a letter
};

/// "" when `name` follows `rule`, else why not.
std::string nameProblem(std::string_view name, NameRule rule);

/// A required name, checked against `rule`. A name that breaks the rule is reported
/// and still returned, so references to it do not cascade into more errors.
std::optional<std::string> readName(const YamlValue &value, NameRule rule);

/// Reports the second use of a name: `duplicate pool name "h100" (first at line 12)`.
class UniqueNames
{
public:
    explicit UniqueNames(std::string what);
    bool add(const std::string &name, const YamlValue &place);

private:
    std::string m_what;
    std::unordered_map<std::string, int> m_firstLines;
};

/// The index of the pool or model `value` names, reporting an unknown name.
std::optional<std::size_t> resolvePool(const YamlValue &value, const Scenario &scenario);
std::optional<std::size_t> resolveModel(const YamlValue &value, const Scenario &scenario);
/// "<namespace>/<name>" or "<name>" (in "default").
std::optional<std::size_t> resolveService(const YamlValue &value, const ScenarioBuild &build);
std::string serviceKey(const std::string &namespaceName, const std::string &name);

/// The pool of a node called "<pool>-<n>" (n below the pool's maxNodes), reporting other names.
std::optional<std::size_t> resolveNode(const YamlValue &value, const Scenario &scenario);

/// Reports when replicas of `model` cannot fit on a node of `pool` (any pool when none).
void checkModelFits(const YamlValue &place, const Scenario::Model &model, const Scenario::GpuPool *pool,
                    const Scenario &scenario);

/// Reports `key` as not used by this kind of entry (`to` on a constant traffic line).
void rejectUnused(const YamlMap &map, std::initializer_list<std::string_view> keys, const std::string &kind);

} // namespace gantry::sim
