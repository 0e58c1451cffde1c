#include "backend/kube/transport.h"

#include "backend/core/buildinfo.h"
#include "backend/kube/curlsession.h"
#include "backend/kube/transporterror.h"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace gantry::kube {

namespace {

// A non-2xx body during a stream is an error document; anything beyond this is noise.
constexpr std::size_t maxStreamErrorBody = 1024 * 1024;

struct SlistDeleter
{
    void operator()(curl_slist *list) const { curl_slist_free_all(list); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

void append(Slist &list, const std::string &line)
{
    curl_slist *grown = curl_slist_append(list.get(), line.c_str());
    if (grown) {
        (void)list.release();
        list.reset(grown);
    }
}

struct UrlDeleter
{
    void operator()(CURLU *url) const { curl_url_cleanup(url); }
};

std::string urlPart(CURLU *url, CURLUPart part, unsigned int flags = 0)
{
    char *value = nullptr;
    if (curl_url_get(url, part, &value, flags) != CURLUE_OK || !value)
        return {};
    std::string text = value;
    curl_free(value);
    return text;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size()
        && std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
           });
}

std::string trimmed(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

std::string pathWithoutQuery(const std::string &path)
{
    return path.substr(0, path.find('?'));
}

// State the libcurl callbacks of one transfer share.
struct Exchange
{
    CURL *easy = nullptr;
    const ChunkHandler *onChunk = nullptr;
    const Cancellation *cancellation = nullptr;
    TransportResponse *response = nullptr;
    bool decided = false;
    bool deliver = false;
    std::chrono::milliseconds idleLimit{0}; // streams: silence allowed before giving up
    std::chrono::steady_clock::time_point lastData = std::chrono::steady_clock::now();
    bool idledOut = false;
};

size_t receiveBody(char *data, size_t size, size_t count, void *user)
{
    auto &exchange = *static_cast<Exchange *>(user);
    const std::size_t bytes = size * count;
    if (exchange.cancellation->isCancelled())
        return 0;
    exchange.lastData = std::chrono::steady_clock::now();
    if (!exchange.decided) {
        // Headers are complete by the first body byte: only a 2xx body is the stream.
        long code = 0;
        curl_easy_getinfo(exchange.easy, CURLINFO_RESPONSE_CODE, &code);
        exchange.decided = true;
        exchange.deliver = exchange.onChunk && code >= 200 && code < 300;
    }
    if (exchange.deliver) {
        if (!(*exchange.onChunk)(std::string_view(data, bytes))) {
            exchange.response->stoppedByReceiver = true;
            return 0;
        }
        return bytes;
    }
    std::string &body = exchange.response->body;
    if (exchange.onChunk)
        body.append(data, std::min(bytes, maxStreamErrorBody - std::min(maxStreamErrorBody, body.size())));
    else
        body.append(data, bytes);
    return bytes;
}

size_t receiveHeader(char *data, size_t size, size_t count, void *user)
{
    auto &exchange = *static_cast<Exchange *>(user);
    exchange.lastData = std::chrono::steady_clock::now();
    const std::string_view line(data, size * count);
    // A new status line starts a new response (after a proxy's CONNECT answer, say).
    if (startsWithNoCase(line, "HTTP/"))
        exchange.response->warnings.clear();
    else if (startsWithNoCase(line, "Warning:"))
        exchange.response->warnings.push_back(trimmed(line.substr(8)));
    return size * count;
}

// Called by libcurl every time the transfer is driven (each poll slice), data or not.
// libcurl's own low-speed limit averages over several seconds, so silence is timed here.
int checkProgress(void *user, curl_off_t, curl_off_t, curl_off_t, curl_off_t)
{
    auto &exchange = *static_cast<Exchange *>(user);
    if (exchange.cancellation->isCancelled())
        return 1;
    if (exchange.idleLimit.count() > 0 && std::chrono::steady_clock::now() - exchange.lastData > exchange.idleLimit) {
        exchange.idledOut = true;
        return 1;
    }
    return 0;
}

std::string defaultUserAgent()
{
    return "gantry/" + buildinfo::projectVersion();
}

void setBlob(CURL *easy, CURLoption option, const std::string &pem)
{
    curl_blob blob{const_cast<char *>(pem.data()), pem.size(), CURL_BLOB_COPY};
    curl_easy_setopt(easy, option, &blob);
}

void addImpersonation(Slist &headers, const Impersonation &as)
{
    if (!as.user.empty())
        append(headers, "Impersonate-User: " + as.user);
    if (!as.uid.empty())
        append(headers, "Impersonate-Uid: " + as.uid);
    for (const std::string &group : as.groups)
        append(headers, "Impersonate-Group: " + group);
    for (const auto &[key, values] : as.extra) {
        for (const std::string &value : values)
            append(headers, "Impersonate-Extra-" + key + ": " + value);
    }
}

std::string httpVersionName(long version)
{
    switch (version) {
    case CURL_HTTP_VERSION_1_0: return "1.0";
    case CURL_HTTP_VERSION_1_1: return "1.1";
    case CURL_HTTP_VERSION_2_0: return "2";
    case CURL_HTTP_VERSION_3: return "3";
    default: return {};
    }
}

// TLS: trust only the context's CA when it names one, as client-go does.
void applyTls(CURL *easy, const TransportOptions &options, const std::optional<ClientCertificate> &identity)
{
    if (!options.caPem.empty()) {
        setBlob(easy, CURLOPT_CAINFO_BLOB, options.caPem);
        curl_easy_setopt(easy, CURLOPT_CAINFO, nullptr);
        curl_easy_setopt(easy, CURLOPT_CAPATH, nullptr);
    }
    if (options.insecureSkipTlsVerify) {
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    if (identity) {
        setBlob(easy, CURLOPT_SSLCERT_BLOB, identity->certificatePem);
        curl_easy_setopt(easy, CURLOPT_SSLCERTTYPE, "PEM");
        setBlob(easy, CURLOPT_SSLKEY_BLOB, identity->keyPem);
        curl_easy_setopt(easy, CURLOPT_SSLKEYTYPE, "PEM");
    }
    if (!options.proxyUrl.empty())
        curl_easy_setopt(easy, CURLOPT_PROXY, options.proxyUrl.c_str());
}

void applyCredential(CURL *easy, Slist &headers, const Credential &secret)
{
    if (!secret.bearerToken.empty()) {
        append(headers, "Authorization: Bearer " + secret.bearerToken);
    } else if (secret.hasBasic()) {
        curl_easy_setopt(easy, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
        curl_easy_setopt(easy, CURLOPT_USERNAME, secret.username.c_str());
        curl_easy_setopt(easy, CURLOPT_PASSWORD, secret.password.c_str());
    }
}

void applyMethod(CURL *easy, const TransportRequest &request)
{
    if (request.method == "GET") {
        curl_easy_setopt(easy, CURLOPT_HTTPGET, 1L);
        return;
    }
    curl_easy_setopt(easy, CURLOPT_CUSTOMREQUEST, request.method.c_str());
    // A DELETE without options has no body; everything else sends one, maybe empty.
    if (!request.body.empty() || request.method != "DELETE") {
        curl_easy_setopt(easy, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
        curl_easy_setopt(easy, CURLOPT_POSTFIELDS, request.body.data());
    }
}

void readResponseInfo(CURL *easy, TransportResponse &response)
{
    long httpCode = 0;
    curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &httpCode);
    response.httpCode = static_cast<int>(httpCode);
    const char *contentType = nullptr;
    if (curl_easy_getinfo(easy, CURLINFO_CONTENT_TYPE, &contentType) == CURLE_OK && contentType)
        response.contentType = contentType;
    long version = 0;
    curl_easy_getinfo(easy, CURLINFO_HTTP_VERSION, &version);
    response.httpVersion = httpVersionName(version);
}

} // namespace

TransportOptions TransportOptions::fromConnection(const ResolvedConnection &connection)
{
    TransportOptions options;
    options.server = connection.server;
    options.caPem = connection.caPem;
    options.insecureSkipTlsVerify = connection.insecureSkipTlsVerify;
    options.tlsServerName = connection.tlsServerName;
    options.proxyUrl = connection.proxyUrl;
    options.disableCompression = connection.disableCompression;
    options.clientCertificate = connection.clientCertificate;
    options.impersonation = connection.impersonation;
    return options;
}

Transport::Transport(TransportOptions options, std::shared_ptr<CredentialProvider> credentials)
    : m_options(std::move(options))
    , m_credentials(std::move(credentials))
    , m_pool(std::make_unique<detail::CurlSessionPool>(m_options.maxIdleConnections))
{
    const std::string target = redactUrlCredentials(m_options.server);
    std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
    if (!url || curl_url_set(url.get(), CURLUPART_URL, m_options.server.c_str(), 0) != CURLUE_OK) {
        m_setupError = "the server address \"" + target + "\" is not a valid URL";
        return;
    }
    const std::string scheme = urlPart(url.get(), CURLUPART_SCHEME);
    if (scheme != "https" && scheme != "http") {
        m_setupError = "the server address \"" + target + "\" is not an http(s) URL";
        return;
    }
    if (!m_options.tlsServerName.empty() && scheme == "https") {
        const std::string host = urlPart(url.get(), CURLUPART_HOST);
        const std::string explicitPort = urlPart(url.get(), CURLUPART_PORT);
        const std::string port = urlPart(url.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
        m_connectTo = m_options.tlsServerName + ":" + port + ":" + host + ":" + port;
        m_hostHeader = "Host: " + host + (explicitPort.empty() ? std::string() : ":" + explicitPort);
        if (curl_url_set(url.get(), CURLUPART_HOST, m_options.tlsServerName.c_str(), 0) != CURLUE_OK) {
            m_setupError = "tls-server-name \"" + m_options.tlsServerName + "\" is not a valid host name";
            return;
        }
    }
    m_baseUrl = urlPart(url.get(), CURLUPART_URL);
    while (!m_baseUrl.empty() && m_baseUrl.back() == '/')
        m_baseUrl.pop_back();
}

Transport::~Transport() = default;

TransportResponse Transport::perform(const TransportRequest &request)
{
    return execute(request, nullptr);
}

TransportResponse Transport::stream(const TransportRequest &request, const ChunkHandler &onChunk)
{
    return execute(request, &onChunk);
}

TransportResponse Transport::execute(const TransportRequest &request, const ChunkHandler *onChunk)
{
    using Kind = ApiError::Kind;
    TransportResponse response;
    if (!m_setupError.empty()) {
        response.error = ApiError::make(Kind::InvalidRequest, m_setupError);
        return response;
    }
    // The guard comes before credentials and sockets: nothing may leave this process.
    if (m_options.readOnly && request.method != "GET") {
        response.error = ApiError::make(Kind::ReadOnly, "read-only mode: refusing to send " + request.method + " "
                                                            + pathWithoutQuery(request.path)
                                                            + "; Gantry was started with --read-only");
        return response;
    }
    if (request.cancellation.isCancelled()) {
        response.error = ApiError::make(Kind::Cancelled, "the request was cancelled before it was sent");
        return response;
    }
    const CredentialResult credential = m_credentials ? m_credentials->current() : CredentialResult{Credential{}, {}};
    if (!credential.ok()) {
        response.error = ApiError::make(Kind::Credentials, credential.error);
        return response;
    }

    std::unique_ptr<detail::CurlSession> session = m_pool->take();
    CURL *easy = session->easy();
    const bool streaming = onChunk != nullptr;
    const std::string url = m_baseUrl + request.path;
    char errorBuffer[CURL_ERROR_SIZE] = {};
    Exchange exchange{easy, onChunk, &request.cancellation, &response, false, false};

    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    curl_easy_setopt(easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(easy, CURLOPT_ERRORBUFFER, errorBuffer);
    curl_easy_setopt(easy, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_2TLS));
    if (!m_options.disableCompression)
        curl_easy_setopt(easy, CURLOPT_ACCEPT_ENCODING, "gzip");
    curl_easy_setopt(easy, CURLOPT_USERAGENT,
                     m_options.userAgent.empty() ? defaultUserAgent().c_str() : m_options.userAgent.c_str());
    curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, receiveBody);
    curl_easy_setopt(easy, CURLOPT_WRITEDATA, &exchange);
    curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, receiveHeader);
    curl_easy_setopt(easy, CURLOPT_HEADERDATA, &exchange);

    // Limits: connecting, then the whole request, or for a stream only silence.
    curl_easy_setopt(easy, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connectTimeout.count()));
    const std::chrono::milliseconds limit =
        request.timeout.value_or(streaming ? m_options.streamIdleTimeout : m_options.requestTimeout);
    if (streaming)
        exchange.idleLimit = limit;
    else
        curl_easy_setopt(easy, CURLOPT_TIMEOUT_MS, static_cast<long>(limit.count()));
    curl_easy_setopt(easy, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(easy, CURLOPT_XFERINFOFUNCTION, checkProgress);
    curl_easy_setopt(easy, CURLOPT_XFERINFODATA, &exchange);
    // Keep-alive probes notice a peer that vanished under a quiet watch.
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPIDLE, 30L);
    curl_easy_setopt(easy, CURLOPT_TCP_KEEPINTVL, 15L);

    const std::optional<ClientCertificate> &identity =
        credential.credential->clientCertificate ? credential.credential->clientCertificate
                                                 : m_options.clientCertificate;
    applyTls(easy, m_options, identity);
    Slist connectTo;
    if (!m_connectTo.empty()) {
        append(connectTo, m_connectTo);
        curl_easy_setopt(easy, CURLOPT_CONNECT_TO, connectTo.get());
    }

    Slist headers;
    if (!request.accept.empty())
        append(headers, "Accept: " + request.accept);
    if (!request.contentType.empty())
        append(headers, "Content-Type: " + request.contentType);
    append(headers, "Expect:"); // no 100-continue round trip before a body
    if (!m_hostHeader.empty())
        append(headers, m_hostHeader);
    if (m_options.impersonation)
        addImpersonation(headers, *m_options.impersonation);
    applyCredential(easy, headers, *credential.credential);
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers.get());

