#include "sim/api/discovery.h"

#include "backend/core/fnv1a.h"
#include "sim/api/resourcetype.h"

#include <set>

namespace gantry::sim::discovery {

namespace {

using nlohmann::json;

// The Kubernetes release whose API this server mimics; kubectl warns when its own
// minor version is more than one away.
constexpr const char *kubernetesMinor = "32";

std::vector<std::string> groupsInOrder()
{
    std::vector<std::string> groups;
    for (const ResourceType &type : resourceCatalog()) {
        if (!type.group.empty() && std::find(groups.begin(), groups.end(), type.group) == groups.end())
            groups.push_back(type.group);
    }
    return groups;
}

std::vector<std::string> versionsOf(const std::string &group)
{
    std::vector<std::string> versions;
    for (const ResourceType &type : resourceCatalog()) {
        if (type.group == group && std::find(versions.begin(), versions.end(), type.version) == versions.end())
            versions.push_back(type.version);
    }
    return versions;
}

json groupJson(const std::string &group)
{
    json versions = json::array();
    for (const std::string &version : versionsOf(group))
        versions.push_back({{"groupVersion", group + "/" + version}, {"version", version}});
    return {{"name", group}, {"versions", versions}, {"preferredVersion", versions.front()}};
}

json resourceEntry(const ResourceType &type, const std::string &name, const std::vector<std::string> &verbs,
                   const std::string &kind)
{
    json entry = {{"name", name},
                  {"singularName", name == type.plural ? type.singular : ""},
                  {"namespaced", type.namespaced},
                  {"kind", kind},
                  {"verbs", verbs}};
    if (name == type.plural) {
        if (!type.shortNames.empty())
            entry["shortNames"] = type.shortNames;
        if (!type.categories.empty())
            entry["categories"] = type.categories;
    }
    return entry;
}

std::string fnv1aHex(const std::string &text)
{
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(fnv1a64(text)));
    return buffer;
}

json queryParameter(const char *name)
{
    return {{"name", name}, {"in", "query"}, {"schema", {{"type", "string"}, {"uniqueItems", true}}}};
}

json operation(const ResourceType &type, const char *action, bool write, const std::vector<std::string> &bodyTypes)
{
    json op = {{"x-kubernetes-action", action},
               {"x-kubernetes-group-version-kind",
                {{"group", type.group}, {"version", type.version}, {"kind", type.kind}}},
               {"responses", {{"200", {{"description", "OK"}}}}}};
    json parameters = json::array({queryParameter("pretty")});
    if (write) {
        parameters.push_back(queryParameter("dryRun"));
        parameters.push_back(queryParameter("fieldManager"));
        parameters.push_back(queryParameter("fieldValidation"));
    }
    op["parameters"] = parameters;
    if (!bodyTypes.empty()) {
        json content = json::object();
        for (const std::string &bodyType : bodyTypes)
            content[bodyType] = {{"schema", json::object()}};
        op["requestBody"] = {{"content", content}, {"required", true}};
    }
    return op;
}

json pathsFor(const ResourceType &type)
{
    const std::string root = type.group.empty() ? "/api/" + type.version : "/apis/" + type.groupVersion();
    const std::string collection =
        root + (type.namespaced ? "/namespaces/{namespace}/" : "/") + type.plural;
    const std::string item = collection + "/{name}";
    std::vector<std::string> patchTypes = {"application/json-patch+json", "application/merge-patch+json",
                                           "application/apply-patch+yaml"};
    // Advertising strategic merge only for built-in kinds is what makes kubectl
    // choose a JSON merge patch for custom resources, as on a real cluster.
    if (type.builtIn)
        patchTypes.push_back("application/strategic-merge-patch+json");

    json paths = json::object();
    if (type.createOnly) {
        paths[collection] = {{"post", operation(type, "post", true, {"application/json"})}};
        return paths;
    }
    paths[collection] = {{"get", operation(type, "list", false, {})},
                         {"post", operation(type, "post", true, {"application/json"})},
                         {"delete", operation(type, "deletecollection", true, {})}};
    paths[item] = {{"get", operation(type, "get", false, {})},
                   {"put", operation(type, "put", true, {"application/json"})},
                   {"patch", operation(type, "patch", true, patchTypes)},
                   {"delete", operation(type, "delete", true, {})}};
    return paths;
}

} // namespace

json version()
{
    return {{"major", "1"},
            {"minor", kubernetesMinor},
            {"gitVersion", std::string("v1.") + kubernetesMinor + ".0-gantry-sim"},
            {"gitCommit", "0000000000000000000000000000000000000000"},
            {"gitTreeState", "clean"},
            {"buildDate", "2026-01-01T00:00:00Z"},
            {"goVersion", "go1.23.0"},
            {"compiler", "gc"},
            {"platform", "linux/amd64"}};
}

json coreApiVersions(const std::string &serverAddress)
{
    return {{"kind", "APIVersions"},
            {"versions", {"v1"}},
            {"serverAddressByClientCIDRs", json::array({{{"clientCIDR", "0.0.0.0/0"}, {"serverAddress", serverAddress}}})}};
}

