#pragma once

#include "backend/kube/kubeconfigresult.h"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <map>
#include <string>
#include <vector>

namespace gantry::kube::detail {

// What a YAML value is once its plain scalars are resolved the way go-yaml v2
// resolves them (client-go reads kubeconfigs through it): `yes`, `on`, `y` are
// booleans, `0x1F` and `1e3` are numbers, `~` is null, quoted text is a string.
enum class YamlKind { Null, Boolean, Number, String, List, Mapping };

YamlKind yamlKind(const YAML::Node &node);

// The value as JSON with the same typing, for extensions handed to exec plugins.
nlohmann::json yamlToJson(const YAML::Node &node);

// Reads typed kubeconfig fields and keeps the first problem as a
// KubeconfigError naming the file, the line and column, and the field. Values
// are quoted in messages only for booleans; anything else may be a secret.
class YamlFieldReader
{
public:
    explicit YamlFieldReader(std::string file);

    // Each reader accepts null (the Go zero value) and returns false once any
    // problem has been recorded, so callers can stop early.
    bool readString(const YAML::Node &key, const YAML::Node &value, const std::string &field, std::string &out);
    bool readBool(const YAML::Node &key, const YAML::Node &value, const std::string &field, bool &out);
    bool readStringList(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                        std::vector<std::string> &out);
    bool readStringListMap(const YAML::Node &key, const YAML::Node &value, const std::string &field,
                           std::map<std::string, std::vector<std::string>> &out);
    // A `*-data` field: a base64 string, stored decoded.
    bool readBase64(const YAML::Node &key, const YAML::Node &value, const std::string &field, std::string &out);

    // True when `value` is a mapping or null; otherwise records the problem.
    bool expectMapping(const YAML::Node &key, const YAML::Node &value, const std::string &field);
    bool expectList(const YAML::Node &key, const YAML::Node &value, const std::string &field);

    void fail(const YAML::Node &at, const std::string &problem);
    bool failed() const { return m_failed; }
    const KubeconfigError &error() const { return m_error; }
    const std::string &file() const { return m_file; }

private:
    bool expectKind(const YAML::Node &key, const YAML::Node &value, const std::string &field, YamlKind wanted);

    std::string m_file;
    bool m_failed = false;
    KubeconfigError m_error;
};

// "error loading config file "<file>": <problem>", the one prefix every load error carries.
KubeconfigError loadError(const std::string &file, const std::string &problem, int line = 0, int column = 0);

} // namespace gantry::kube::detail
