#include "backend/kube/kubeconfigresolver.h"

#include "backend/kube/kubeconfigio.h"

#include <cctype>
#include <cstdio>
#include <sstream>

namespace gantry::kube {

namespace {

// " (user "red" at /home/me/.kube/config:14)": where to go to fix it.
std::string definedAt(const char *kind, const std::string &name, const KubeconfigLocation &origin)
{
    return std::string(" (") + kind + " \"" + name + "\" at " + origin.describe() + ')';
}

// kubectl reports every problem of the chosen context at once; so do we.
class Problems
{
public:
    void add(const std::string &problem, const char *kind, const std::string &name, const KubeconfigLocation &origin)
    {
        if (m_messages.empty()) {
            m_first.file = origin.file;
            m_first.line = origin.line;
        }
        m_messages.push_back(problem + definedAt(kind, name, origin));
    }

    bool empty() const { return m_messages.empty(); }

    KubeconfigError error() const
    {
        KubeconfigError error = m_first;
        if (m_messages.size() > 1)
            error.message = "invalid configuration: ";
        for (std::size_t i = 0; i < m_messages.size(); ++i)
            error.message += (i == 0 ? "" : "; ") + m_messages[i];
        return error;
    }

private:
    std::vector<std::string> m_messages;
    KubeconfigError m_first;
};

// The kind and name of the entry a problem belongs to.
struct Owner
{
    const char *kind;
    const std::string &name;
    const KubeconfigLocation &origin;
};

// Reads a file a kubeconfig entry points at, reporting failure in kubectl's words.
std::string readReferenced(const std::string &path, const char *field, const Owner &owner, Problems &problems)
{
    detail::FileContents file = detail::readWholeFile(path);
    if (file.status != detail::FileContents::Status::Ok) {
        problems.add("unable to read " + std::string(field) + ' ' + path + " for " + owner.name + ": " + file.problem,
                     owner.kind, owner.name, owner.origin);
        return {};
    }
    return std::move(file.content);
}

bool startsWithCaseless(const std::string &text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i])
            return false;
    }
    return true;
}

// Go's url.Parse takes everything before the first ':' as the scheme when it
// is made of scheme characters.
std::string urlScheme(const std::string &url)
{
    const std::size_t colon = url.find(':');
    if (colon == std::string::npos || colon == 0)
        return {};
    std::string scheme = url.substr(0, colon);
    for (char &c : scheme) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.')
            return {};
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return std::isalpha(static_cast<unsigned char>(scheme.front())) ? scheme : std::string();
}

// client-go replaces control characters in an install hint (which is shown on
// a terminal) by their code point, so a kubeconfig cannot drive the terminal.
std::string withoutTerminalEscapes(const std::string &text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        const bool spaceControl = byte >= 0x09 && byte <= 0x0D;
        const bool c0 = byte < 0x20 || byte == 0x7F;
        const bool c1 = byte == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) >= 0x80
                        && static_cast<unsigned char>(text[i + 1]) <= 0x9F;
        if ((c0 && !spaceControl) || c1) {
            const unsigned codePoint = c1 ? static_cast<unsigned char>(text[++i]) : byte;
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "U+%04X", codePoint);
            out += buffer;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::optional<ExecInteractiveMode> parseInteractiveMode(const std::string &mode)
{
    if (mode == "Never")
        return ExecInteractiveMode::Never;
    if (mode == "IfAvailable")
        return ExecInteractiveMode::IfAvailable;
    if (mode == "Always")
        return ExecInteractiveMode::Always;
    return std::nullopt;
}

