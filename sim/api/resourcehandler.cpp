#include "sim/api/resourcehandler.h"

#include "sim/api/apierror.h"
#include "sim/api/logstream.h"
#include "sim/api/objectstore.h"
#include "sim/api/podlogs.h"
#include "sim/api/protobufreview.h"
#include "sim/api/requestbody.h"
#include "sim/api/watchstream.h"
#include "sim/apimachinery/patch.h"

#include <charconv>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr const char *strategicOnCustomResource =
    "the body of the request was in an unknown format - accepted media types include: "
    "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml";

ApiReply jsonReply(int status, std::string body)
{
    ApiReply reply;
    reply.status = status;
    reply.body = std::move(body);
    return reply;
}

bool isDryRun(const ApiRequest &request)
{
    const std::string dryRun = request.param("dryRun");
    if (dryRun.empty())
        return false;
    if (dryRun != "All")
        throw ApiError::badRequest("dryRun: Unsupported value: \"" + dryRun + "\": supported values: \"All\"");
    return true;
}

std::uint64_t parseVersion(const std::string &text)
{
    if (text.empty() || text == "0")
        return 0;
    std::uint64_t version = 0;
    const auto result = std::from_chars(text.data(), text.data() + text.size(), version);
    if (result.ec != std::errc() || result.ptr != text.data() + text.size())
        throw ApiError::badRequest("invalid resource version \"" + text + "\": not a version this server issued");
    return version;
}

std::optional<LabelSelector> labelSelectorOf(const ApiRequest &request)
{
    const std::string text = request.param("labelSelector");
    if (text.empty())
        return std::nullopt;
    std::string error;
    auto selector = LabelSelector::parse(text, &error);
    if (!selector)
        throw ApiError::badRequest(error);
    return selector;
}

std::optional<FieldSelector> fieldSelectorOf(const ApiRequest &request, const ResourceType &type)
{
    const std::string text = request.param("fieldSelector");
    if (text.empty())
        return std::nullopt;
    std::string error;
    auto selector = FieldSelector::parse(text, type.kind, &error);
    if (!selector)
        throw ApiError::badRequest(error);
    return selector;
}

std::string listBody(const ResourceType &type, const ListResult &result)
{
    json metadata = {{"resourceVersion", std::to_string(result.resourceVersion)}};
    if (!result.continueToken.empty())
        metadata["continue"] = result.continueToken;
    if (result.remainingItemCount)
        metadata["remainingItemCount"] = *result.remainingItemCount;
    // Items are concatenated from their cached JSON: a 20,000-pod list costs a
    // memcpy per pod, not a serialization.
    std::size_t size = 128;
    for (const ObjectPtr &item : result.items)
        size += item->json.size() + 1;
    std::string body;
    body.reserve(size);
    body += "{\"kind\":\"" + type.listKind() + "\",\"apiVersion\":\"" + type.groupVersion()
        + "\",\"metadata\":" + metadata.dump() + ",\"items\":[";
    for (std::size_t i = 0; i < result.items.size(); ++i) {
        if (i)
            body += ',';
        body += result.items[i]->json;
    }
    body += "]}";
    return body;
}

const std::string &nameOf(const json &object)
{
    static const std::string empty;
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return empty;
    const auto name = metadata->find("name");
    return name != metadata->end() && name->is_string() ? name->get_ref<const std::string &>() : empty;
}

// Server-owned fields a patch or update may not rewrite into something else.
void keepIdentity(const json &before, json &after, const ResourceType &type)
{
    if (!after.is_object())
        throw ApiError::badRequest("the patched object is not a JSON object");
    if (after.value("kind", std::string()) != type.kind || after.value("apiVersion", std::string()) != type.groupVersion())
        throw ApiError::badRequest("a patch may not change an object's kind or apiVersion");
    if (nameOf(after) != nameOf(before))
        throw ApiError::badRequest("a patch may not change metadata.name");
}

} // namespace

ResourceHandler::ResourceHandler(ObjectStore &store, PodLogStore &logs, std::chrono::milliseconds bookmarkInterval)
    : m_store(store)
    , m_logs(logs)
    , m_bookmarkInterval(bookmarkInterval)
{
}

std::string ResourceHandler::verbFor(const ApiRequest &request, const RequestPath &path)
{
    const std::string &method = request.method;
    if (method == "GET" || method == "HEAD") {
        if (!path.name.empty())
            return "get";
        return request.flag("watch") ? "watch" : "list";
    }
    if (method == "POST")
        return "create";
    if (method == "PUT")
        return "update";
    if (method == "PATCH")
        return "patch";
    if (method == "DELETE")
        return path.name.empty() ? "deletecollection" : "delete";
    return method;
}