json apiGroupList()
{
    json groups = json::array();
    for (const std::string &group : groupsInOrder())
        groups.push_back(groupJson(group));
    return {{"kind", "APIGroupList"}, {"apiVersion", "v1"}, {"groups", groups}};
}

std::optional<json> apiGroup(const std::string &group)
{
    const auto groups = groupsInOrder();
    if (std::find(groups.begin(), groups.end(), group) == groups.end())
        return std::nullopt;
    json document = groupJson(group);
    document["kind"] = "APIGroup";
    document["apiVersion"] = "v1";
    return document;
}

std::optional<json> apiResourceList(const std::string &groupVersion)
{
    json resources = json::array();
    for (const ResourceType &type : resourceCatalog()) {
        if (type.groupVersion() != groupVersion)
            continue;
        resources.push_back(resourceEntry(type, type.plural, type.verbs(), type.kind));
        if (type.hasStatus)
            resources.push_back(resourceEntry(type, type.plural + "/status", {"get", "patch", "update"}, type.kind));
        if (type.hasLog)
            resources.push_back(resourceEntry(type, type.plural + "/log", {"get"}, "Pod"));
    }
    if (resources.empty())
        return std::nullopt;
    return json{{"kind", "APIResourceList"}, {"apiVersion", "v1"}, {"groupVersion", groupVersion},
                {"resources", resources}};
}

json openApiIndex()
{
    json paths = json::object();
    std::set<std::string> seen;
    for (const ResourceType &type : resourceCatalog()) {
        const std::string path = type.group.empty() ? "api/" + type.version : "apis/" + type.groupVersion();
        if (!seen.insert(path).second)
            continue;
        const auto document = openApiDocument(path);
        paths[path] = {{"serverRelativeURL", "/openapi/v3/" + path + "?hash=" + fnv1aHex(document->dump())}};
    }
    return {{"paths", paths}};
}

json openApiV2Json()
{
    return {{"swagger", "2.0"},
            {"info", {{"title", "Kubernetes"}, {"version", std::string("v1.") + kubernetesMinor + ".0"}}},
            {"paths", json::object()}};
}

namespace {

// Protobuf wire format for the gnostic OpenAPI v2 messages: length-delimited
// fields only, which is all these documents need.
std::string protoField(int number, const std::string &bytes)
{
    std::string out;
    out.push_back(static_cast<char>(number << 3 | 2));
    for (std::size_t length = bytes.size();; length >>= 7) {
        if (length < 0x80) {
            out.push_back(static_cast<char>(length));
            break;
        }
        out.push_back(static_cast<char>((length & 0x7f) | 0x80));
    }
    return out + bytes;
}

// A query parameter: ParametersItem{parameter: Parameter{non_body_parameter:
// NonBodyParameter{query_parameter_sub_schema: {in, name, type}}}}.
std::string protoQueryParameter(const std::string &name)
{
    const std::string query = protoField(2, "query") + protoField(4, name) + protoField(6, "string");
    return protoField(8, protoField(1, protoField(2, protoField(3, query))));
}

} // namespace

std::string openApiV2Protobuf()
{
    // gnostic openapi_v2.Document: 1 swagger, 2 info {1 title, 2 version}, 8 paths
    // {2 path: NamedPathItem {1 name, 2 PathItem {8 patch: Operation {8 parameters,
    // 13 vendor_extension: NamedAny {1 name, 2 Any {2 yaml}}}}}}. Older kubectl reads
    // each PATCH operation's dryRun parameter to decide whether --dry-run=server works.
    std::string paths;
    for (const ResourceType &type : resourceCatalog()) {
        if (type.createOnly)
            continue;
        const std::string root = type.group.empty() ? "/api/" + type.version : "/apis/" + type.groupVersion();
        const std::string path = root + (type.namespaced ? "/namespaces/{namespace}/" : "/") + type.plural + "/{name}";
        const std::string gvk = "group: \"" + type.group + "\"\nkind: " + type.kind + "\nversion: " + type.version + "\n";
        const std::string extension = protoField(1, "x-kubernetes-group-version-kind") + protoField(2, protoField(2, gvk));
        const std::string operation = protoQueryParameter("dryRun") + protoQueryParameter("fieldManager")
            + protoField(13, extension);
        paths += protoField(2, protoField(1, path) + protoField(2, protoField(8, operation)));
    }
    const std::string info = protoField(1, "Kubernetes") + protoField(2, std::string("v1.") + kubernetesMinor + ".0");
    return protoField(1, "2.0") + protoField(2, info) + protoField(8, paths);
}

std::optional<json> openApiDocument(const std::string &groupVersionPath)
{
    json paths = json::object();
    for (const ResourceType &type : resourceCatalog()) {
        const std::string path = type.group.empty() ? "api/" + type.version : "apis/" + type.groupVersion();
        if (path != groupVersionPath)
            continue;
        paths.update(pathsFor(type));
    }
    if (paths.empty())
        return std::nullopt;
    return json{{"openapi", "3.0.0"},
                {"info", {{"title", "Kubernetes"}, {"version", std::string("v1.") + kubernetesMinor + ".0"}}},
                {"paths", paths},
                {"components", {{"schemas", json::object()}}}};
}

} // namespace gantry::sim::discovery
