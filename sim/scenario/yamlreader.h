#pragma once

#include "sim/scenario/scenario.h"

#include <yaml-cpp/yaml.h>

#include <string>
#include <string_view>
#include <vector>

// Typed, located access to the YAML tree of a scenario file. Every accessor
// reports what is wrong (with line, column and a path such as
// `models[2].storageUri`) and returns nothing, so the loader keeps going and
// finds every problem in one pass. Internal to the scenario library.

namespace gantry::sim {

/// Collects the problems found in one file.
class ScenarioDiagnostics
{
public:
    explicit ScenarioDiagnostics(std::string fileName);

    void add(const YAML::Mark &mark, const std::string &path, const std::string &message);
    bool empty() const { return m_errors.empty(); }

    /// The problems in the order they appear in the file.
    std::vector<ScenarioError> takeSorted();

private:
    std::string m_fileName;
    std::vector<ScenarioError> m_errors;
};

enum class Sign {
    Any,
    NonNegative,
    Positive,
};

/// One value in the file (possibly absent), with its place for messages.
class YamlValue
{
public:
    YamlValue(ScenarioDiagnostics &diagnostics, YAML::Node node, YAML::Mark mark, std::string path);

    /// Given and not null (`key:` and `key: ~` count as absent).
    bool present() const;
    const std::string &path() const { return m_path; }
    const YAML::Mark &mark() const { return m_mark; }
    const YAML::Node &node() const { return m_node; }
    ScenarioDiagnostics &diagnostics() const { return *m_diagnostics; }

    void error(const std::string &message) const;
    /// Reports "is required" when absent; true when present.
    bool require() const;
    /// The scalar as written, quoted, escaped and shortened for a message.
    std::string quoted() const;
    /// The scalar as written, for "got …" in range messages.
    std::string written() const;

    std::optional<std::string> text() const;
    std::optional<double> number(Sign sign = Sign::Any) const;
    std::optional<int> integer(int min, int max) const;
    std::optional<bool> boolean() const;
    std::optional<double> size(Sign sign) const;
    std::optional<double> bandwidth(Sign sign) const;
    std::optional<double> duration(Sign sign) const;
    /// "3m-7m", {min: 3m, max: 7m} or one duration for both ends.
    std::optional<Scenario::Range> durationRange() const;

    /// The items of a list (none when absent; an error when not a list; empty items are reported and skipped).
    std::vector<YamlValue> items() const;
    /// key → scalar entries of a map (labels, annotations).
    struct Entry;
    std::vector<Entry> entries() const;
    std::vector<std::string> stringList() const;

private:
    bool expectScalar(std::string_view what) const;
    std::optional<double> checkSign(double value, Sign sign) const;

    ScenarioDiagnostics *m_diagnostics;
    YAML::Node m_node;
    YAML::Mark m_mark;
    std::string m_path;
};

struct YamlValue::Entry
{
    std::string key;
    std::string value;
    YamlValue keyPlace;
    YamlValue valuePlace;
};

/// A map with a fixed set of keys. Construction reports a value that is not a
/// map, unknown keys (with "did you mean") and duplicate keys.
class YamlMap
{
public:
    YamlMap(const YamlValue &value, const std::vector<std::string_view> &keys);

    bool valid() const { return m_valid; }
    const YamlValue &self() const { return m_self; }
    /// The value of `key`; absent values are placed at the key or, without one, at the map.
    YamlValue operator[](std::string_view key) const;
    bool has(std::string_view key) const { return (*this)[key].present(); }

private:
    YamlValue m_self;
    bool m_valid = false;
};

/// Describes a node for "expected a map, got …".
std::string describeNode(const YAML::Node &node);

/// Text made safe and short for a message: control bytes escaped, at most ~60 characters.
std::string printable(std::string_view text);

} // namespace gantry::sim