void checkCluster(const std::string &name, const KubeconfigCluster &cluster, ResolvedConnection &connection,
                  Problems &problems)
{
    const Owner owner{"cluster", name, cluster.origin};
    const auto add = [&](const std::string &problem) { problems.add(problem, owner.kind, name, cluster.origin); };

    if (cluster.server.empty())
        add("no server found for cluster \"" + name + '"');
    if (!cluster.proxyUrl.empty()) {
        const std::string scheme = urlScheme(cluster.proxyUrl);
        if (scheme != "http" && scheme != "https" && scheme != "socks5")
            add("invalid 'proxy-url' \"" + redactUrlCredentials(cluster.proxyUrl) + "\" for cluster \"" + name
                + "\": unsupported scheme \"" + scheme + "\", must be http, https, or socks5");
    }
    if (!cluster.certificateAuthority.empty() && !cluster.certificateAuthorityData.empty())
        add("certificate-authority-data and certificate-authority are both specified for " + name
            + ". certificate-authority-data will override.");
    if (!cluster.certificateAuthority.empty()) {
        std::string pem = readReferenced(cluster.certificateAuthority, "certificate-authority", owner, problems);
        if (cluster.certificateAuthorityData.empty())
            connection.caPem = std::move(pem);
    }
    if (!cluster.certificateAuthorityData.empty())
        connection.caPem = cluster.certificateAuthorityData;
    // client-go's transport refuses the combination rather than guess.
    if (cluster.insecureSkipTlsVerify && (!cluster.certificateAuthority.empty() || !cluster.certificateAuthorityData.empty()))
        add("specifying a root certificates file with the insecure flag is not allowed");

    connection.server = cluster.server;
    connection.insecureSkipTlsVerify = cluster.insecureSkipTlsVerify;
    connection.tlsServerName = cluster.tlsServerName;
    connection.proxyUrl = cluster.proxyUrl;
    connection.disableCompression = cluster.disableCompression;
}

void checkClientCertificate(const std::string &name, const KubeconfigUser &user, ResolvedConnection &connection,
                            Problems &problems)
{
    const bool hasCertificate = !user.clientCertificate.empty() || !user.clientCertificateData.empty();
    if (!hasCertificate)
        return; // a key alone is ignored, as in client-go
    const Owner owner{"user", name, user.origin};
    const auto add = [&](const std::string &problem) { problems.add(problem, owner.kind, name, user.origin); };

    if (!user.clientCertificate.empty() && !user.clientCertificateData.empty())
        add("client-cert-data and client-cert are both specified for " + name + ". client-cert-data will override.");
    if (!user.clientKey.empty() && !user.clientKeyData.empty())
        add("client-key-data and client-key are both specified for " + name + "; client-key-data will override");
    if (user.clientKey.empty() && user.clientKeyData.empty())
        add("client-key-data or client-key must be specified for " + name
            + " to use the clientCert authentication method.");

    ClientCertificate certificate;
    if (!user.clientCertificate.empty())
        certificate.certificatePem = readReferenced(user.clientCertificate, "client-cert", owner, problems);
    if (!user.clientKey.empty())
        certificate.keyPem = readReferenced(user.clientKey, "client-key", owner, problems);
    if (!user.clientCertificateData.empty())
        certificate.certificatePem = user.clientCertificateData;
    if (!user.clientKeyData.empty())
        certificate.keyPem = user.clientKeyData;
    connection.clientCertificate = std::move(certificate);
}

void checkExec(const std::string &name, const KubeconfigUser &user, const KubeconfigCluster &cluster,
               ResolvedConnection &connection, Problems &problems)
{
    const KubeconfigExec &exec = *user.exec;
    const auto add = [&](const std::string &problem) { problems.add(problem, "user", name, user.origin); };

    if (user.authProvider)
        add("authProvider cannot be provided in combination with an exec plugin for " + name);
    if (exec.command.empty())
        add("command must be specified for " + name + " to use exec authentication plugin");
    if (exec.apiVersion.empty())
        add("apiVersion must be specified for " + name + " to use exec authentication plugin");
    else if (exec.apiVersion != "client.authentication.k8s.io/v1"
             && exec.apiVersion != "client.authentication.k8s.io/v1beta1")
        add("exec plugin: invalid apiVersion \"" + exec.apiVersion + "\" for " + name
            + " (supported: client.authentication.k8s.io/v1, client.authentication.k8s.io/v1beta1)");
    for (const KubeconfigExecEnv &variable : exec.env) {
        if (variable.name.empty())
            add("env variable name must be specified for " + name + " to use exec authentication plugin");
    }
    const std::optional<ExecInteractiveMode> mode = parseInteractiveMode(exec.interactiveMode);
    if (exec.interactiveMode.empty())
        add("interactiveMode must be specified for " + name + " to use exec authentication plugin");
    else if (!mode)
        add("invalid interactiveMode for " + name + ": \"" + exec.interactiveMode + '"');

    // Any other credential makes client-go skip the plugin.
    if (connection.clientCertificate || !std::holds_alternative<NoAuth>(connection.auth))
        return;
    ExecAuth plugin;
    plugin.exec = exec;
    plugin.exec.installHint = withoutTerminalEscapes(exec.installHint);
    plugin.interactiveMode = mode.value_or(ExecInteractiveMode::IfAvailable);
    if (exec.provideClusterInfo)
        plugin.clusterConfig = cluster.execExtension;
    connection.auth = std::move(plugin);
}