ApiReply ResourceHandler::handle(const ApiRequest &request, const RequestPath &path)
{
    const ResourceType &type = *path.type;
    const std::string verb = verbFor(request, path);
    auto notAllowed = [&] {
        return ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    };
    if (type.createOnly) {
        if (verb != "create" || !path.name.empty())
            throw notAllowed();
        return review(request, path);
    }
    if (path.subresource == "log") {
        if (verb != "get")
            throw notAllowed();
        return log(request, path);
    }
    if (verb == "get")
        return get(request, path);
    if (verb == "list")
        return list(request, path);
    if (verb == "watch")
        return watch(request, path);
    if (verb == "create") {
        if (!path.name.empty())
            throw notAllowed();
        return create(request, path);
    }
    if ((verb == "update" || verb == "patch") && path.name.empty())
        throw notAllowed();
    if (verb == "update")
        return update(request, path);
    if (verb == "patch")
        return patch(request, path);
    if (verb == "delete")
        return remove(request, path);
    if (verb == "deletecollection")
        return removeCollection(request, path);
    throw notAllowed();
}

ApiReply ResourceHandler::get(const ApiRequest &, const RequestPath &path)
{
    const ObjectPtr object = m_store.get(*path.type, path.namespaceName, path.name);
    if (!object)
        throw ApiError::notFound(path.type->qualifiedResource(), path.name);
    return jsonReply(200, object->json);
}

ApiReply ResourceHandler::list(const ApiRequest &request, const RequestPath &path)
{
    const auto labels = labelSelectorOf(request);
    const auto fields = fieldSelectorOf(request, *path.type);
    ListOptions options;
    options.namespaceName = path.namespaceName;
    options.labels = labels ? &*labels : nullptr;
    options.fields = fields ? &*fields : nullptr;
    options.continueToken = request.param("continue");
    const std::string limit = request.param("limit");
    if (!limit.empty()) {
        const auto result = std::from_chars(limit.data(), limit.data() + limit.size(), options.limit);
        if (result.ec != std::errc() || result.ptr != limit.data() + limit.size())
            throw ApiError::badRequest("limit: Invalid value: \"" + limit + "\": must be a non-negative integer");
    }
    return jsonReply(200, listBody(*path.type, m_store.list(*path.type, options)));
}

ApiReply ResourceHandler::watch(const ApiRequest &request, const RequestPath &path)
{
    WatchStream::Options options;
    options.labels = labelSelectorOf(request);
    options.fields = fieldSelectorOf(request, *path.type);
    options.bookmarks = request.flag("allowWatchBookmarks");
    options.bookmarkInterval = m_bookmarkInterval;
    options.requestedVersion = parseVersion(request.param("resourceVersion"));
    std::int64_t timeoutSeconds = 1800;
    const std::string timeout = request.param("timeoutSeconds");
    if (!timeout.empty()) {
        const auto result = std::from_chars(timeout.data(), timeout.data() + timeout.size(), timeoutSeconds);
        if (result.ec != std::errc() || result.ptr != timeout.data() + timeout.size() || timeoutSeconds < 0)
            throw ApiError::badRequest("timeoutSeconds: Invalid value: \"" + timeout + "\"");
    }
    options.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    // A version this server never issued (a client of a previous server process,
    // say) is refused as kube-apiserver does, so the client lists afresh instead
    // of waiting for versions that will mean other objects here.
    const std::uint64_t current = m_store.currentResourceVersion();
    if (options.requestedVersion > current) {
        throw ApiError(504, "Timeout",
                       "Too large resource version: " + std::to_string(options.requestedVersion)
                           + ", current: " + std::to_string(current),
                       {{"causes", json::array({{{"reason", "ResourceVersionTooLarge"},
                                                 {"message", "Too large resource version"}}})},
                        {"retryAfterSeconds", 1}});
    }
    auto subscription = m_store.watch(*path.type, path.namespaceName, options.requestedVersion);
    ApiReply reply;
    reply.stream = std::make_shared<WatchStream>(*path.type, m_store, std::move(subscription), std::move(options));
    return reply;
}

ApiReply ResourceHandler::create(const ApiRequest &request, const RequestPath &path)
{
    const ResourceType &type = *path.type;
    json object = parseRequestBody(request);
    checkObjectIdentity(object, type, path.namespaceName.empty() && type.namespaced ? "default" : path.namespaceName,
                        {});
    // A custom resource's status is written only through its status subresource;
    // a new pod starts Pending whatever the client sent.
    if (type.hasStatus && !type.builtIn)
        object.erase("status");
    if (type.kind == "Pod")
        object["status"] = {{"phase", "Pending"}};
    validateOrThrow(object, type);
    const ObjectPtr created = m_store.create(type, std::move(object), isDryRun(request));
    return jsonReply(201, created->json);
}

