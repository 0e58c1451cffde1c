#include "backend/kube/restclient.h"

#include "backend/kube/linebuffer.h"
#include "backend/kube/responsereader.h"

namespace gantry::kube {

namespace {

constexpr const char *jsonType = "application/json";

std::string joinSelectors(const std::string &a, const std::string &b)
{
    if (a.empty() || b.empty())
        return a + b;
    return a + "," + b;
}

bool isSuccess(int httpCode)
{
    return httpCode >= 200 && httpCode <= 299;
}

} // namespace

const char *patchContentType(PatchType type)
{
    switch (type) {
    case PatchType::Merge: return "application/merge-patch+json";
    case PatchType::Json: return "application/json-patch+json";
    case PatchType::Strategic: return "application/strategic-merge-patch+json";
    case PatchType::Apply: return "application/apply-patch+yaml";
    }
    return "application/merge-patch+json";
}

RestClient::RestClient(std::shared_ptr<Transport> transport)
    : m_transport(std::move(transport))
{
}

std::shared_ptr<RestClient> RestClient::forConnection(const ResolvedConnection &connection, bool readOnly,
                                                      const CredentialOptions &credentials)
{
    TransportOptions options = TransportOptions::fromConnection(connection);
    options.readOnly = readOnly;
    return std::make_shared<RestClient>(
        std::make_shared<Transport>(std::move(options), makeCredentialProvider(connection, credentials)));
}

JsonResult RestClient::send(const TransportRequest &request)
{
    TransportResponse response = m_transport->perform(request);
    // A rotated token or an exec credential the server stopped accepting: fetch a new one, once.
    if (!response.error && response.httpCode == 401 && m_transport->credentials().refreshable()) {
        m_transport->credentials().invalidate();
        response = m_transport->perform(request);
    }
    return detail::readJsonResponse(request, response, redactUrlCredentials(m_transport->options().server));
}

TransportResponse RestClient::streamOnce(const TransportRequest &request, const ChunkHandler &onChunk)
{
    TransportResponse response = m_transport->stream(request, onChunk);
    // A 401 is answered before any stream data, so nothing was delivered yet.
    if (!response.error && response.httpCode == 401 && m_transport->credentials().refreshable()) {
        m_transport->credentials().invalidate();
        response = m_transport->stream(request, onChunk);
    }
    return response;
}

JsonResult RestClient::get(const ResourceRef &ref, const GetOptions &options)
{
    TransportRequest request;
    request.path = ref.path() + QueryBuilder().add("resourceVersion", options.resourceVersion).str();
    request.cancellation = options.cancellation;
    return send(request);
}

JsonResult RestClient::list(const ResourceRef &ref, const ListOptions &options)
{
    QueryBuilder query;
    query.add("labelSelector", options.labelSelector)
        .add("fieldSelector", options.fieldSelector)
        .add("limit", options.limit > 0 ? std::to_string(options.limit) : "")
        .add("continue", options.continueToken)
        .add("resourceVersion", options.resourceVersion)
        .add("resourceVersionMatch", options.resourceVersionMatch);
    TransportRequest request;
    request.path = ref.collection().path() + query.str();
    request.cancellation = options.cancellation;
    return send(request);
}

JsonResult RestClient::write(const std::string &method, const std::string &path, std::string body,
                             const char *contentType, const WriteOptions &options)
{
    QueryBuilder query;
    query.add("dryRun", options.dryRun ? "All" : "")
        .add("fieldManager", options.fieldManager)
        .add("fieldValidation", options.fieldValidation)
        .add("force", options.force ? "true" : "");
    TransportRequest request;
    request.method = method;
    request.path = path + query.str();
    request.body = std::move(body);
    request.contentType = contentType;
    request.cancellation = options.cancellation;
    return send(request);
}

JsonResult RestClient::create(const ResourceRef &ref, const nlohmann::json &object, const WriteOptions &options)
{
    return write("POST", ref.collection().path(), object.dump(), jsonType, options);
}

JsonResult RestClient::update(const ResourceRef &ref, const nlohmann::json &object, const WriteOptions &options)
{
    return write("PUT", ref.path(), object.dump(), jsonType, options);
}

JsonResult RestClient::patch(const ResourceRef &ref, PatchType type, const nlohmann::json &patch,
                             const WriteOptions &options)
{
    // JSON is valid YAML, so apply patches go as JSON too.
    return write("PATCH", ref.path(), patch.dump(), patchContentType(type), options);
}

JsonResult RestClient::remove(const ResourceRef &ref, const DeleteOptions &options)
{
    TransportRequest request;
    request.method = "DELETE";
    request.path = ref.path() + QueryBuilder().add("dryRun", options.dryRun ? "All" : "").str();
    request.cancellation = options.cancellation;
    // The rest travels as DeleteOptions in the body, as client-go sends it.
    nlohmann::json body = nlohmann::json::object();
    if (!options.propagationPolicy.empty())
        body["propagationPolicy"] = options.propagationPolicy;
    if (options.gracePeriodSeconds)
        body["gracePeriodSeconds"] = *options.gracePeriodSeconds;
    if (!options.preconditionResourceVersion.empty())
        body["preconditions"]["resourceVersion"] = options.preconditionResourceVersion;
    if (!options.preconditionUid.empty())
        body["preconditions"]["uid"] = options.preconditionUid;
    if (!body.empty()) {
        body["kind"] = "DeleteOptions";
        body["apiVersion"] = "v1";
        request.body = body.dump();
        request.contentType = jsonType;
    }
    return send(request);
}

JsonResult RestClient::getPath(const std::string &pathAndQuery, const Cancellation &cancellation)
{
    TransportRequest request;
    request.path = pathAndQuery;
    request.cancellation = cancellation;
    return send(request);
}

ApiResult<StreamSummary> RestClient::watch(const ResourceRef &ref, const std::string &resourceVersion,
                                           const WatchOptions &options, const WatchHandler &onEvent)
{
    // A single object is watched as kubectl does: its collection, selected by name.
    const std::string fieldSelector =
        ref.name.empty() ? options.fieldSelector : joinSelectors("metadata.name=" + ref.name, options.fieldSelector);
    QueryBuilder query;
    query.add("watch", "1")
        .add("resourceVersion", resourceVersion)
        .add("allowWatchBookmarks", options.allowBookmarks ? "true" : "")
        .add("timeoutSeconds", options.timeoutSeconds > 0 ? std::to_string(options.timeoutSeconds) : "")
        .add("labelSelector", options.labelSelector)
        .add("fieldSelector", fieldSelector);
    TransportRequest request;
    request.path = ref.collection().path() + query.str();
    request.cancellation = options.cancellation;
    request.timeout = options.idleTimeout;

    StreamSummary summary;
    std::optional<ApiError> decodeError;
    LineBuffer lines;
    const LineBuffer::LineHandler onLine = [&](std::string_view line) {
        WatchEventParse parsed = parseWatchEvent(line);
        if (!parsed.event) {
            if (parsed.error.empty())
                return true; // a blank line
            decodeError = ApiError::make(ApiError::Kind::BadResponse,
                                         "watch of " + ref.describe() + " broke off: " + parsed.error);
            return false;
        }
        ++summary.items;
        if (parsed.event->type != WatchEvent::Type::Error) {
            if (std::string version = parsed.event->resourceVersion(); !version.empty())
                summary.lastResourceVersion = std::move(version);
        }
        if (!onEvent(*parsed.event)) {
            summary.stoppedByCallback = true;
            return false;
        }
        return true;
    };
    const TransportResponse response = streamOnce(request, [&](std::string_view chunk) {
        summary.bytes += chunk.size();
        return lines.feed(chunk, onLine);
    });

    if (decodeError)
        return *decodeError;
    if (response.error)
        return *response.error;
    if (!isSuccess(response.httpCode))
        return detail::statusError(response, redactUrlCredentials(m_transport->options().server));
    if (!summary.stoppedByCallback)
        lines.finish(onLine);
    if (decodeError)
        return *decodeError;
    return summary;
}

ApiResult<StreamSummary> RestClient::logs(const ResourceRef &pod, const LogOptions &options,
                                          const LogLineHandler &onLine)
{
    ResourceRef ref = pod;
    ref.subresource = "log";
    QueryBuilder query;
    query.add("container", options.container)
        .add("follow", options.follow ? "true" : "")
        .add("tailLines", options.tailLines >= 0 ? std::to_string(options.tailLines) : "")
        .add("timestamps", options.timestamps ? "true" : "")
        .add("previous", options.previous ? "true" : "")
        .add("sinceSeconds", options.sinceSeconds > 0 ? std::to_string(options.sinceSeconds) : "");
    TransportRequest request;
    request.path = ref.path() + query.str();
    request.accept = "*/*";
    request.cancellation = options.cancellation;
    // A followed container may be quiet for hours; TCP keep-alive still notices a dead peer.
    if (options.follow)
        request.timeout = std::chrono::milliseconds(0);

    StreamSummary summary;
    LineBuffer lines;
    const LineBuffer::LineHandler deliver = [&](std::string_view line) {
        ++summary.items;
        if (!onLine(line)) {
            summary.stoppedByCallback = true;
            return false;
        }
        return true;
    };
    const TransportResponse response = streamOnce(request, [&](std::string_view chunk) {
        summary.bytes += chunk.size();
        return lines.feed(chunk, deliver);
    });
    if (response.error)
        return *response.error;
    if (!isSuccess(response.httpCode))
        return detail::statusError(response, redactUrlCredentials(m_transport->options().server));
    if (!summary.stoppedByCallback)
        lines.finish(deliver);
    return summary;
}

} // namespace gantry::kube