void checkUser(const std::string &name, const KubeconfigUser &user, const KubeconfigCluster &cluster,
               ResolvedConnection &connection, Problems &problems)
{
    const Owner owner{"user", name, user.origin};
    const auto add = [&](const std::string &problem) { problems.add(problem, owner.kind, name, user.origin); };

    std::vector<std::string> methods;
    if (!user.token.empty())
        methods.emplace_back("token");
    const bool basic = !user.username.empty() || !user.password.empty();
    if (basic)
        methods.emplace_back("basicAuth");
    if (methods.size() > 1)
        add("more than one authentication method found for " + name + "; found [" + methods[0] + ' ' + methods[1]
            + "], only one is allowed");
    else if (basic && !user.tokenFile.empty())
        add("username/password or bearer token may be set, but not both (tokenFile and basic auth for " + name + ')');

    checkClientCertificate(name, user, connection, problems);

    // token wins over tokenFile; client-go reads the file only when there is no token.
    if (!user.token.empty()) {
        connection.auth = TokenAuth{user.token};
    } else if (!user.tokenFile.empty()) {
        readReferenced(user.tokenFile, "tokenFile", owner, problems);
        connection.auth = TokenFileAuth{user.tokenFile};
    } else if (basic) {
        connection.auth = BasicAuth{user.username, user.password};
    }

    if (user.exec)
        checkExec(name, user, cluster, connection, problems);
    else if (user.authProvider && !connection.clientCertificate && std::holds_alternative<NoAuth>(connection.auth))
        add("the \"" + *user.authProvider + "\" auth-provider of " + name
            + " is not supported (kubectl dropped its built-in providers); use an exec credential plugin such as "
              "kubelogin or gke-gcloud-auth-plugin");

    if (!user.impersonate.empty()) {
        connection.impersonation =
            Impersonation{user.impersonate, user.impersonateUid, user.impersonateGroups, user.impersonateExtra};
    } else if (!user.impersonateUid.empty() || !user.impersonateGroups.empty() || !user.impersonateExtra.empty()) {
        add("requesting uid, groups or user-extra for " + name + " without impersonating a user");
    }
}

KubeconfigError configError(const Kubeconfig &config, const std::string &message,
                            const KubeconfigLocation *origin = nullptr)
{
    KubeconfigError error;
    if (origin) {
        error.file = origin->file;
        error.line = origin->line;
    } else if (config.loadedFiles.size() == 1) {
        error.file = config.loadedFiles.front();
    }
    error.message = message;
    return error;
}

std::string contextNames(const Kubeconfig &config)
{
    std::string names;
    for (const auto &entry : config.contexts)
        names += (names.empty() ? "" : ", ") + entry.first;
    return names;
}

const char *authKind(const AuthMethod &auth)
{
    switch (auth.index()) {
    case 1: return "bearer token";
    case 2: return "bearer token file";
    case 3: return "basic auth";
    case 4: return "exec plugin";
    default: return "none";
    }
}

} // namespace