ApiReply ResourceHandler::update(const ApiRequest &request, const RequestPath &path)
{
    const ResourceType &type = *path.type;
    json object = parseRequestBody(request);
    checkObjectIdentity(object, type, path.namespaceName, path.name);
    validateOrThrow(object, type);
    const WriteScope scope = path.subresource == "status" ? WriteScope::Status : WriteScope::Main;
    return jsonReply(200, m_store.replace(type, std::move(object), scope, isDryRun(request))->json);
}

ApiReply ResourceHandler::patch(const ApiRequest &request, const RequestPath &path)
{
    const ResourceType &type = *path.type;
    const std::string &contentType = request.contentType;
    const bool dryRun = isDryRun(request);
    const WriteScope scope = path.subresource == "status" ? WriteScope::Status : WriteScope::Main;

    if (contentType == "application/apply-patch+yaml") {
        // Server-side apply, approximated: create when missing, else merge.
        // Field ownership (managedFields) is not tracked.
        if (request.param("fieldManager").empty())
            throw ApiError(422, "Invalid",
                           "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for "
                           "apply patch");
        json object = parseRequestBody(ApiRequest{request.method, request.path, request.query, "application/yaml",
                                                  request.body, request.identity});
        checkObjectIdentity(object, type, path.namespaceName, path.name);
        if (!m_store.get(type, path.namespaceName, path.name)) {
            validateOrThrow(object, type);
            return jsonReply(201, m_store.create(type, std::move(object), dryRun)->json);
        }
        const json patchDocument = object;
        return jsonReply(200, m_store.modify(type, path.namespaceName, path.name, [&](json &current) {
                                  const json before = current;
                                  PatchResult result = applyMergePatch(current, patchDocument);
                                  if (!result.object)
                                      throw ApiError(422, "Invalid", result.error);
                                  current = std::move(*result.object);
                                  keepIdentity(before, current, type);
                                  validateOrThrow(current, type);
                              }, scope, dryRun)->json);
    }

    enum class Kind { Json, Merge, Strategic } kind;
    if (contentType == "application/json-patch+json")
        kind = Kind::Json;
    else if (contentType == "application/merge-patch+json")
        kind = Kind::Merge;
    else if (contentType == "application/strategic-merge-patch+json" && type.builtIn)
        kind = Kind::Strategic;
    else
        throw ApiError(415, "UnsupportedMediaType", strategicOnCustomResource);

    json patchDocument;
    try {
        patchDocument = json::parse(request.body);
    } catch (const json::exception &) {
        throw ApiError::badRequest("the patch is not valid JSON");
    }
    const ObjectPtr patched = m_store.modify(type, path.namespaceName, path.name, [&](json &current) {
        const json before = current;
        PatchResult result = kind == Kind::Json ? applyJsonPatch(current, patchDocument)
            : kind == Kind::Merge              ? applyMergePatch(current, patchDocument)
                                               : applyStrategicMergePatch(current, patchDocument, type.kind);
        if (!result.object)
            throw ApiError(422, "Invalid", result.error);
        current = std::move(*result.object);
        keepIdentity(before, current, type);
        validateOrThrow(current, type);
    }, scope, dryRun);
    return jsonReply(200, patched->json);
}

ApiReply ResourceHandler::remove(const ApiRequest &request, const RequestPath &path)
{
    bool dryRun = isDryRun(request);
    std::string uid;
    std::string resourceVersion;
    if (!request.body.empty()) {
        // DeleteOptions may carry preconditions and dryRun in the body.
        const json options = json::parse(request.body, nullptr, false);
        if (options.is_discarded() || !options.is_object())
            throw ApiError::badRequest("the DeleteOptions in the request body are not a JSON object");
        if (const auto preconditions = options.find("preconditions");
            preconditions != options.end() && preconditions->is_object()) {
            uid = preconditions->value("uid", std::string());
            resourceVersion = preconditions->value("resourceVersion", std::string());
        }
        if (const auto bodyDryRun = options.find("dryRun"); bodyDryRun != options.end() && bodyDryRun->is_array())
            dryRun = dryRun || std::find(bodyDryRun->begin(), bodyDryRun->end(), "All") != bodyDryRun->end();
    }
    const ObjectPtr removed = m_store.remove(*path.type, path.namespaceName, path.name, uid, resourceVersion, dryRun);
    if (!dryRun && path.type->hasLog)
        m_logs.removePod(path.namespaceName, path.name);
    return jsonReply(200, removed->json);
}