    applyMethod(easy, request);

    const CURLcode code = session->perform(request.cancellation);

    readResponseInfo(easy, response);

    if (code != CURLE_OK && !(code == CURLE_WRITE_ERROR && response.stoppedByReceiver)) {
        detail::CurlFailure failure;
        failure.code = code;
        failure.detail = errorBuffer;
        if (request.cancellation.isCancelled()) {
            failure.code = CURLE_ABORTED_BY_CALLBACK;
        } else if (exchange.idledOut) {
            failure.code = CURLE_OPERATION_TIMEDOUT;
            failure.detail.clear();
        }
        curl_easy_getinfo(easy, CURLINFO_OS_ERRNO, &failure.osErrno);
        // Times are 0 for phases never reached; a reused connection has no connect
        // or handshake time but does reach "pretransfer".
        curl_off_t readyTime = 0;
        curl_easy_getinfo(easy, CURLINFO_PRETRANSFER_TIME_T, &readyTime);
        curl_off_t handshakeTime = 0;
        curl_easy_getinfo(easy, CURLINFO_APPCONNECT_TIME_T, &handshakeTime);
        failure.connected = readyTime > 0 || response.httpCode != 0;
        failure.afterFreshTlsHandshake = handshakeTime > 0 && response.httpCode == 0;
        failure.presentedClientCertificate = identity.has_value();
        failure.streaming = streaming;
        failure.timeout = failure.connected ? limit : m_options.connectTimeout;
        failure.target = redactUrlCredentials(m_options.server);
        response.error = detail::describeCurlFailure(failure);
    }
    // The handle still points at this frame's buffers and lists; the pool resets it.
    m_pool->give(std::move(session));
    return response;
}

} // namespace gantry::kube
