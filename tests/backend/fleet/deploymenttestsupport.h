#pragma once

// Shared by the deployment tests: fixtures read as JSON, compact objects made
// from JSON the way the informers make them, and change batches.

#include "backend/core/yamljson.h"
#include "backend/fleet/deployment.h"
#include "backend/kube/compactobjects.h"
#include "backend/kube/objectstore.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <memory>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

namespace gantry::fleet {

// Readable failures for the value types.
inline void PrintTo(const PolicyValue &value, std::ostream *out)
{
    *out << "{\"" << value.value << "\", \"" << value.source << "\"}";
}

inline void PrintTo(const ScalingPolicy &policy, std::ostream *out)
{
    *out << "\n  mode " << policy.mode << " (" << policy.modeSource << ")";
    const std::pair<const char *, const PolicyValue *> fields[] = {
        {"autoscalerClass", &policy.autoscalerClass},
        {"metric", &policy.metric},
        {"target", &policy.target},
        {"targetUtilizationPercent", &policy.targetUtilizationPercent},
        {"minReplicas", &policy.minReplicas},
        {"maxReplicas", &policy.maxReplicas},
        {"initialScale", &policy.initialScale},
        {"scaleDownDelay", &policy.scaleDownDelay},
        {"scaleToZeroRetention", &policy.scaleToZeroRetention},
        {"window", &policy.window}};
    for (const auto &[name, value] : fields) {
        *out << "\n  " << name << " ";
        PrintTo(*value, out);
    }
    for (const std::string &problem : policy.problems)
        *out << "\n  problem: " << problem;
    *out << "\n";
}

} // namespace gantry::fleet

namespace gantry::fleet::test {

inline std::string fixtureText(const std::string &relative)
{
    const char *root = std::getenv("GANTRY_FIXTURES_DIR");
    std::ifstream in(std::string(root ? root : GANTRY_SOURCE_FIXTURES_DIR) + "/" + relative);
    EXPECT_TRUE(in.good()) << relative;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

/// Every document of a YAML (or JSON) fixture.
inline std::vector<nlohmann::json> fixtureDocuments(const std::string &relative)
{
    const YamlDocumentsResult parsed = yamlDocumentsToJson(fixtureText(relative));
    EXPECT_TRUE(parsed.error.empty()) << relative << ": " << parsed.error << " at line " << parsed.line;
    return parsed.documents;
}

/// The fixture's documents of kind `kind`.
inline std::vector<nlohmann::json> fixtureObjects(const std::string &relative, const std::string &kind)
{
    std::vector<nlohmann::json> result;
    for (const nlohmann::json &document : fixtureDocuments(relative)) {
        if (document.is_object() && document.value("kind", "") == kind)
            result.push_back(document);
    }
    return result;
}

inline kube::CompactPtr compact(kube::CompactObject object)
{
    return std::make_shared<const kube::CompactObject>(std::move(object));
}

inline kube::CompactPtr servicePtr(const nlohmann::json &object)
{
    return compact(kube::extractInferenceService(object));
}

inline kube::CompactPtr podPtr(const nlohmann::json &object)
{
    return compact(kube::extractPod(object));
}

inline kube::CompactPtr cachePtr(const nlohmann::json &object)
{
    return compact(kube::extractLocalModelCache(object));
}

inline kube::ChangeBatch added(kube::ObjectKind kind, std::vector<kube::CompactPtr> objects)
{
    kube::ChangeBatch batch;
    batch.kind = kind;
    batch.added = std::move(objects);
    return batch;
}

inline kube::ChangeBatch modified(kube::ObjectKind kind, std::vector<kube::CompactPtr> objects)
{
    kube::ChangeBatch batch;
    batch.kind = kind;
    batch.modified = std::move(objects);
    return batch;
}

inline kube::ChangeBatch deleted(kube::ObjectKind kind, std::vector<kube::CompactPtr> objects)
{
    kube::ChangeBatch batch;
    batch.kind = kind;
    batch.deleted = std::move(objects);
    return batch;
}

} // namespace gantry::fleet::test