std::string ResolvedConnection::describe() const
{
    std::ostringstream out;
    out << "context " << contextName << (inCluster ? " (in-cluster)" : "") << '\n'
        << "  server: " << redactUrlCredentials(server) << " (cluster " << clusterName << ")\n"
        << "  namespace: " << namespaceName << (namespaceOverridden ? " (overridden)" : "") << '\n'
        << "  user: " << (userName.empty() ? "(none)" : userName) << ", auth: " << authKind(auth);
    if (const auto *file = std::get_if<TokenFileAuth>(&auth))
        out << ' ' << file->path;
    if (const auto *plugin = std::get_if<ExecAuth>(&auth))
        out << ' ' << plugin->exec.command;
    if (const auto *basic = std::get_if<BasicAuth>(&auth))
        out << " as " << basic->username;
    out << (clientCertificate ? ", client certificate" : "") << '\n';
    out << "  tls: " << (insecureSkipTlsVerify ? "insecure-skip-tls-verify" : caPem.empty() ? "system roots" : "kubeconfig CA");
    if (!tlsServerName.empty())
        out << ", server name " << tlsServerName;
    out << '\n';
    if (!proxyUrl.empty())
        out << "  proxy: " << redactUrlCredentials(proxyUrl) << '\n';
    if (impersonation)
        out << "  impersonating: " << impersonation->user << '\n';
    return out.str();
}

KubeconfigResult<ResolvedConnection> resolveContext(const Kubeconfig &config, const std::string &contextOverride,
                                                    const std::string &namespaceOverride)
{
    const std::string contextName = contextOverride.empty() ? config.currentContext : contextOverride;
    if (contextName.empty()) {
        if (config.empty())
            return configError(config, "no configuration has been provided (kubeconfig: " + config.filesForMessage()
                                           + ")");
        const std::string choice = config.contexts.empty() ? ", which defines no contexts"
                                                           : "; choose one of: " + contextNames(config);
        return configError(config,
                           "no context chosen: current-context is not set in " + config.filesForMessage() + choice);
    }
    const auto context = config.contexts.find(contextName);
    if (context == config.contexts.end()) {
        if (contextOverride.empty())
            return configError(config,
                               "context \"" + contextName + "\" does not exist (current-context set at "
                                   + config.currentContextOrigin.describe() + ")",
                               &config.currentContextOrigin);
        return configError(config, "context \"" + contextName + "\" does not exist (kubeconfig: "
                                       + config.filesForMessage() + ")");
    }

    ResolvedConnection connection;
    connection.contextName = contextName;
    connection.clusterName = context->second.cluster;
    connection.userName = context->second.user;
    connection.inCluster = config.inCluster;

    Problems problems;
    const KubeconfigLocation &contextOrigin = context->second.origin;
    const auto cluster = config.clusters.find(connection.clusterName);
    if (connection.clusterName.empty())
        problems.add("cluster was not specified for context \"" + contextName + '"', "context", contextName,
                     contextOrigin);
    else if (cluster == config.clusters.end())
        problems.add("cluster \"" + connection.clusterName + "\" was not found for context \"" + contextName + '"',
                     "context", contextName, contextOrigin);
    const auto user = config.users.find(connection.userName);
    // A context without a user is anonymous access, which kubectl allows.
    if (!connection.userName.empty() && user == config.users.end())
        problems.add("user \"" + connection.userName + "\" was not found for context \"" + contextName + '"',
                     "context", contextName, contextOrigin);
    if (!problems.empty())
        return problems.error();

    checkCluster(cluster->first, cluster->second, connection, problems);
    if (user != config.users.end())
        checkUser(user->first, user->second, cluster->second, connection, problems);
    if (!problems.empty())
        return problems.error();

    // client-go only reads credentials (and the CA) for a TLS transport.
    if (!startsWithCaseless(connection.server, "https://")) {
        connection.auth = NoAuth{};
        connection.clientCertificate.reset();
        connection.caPem.clear();
    }

    connection.namespaceOverridden = !namespaceOverride.empty();
    connection.namespaceName = !namespaceOverride.empty()      ? namespaceOverride
                               : context->second.namespaceName.empty() ? "default"
                                                                       : context->second.namespaceName;
    return connection;
}

} // namespace gantry::kube
