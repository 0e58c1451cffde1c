#include "sim/api/apiserver.h"

#include "sim/api/accesscontrol.h"
#include "sim/api/apierror.h"
#include "sim/api/discovery.h"
#include "sim/api/objectstore.h"
#include "sim/api/podlogs.h"
#include "sim/api/requestpath.h"
#include "sim/api/resourcehandler.h"
#include "sim/security/tlsmaterial.h"

#include <httplib.h>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>

namespace gantry::sim {

namespace {

using Clock = std::chrono::steady_clock;

// Per-request bookkeeping for --log-requests, kept on the worker thread that
// serves the request (httplib runs a request start to finish on one thread).
thread_local Clock::time_point requestStart;
thread_local std::uint64_t streamedBytes = 0;

std::string mediaType(const std::string &header)
{
    std::string type = header.substr(0, header.find(';'));
    while (!type.empty() && type.back() == ' ')
        type.pop_back();
    for (char &c : type)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return type;
}

void sendStatus(httplib::Response &response, const ApiError &error)
{
    response.status = error.code();
    response.set_content(error.status().dump(), "application/json");
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

std::string percentDecode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '+') {
            out.push_back(' ');
        } else if (text[i] == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 && hexValue(text[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

// Query parameters as Go's net/url reads them: a value may itself contain '='
// ("labelSelector=app=vllm"), which httplib's own parser would cut.
std::multimap<std::string, std::string> queryOf(const std::string &target)
{
    std::multimap<std::string, std::string> query;
    const auto question = target.find('?');
    if (question == std::string::npos)
        return query;
    std::string_view rest(target);
    rest.remove_prefix(question + 1);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        if (!pair.empty()) {
            const auto eq = pair.find('=');
            query.emplace(percentDecode(pair.substr(0, eq)),
                          eq == std::string_view::npos ? std::string() : percentDecode(pair.substr(eq + 1)));
        }
        if (amp == std::string_view::npos)
            break;
        rest.remove_prefix(amp + 1);
    }
    return query;
}

bool isRead(const std::string &method)
{
    return method == "GET" || method == "HEAD";
}

} // namespace

ApiServer::ApiServer(ObjectStore &store, PodLogStore &logs, const AccessControl &access, ApiServerOptions options)
    : m_store(store)
    , m_logs(logs)
    , m_access(access)
    , m_options(std::move(options))
    , m_handler(std::make_unique<ResourceHandler>(store, logs, m_options.bookmarkInterval))
{
}

ApiServer::~ApiServer()
{
    stop();
}

void ApiServer::setMetricsSource(std::function<std::string()> source)
{
    m_metrics = std::move(source);
}

std::string ApiServer::url() const
{
    const bool ipv6 = m_options.host.find(':') != std::string::npos;
    const std::string host = ipv6 ? "[" + m_options.host + "]" : m_options.host;
    return std::string(m_options.useTls ? "https://" : "http://") + host + ":" + std::to_string(m_port);
}

std::string ApiServer::caCertificatePem() const
{
    return m_tls ? m_tls->caCertificatePem : std::string();
}

RequestCounts ApiServer::requestCounts() const
{
    return {m_reads.load(), m_writes.load()};
}

bool ApiServer::start(std::string *error)
{
    // A client that disconnects mid-response must not kill the process.
    std::signal(SIGPIPE, SIG_IGN);

    // A restart (stop, then start) keeps the port and the certificates, so
    // clients holding the kubeconfig reconnect as to a restarted API server.
    if (m_options.useTls && !m_tls && m_options.tls)
        m_tls = std::make_unique<TlsMaterial>(*m_options.tls);
    if (m_options.useTls && !m_tls) {
        std::vector<std::string> addresses = {"127.0.0.1", "::1"};
        if (m_options.host != "127.0.0.1" && m_options.host != "::1" && m_options.host != "localhost"
            && m_options.host != "0.0.0.0")
            addresses.push_back(m_options.host);
        auto material = generateTlsMaterial({"localhost"}, addresses, error);
        if (!material)
            return false;
        m_tls = std::make_unique<TlsMaterial>(std::move(*material));
    }
    if (m_options.useTls) {
        const X509Ptr certificate = certificateFromPem(m_tls->serverCertificatePem);
        const EvpPkeyPtr key = privateKeyFromPem(m_tls->serverKeyPem);
        if (!certificate || !key) {
            if (error)
                *error = "the server certificate or its key is not valid PEM";
            m_tls.reset();
            return false;
        }
        // SSL_CTX takes its own references, so ours can go when this scope ends.
        m_server = std::make_unique<httplib::SSLServer>(certificate.get(), key.get());
    } else {
        m_server = std::make_unique<httplib::Server>();
    }
    if (!m_server->is_valid()) {
        if (error)
            *error = "could not set up the TLS server context";
        return false;
    }

    const std::size_t threads = m_options.workerThreads;
    m_server->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    m_server->set_payload_max_length(m_options.maxBodyBytes);
    // httplib's default also sets SO_REUSEPORT, which lets a second server share
    // a port that is in use; a second gantry-sim must be told the port is taken.
    m_server->set_socket_options([](int socket) {
        int yes = 1;
        ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    m_server->set_keep_alive_max_count(1000);
    // An idle keep-alive connection holds stop() until it times out (cpp-httplib
    // does not interrupt the wait), so it stays short: a demo restarts quickly.
    m_server->set_keep_alive_timeout(3);
    m_server->set_read_timeout(30);
    m_server->set_write_timeout(30);
    installRoutes();

    const std::string bindHost = m_options.host == "localhost" ? "127.0.0.1" : m_options.host;
    int port = m_options.port != 0 ? m_options.port : m_port;
    if (port == 0)
        port = m_server->bind_to_any_port(bindHost);
    else if (!m_server->bind_to_port(bindHost, port))
        port = -1;
    if (port <= 0) {
        if (error)
            *error = "cannot listen on " + m_options.host + ":" + std::to_string(m_options.port ? m_options.port : m_port)
                + " (address in use, or not an address of this machine)";
        return false;
    }
    m_port = static_cast<std::uint16_t>(port);
    auto listenEnded = std::make_shared<std::atomic<bool>>(false);
    m_thread = std::thread([this, listenEnded] {
        m_server->listen_after_bind();
        *listenEnded = true;
    });
    // cpp-httplib ignores stop() until its accept loop runs, so a stop right after
    // start (a demo restarted at once) would wait forever: return once it runs.
    while (!m_server->is_running() && !*listenEnded)
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return true;
}

void ApiServer::stop()
{
    if (!m_server)
        return;
    m_store.closeAllWatches();
    m_logs.wakeAll();
    m_server->stop();
    if (m_thread.joinable())
        m_thread.join();
    m_server.reset();
}

void ApiServer::installRoutes()
{
    m_server->set_pre_routing_handler([](const httplib::Request &request, httplib::Response &) {
        requestStart = Clock::now();
        streamedBytes = 0;
        // Responses go out uncompressed: httplib's gzip buffers streamed chunks,
        // which would hold watch events back, and on loopback it only costs time.
        const_cast<httplib::Request &>(request).headers.erase("Accept-Encoding");
        return httplib::Server::HandlerResponse::Unhandled;
    });

    auto handler = [this](const httplib::Request &request, httplib::Response &response) {
        (isRead(request.method) ? m_reads : m_writes).fetch_add(1, std::memory_order_relaxed);
        try {
            const RequestPath path = parseRequestPath(request.path);
            using Kind = RequestPath::Kind;
            const bool open = path.kind == Kind::Health || path.kind == Kind::Version || path.kind == Kind::Metrics;
            std::optional<Identity> identity;
            if (!open) {
                identity = m_access.authenticate(request.get_header_value("Authorization"));
                if (!identity)
                    throw ApiError(401, "Unauthorized", "Unauthorized");
            }
            if (path.kind != Kind::Resource && !isRead(request.method)) {
                if (path.kind == Kind::Unknown)
                    throw ApiError::unknownPath();
                throw ApiError(405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            }
            auto sendJson = [&response](const nlohmann::json &document) {
                response.set_content(document.dump(), "application/json");
            };
            switch (path.kind) {
            case Kind::Version:
                return sendJson(discovery::version());
            case Kind::Health:
                return response.set_content("ok", "text/plain");
            case Kind::Metrics:
                if (!m_metrics)
                    throw ApiError::unknownPath();
                return response.set_content(m_metrics(), "text/plain; version=0.0.4; charset=utf-8");
            case Kind::CoreApi:
                return sendJson(discovery::coreApiVersions(request.get_header_value("Host")));
            case Kind::Apis:
                return sendJson(discovery::apiGroupList());
            case Kind::ApiGroup:
                if (const auto group = discovery::apiGroup(path.group))
                    return sendJson(*group);
                throw ApiError::unknownPath();
            case Kind::GroupVersion: {
                const std::string groupVersion = path.group.empty() ? path.version : path.group + "/" + path.version;
                if (const auto list = discovery::apiResourceList(groupVersion))
                    return sendJson(*list);
                throw ApiError::unknownPath();
            }
            case Kind::OpenApiIndex:
                return sendJson(discovery::openApiIndex());
            case Kind::OpenApiV2:
                if (request.get_header_value("Accept").find("protobuf") != std::string::npos)
                    return response.set_content(discovery::openApiV2Protobuf(),
                                                 "application/octet-stream");
                return sendJson(discovery::openApiV2Json());
            case Kind::OpenApiDocument:
                if (const auto document = discovery::openApiDocument(path.openApiPath))
                    return sendJson(*document);
                throw ApiError::unknownPath();
            case Kind::Unknown:
                throw ApiError::unknownPath();
            case Kind::Resource:
                break;
            }

            ApiRequest apiRequest;
            apiRequest.method = request.method;
            apiRequest.path = request.path;
            apiRequest.query = queryOf(request.target);
            apiRequest.contentType = mediaType(request.get_header_value("Content-Type"));
            apiRequest.body = request.body;
            apiRequest.identity = *identity;

            const std::string verb = ResourceHandler::verbFor(apiRequest, path);
            // Asking what one may do is open to every authenticated user.
            if (!path.type->createOnly && !AccessControl::allows(*identity, verb))
                throw ApiError(403, "Forbidden",
                               AccessControl::forbiddenMessage(*identity, verb, *path.type, path.subresource,
                                                               path.namespaceName, path.name),
                               nlohmann::json{{"name", path.name}, {"group", path.type->group}, {"kind", path.type->plural}});

            ApiReply reply = m_handler->handle(apiRequest, path);
            response.status = reply.status;
            if (!reply.stream) {
                response.set_content(std::move(reply.body), reply.contentType);
                return;
            }
            auto stream = reply.stream;
            response.set_chunked_content_provider(reply.contentType, [stream](std::size_t, httplib::DataSink &sink) {
                const auto write = [&sink](std::string_view text) {
                    streamedBytes += text.size();
                    return sink.is_writable() && sink.write(text.data(), text.size());
                };
                if (!stream->pump(write))
                    sink.done();
                return true;
            });
        } catch (const ApiError &error) {
            sendStatus(response, error);
        } catch (const std::exception &error) {
            // A bug here must cost one request, not the server.
            sendStatus(response, ApiError(500, "InternalError", std::string("internal error: ") + error.what()));
        }
    };
    m_server->Get(".*", handler);
    m_server->Post(".*", handler);
    m_server->Put(".*", handler);
    m_server->Patch(".*", handler);
    m_server->Delete(".*", handler);

    m_server->set_error_handler([](const httplib::Request &, httplib::Response &response) {
        if (!response.body.empty())
            return;
        if (response.status == 413)
            sendStatus(response, ApiError(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"));
        else if (response.status == 404)
            sendStatus(response, ApiError::unknownPath());
        else if (response.status == 405)
            sendStatus(response, ApiError(405, "MethodNotAllowed", "the server does not allow this method"));
        else if (response.status == 400)
            sendStatus(response, ApiError::badRequest("the request could not be read"));
    });

    if (m_options.logRequests) {
        m_server->set_logger([](const httplib::Request &request, const httplib::Response &response) {
            const auto micros =
                std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - requestStart).count();
            const std::uint64_t bytes = response.body.size() + streamedBytes;
            // The path and query only: headers (and so the token) are never logged.
            std::string target = request.path;
            if (!request.params.empty()) {
                target += '?';
                bool first = true;
                for (const auto &[key, value] : request.params) {
                    target += (first ? "" : "&") + key + "=" + value;
                    first = false;
                }
            }
            std::clog << request.method << ' ' << target << ' ' << response.status << ' ' << micros / 1000.0
                      << "ms " << bytes << "B\n";
        });
    }
}

} // namespace gantry::sim
