#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gantry::kube {

/// Which API object (or collection) a request is about. An empty group is
/// the core group (/api/v1); others live under /apis/<group>/<version>.
/// An empty name means the collection; an empty namespace means cluster-scoped
/// or, for a list or watch, all namespaces.
struct ResourceRef
{
    std::string group;
    std::string version;
    std::string resource; ///< plural, e.g. "inferenceservices"
    std::string namespaceName;
    std::string name;
    std::string subresource; ///< e.g. "status", "log", "scale"

    /// "/apis/serving.kserve.io/v1beta1/namespaces/ns/inferenceservices/x/status", each segment escaped.
    std::string path() const;
    /// The same reference without name and subresource.
    ResourceRef collection() const;
    ResourceRef named(std::string objectName) const;
    ResourceRef inNamespace(std::string otherNamespace) const;
    /// "inferenceservices.serving.kserve.io" (core: "pods"), for messages.
    std::string describe() const;
};

/// Builds "?a=1&b=x%20y" from the pairs whose value is not empty, percent-escaping keys and values.
class QueryBuilder
{
public:
    QueryBuilder &add(std::string key, std::string value);
    std::string str() const;

private:
    std::vector<std::pair<std::string, std::string>> m_pairs;
};

/// Percent-escapes everything outside RFC 3986's unreserved characters.
std::string escapeUrlComponent(std::string_view text);

} // namespace gantry::kube