ApiReply ResourceHandler::removeCollection(const ApiRequest &request, const RequestPath &path)
{
    const bool dryRun = isDryRun(request);
    const auto labels = labelSelectorOf(request);
    const auto fields = fieldSelectorOf(request, *path.type);
    ListOptions options;
    options.namespaceName = path.namespaceName;
    options.labels = labels ? &*labels : nullptr;
    options.fields = fields ? &*fields : nullptr;
    ListResult matched = m_store.list(*path.type, options);
    ListResult removed;
    for (const ObjectPtr &object : matched.items) {
        const json &metadata = object->object["metadata"];
        try {
            removed.items.push_back(m_store.remove(*path.type, metadata.value("namespace", std::string()),
                                                   metadata.value("name", std::string()), {}, {}, dryRun));
        } catch (const ApiError &error) {
            if (error.code() != 404) // deleted meanwhile by someone else: fine
                throw;
        }
    }
    removed.resourceVersion = m_store.currentResourceVersion();
    return jsonReply(200, listBody(*path.type, removed));
}

ApiReply ResourceHandler::log(const ApiRequest &request, const RequestPath &path)
{
    const ObjectPtr pod = m_store.get(*path.type, path.namespaceName, path.name);
    if (!pod)
        throw ApiError::notFound(path.type->qualifiedResource(), path.name);
    std::vector<std::string> containers;
    const json &spec = pod->object.contains("spec") ? pod->object["spec"] : json::object();
    for (const char *list : {"containers", "initContainers"}) {
        if (spec.contains(list) && spec[list].is_array()) {
            for (const json &container : spec[list]) {
                if (container.is_object() && container.contains("name") && container["name"].is_string())
                    containers.push_back(container["name"].get<std::string>());
            }
        }
    }
    std::string container = request.param("container");
    if (container.empty()) {
        const std::size_t mainCount = spec.contains("containers") && spec["containers"].is_array() ? spec["containers"].size() : 0;
        if (mainCount != 1) {
            std::string choices;
            for (const std::string &name : containers)
                choices += (choices.empty() ? "" : " ") + name;
            throw ApiError::badRequest("a container name must be specified for pod " + path.name + ", choose one of: ["
                                       + choices + "]");
        }
        container = containers.front();
    } else if (std::find(containers.begin(), containers.end(), container) == containers.end()) {
        throw ApiError::badRequest("container " + container + " is not valid for pod " + path.name);
    }

    std::uint64_t cursor = 0;
    std::uint64_t next = 0;
    std::vector<std::string> lines = m_logs.read(path.namespaceName, path.name, container, 0, next);
    const std::string tail = request.param("tailLines");
    if (!tail.empty()) {
        std::size_t tailLines = 0;
        const auto result = std::from_chars(tail.data(), tail.data() + tail.size(), tailLines);
        if (result.ec != std::errc())
            throw ApiError::badRequest("tailLines: Invalid value: \"" + tail + "\"");
        if (lines.size() > tailLines)
            lines.erase(lines.begin(), lines.end() - static_cast<std::ptrdiff_t>(tailLines));
    }
    cursor = next;
    std::string text;
    for (const std::string &line : lines)
        text += line + "\n";

    ApiReply reply;
    reply.contentType = "text/plain";
    if (!request.flag("follow")) {
        reply.body = std::move(text);
        return reply;
    }
    reply.stream = std::make_shared<LogStream>(m_store, m_logs, *path.type, path.namespaceName, path.name, container,
                                               std::move(text), cursor);
    return reply;
}

ApiReply ResourceHandler::review(const ApiRequest &request, const RequestPath &path)
{
    const ResourceType &type = *path.type;
    json review;
    if (request.contentType == "application/vnd.kubernetes.protobuf") {
        auto decoded = decodeProtobufReview(request.body);
        if (!decoded)
            throw ApiError::badRequest("the protobuf body is not a " + type.kind);
        review = std::move(*decoded);
    } else {
        review = parseRequestBody(request);
    }
    checkObjectIdentity(review, type, {}, {});
    if (type.kind == "SelfSubjectAccessReview")
        AccessControl::reviewAccess(request.identity, review);
    else if (type.kind == "SelfSubjectRulesReview")
        AccessControl::reviewRules(request.identity, review);
    else
        review["status"] = {{"userInfo", {{"username", request.identity.userName},
                                          {"groups", json::array({"system:authenticated"})}}}};
    return jsonReply(201, review.dump());
}

} // namespace gantry::sim
