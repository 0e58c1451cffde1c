#include "backend/kube/kubeconfig.h"

#include <algorithm>
#include <sstream>

namespace gantry::kube {

namespace {

std::string joined(const std::vector<std::string> &items, const char *separator)
{
    std::string out;
    for (const std::string &item : items) {
        if (!out.empty())
            out += separator;
        out += item;
    }
    return out;
}

// Secrets are reported by presence only: even a length narrows a guess.
const char *presence(const std::string &secret)
{
    return secret.empty() ? "(unset)" : "(set)";
}

void describeCluster(std::ostringstream &out, const std::string &name, const KubeconfigCluster &cluster)
{
    out << "  cluster \"" << name << "\" [" << cluster.origin.describe() << "]\n"
        << "    server: " << redactUrlCredentials(cluster.server) << '\n';
    if (!cluster.certificateAuthority.empty())
        out << "    certificate-authority: " << cluster.certificateAuthority << '\n';
    if (!cluster.certificateAuthorityData.empty())
        out << "    certificate-authority-data: " << cluster.certificateAuthorityData.size() << " bytes\n";
    if (cluster.insecureSkipTlsVerify)
        out << "    insecure-skip-tls-verify: true\n";
    if (!cluster.tlsServerName.empty())
        out << "    tls-server-name: " << cluster.tlsServerName << '\n';
    if (!cluster.proxyUrl.empty())
        out << "    proxy-url: " << redactUrlCredentials(cluster.proxyUrl) << '\n';
    if (cluster.disableCompression)
        out << "    disable-compression: true\n";
    if (cluster.execExtension)
        out << "    extension: " << execClusterExtensionName << '\n';
}

void describeUser(std::ostringstream &out, const std::string &name, const KubeconfigUser &user)
{
    out << "  user \"" << name << "\" [" << user.origin.describe() << "]\n";
    if (!user.clientCertificate.empty())
        out << "    client-certificate: " << user.clientCertificate << '\n';
    if (!user.clientCertificateData.empty())
        out << "    client-certificate-data: " << user.clientCertificateData.size() << " bytes\n";
    if (!user.clientKey.empty())
        out << "    client-key: " << user.clientKey << '\n';
    if (!user.clientKeyData.empty())
        out << "    client-key-data: " << presence(user.clientKeyData) << '\n';
    if (!user.token.empty())
        out << "    token: " << presence(user.token) << '\n';
    if (!user.tokenFile.empty())
        out << "    tokenFile: " << user.tokenFile << '\n';
    if (!user.username.empty())
        out << "    username: " << user.username << '\n';
    if (!user.password.empty())
        out << "    password: " << presence(user.password) << '\n';
    if (!user.impersonate.empty())
        out << "    as: " << user.impersonate << '\n';
    if (!user.impersonateGroups.empty())
        out << "    as-groups: " << joined(user.impersonateGroups, ", ") << '\n';
    if (user.authProvider)
        out << "    auth-provider: " << *user.authProvider << '\n';
    if (user.exec) {
        // Arguments are counted, not shown: kubelogin, for one, accepts --client-secret.
        out << "    exec: " << user.exec->command << " with " << user.exec->args.size() << " arguments ("
            << user.exec->apiVersion << ")\n";
        // Plugin environments often carry credentials; names only.
        for (const KubeconfigExecEnv &variable : user.exec->env)
            out << "      env " << variable.name << '\n';
    }
}

} // namespace

std::string redactUrlCredentials(const std::string &url)
{
    const std::size_t schemeEnd = url.find("://");
    const std::size_t authorityStart = schemeEnd == std::string::npos ? 0 : schemeEnd + 3;
    const std::size_t authorityEnd = std::min(url.find_first_of("/?#", authorityStart), url.size());
    const std::size_t at = url.rfind('@', authorityEnd == 0 ? 0 : authorityEnd - 1);
    if (at == std::string::npos || at < authorityStart || at >= authorityEnd)
        return url;
    return url.substr(0, authorityStart) + "***" + url.substr(at);
}

std::string KubeconfigLocation::describe() const
{
    if (line <= 0)
        return file;
    return file + ':' + std::to_string(line);
}

bool Kubeconfig::empty() const
{
    return clusters.empty() && users.empty() && contexts.empty() && currentContext.empty();
}

std::string Kubeconfig::filesForMessage() const
{
    if (!loadedFiles.empty())
        return joined(loadedFiles, ", ");
    if (!missingFiles.empty())
        return "none found (looked for " + joined(missingFiles, ", ") + ")";
    return "none";
}

std::string Kubeconfig::describe() const
{
    std::ostringstream out;
    out << "kubeconfig from " << filesForMessage() << (inCluster ? " (in-cluster)" : "") << '\n'
        << "current-context: " << (currentContext.empty() ? "(none)" : currentContext) << '\n';
    for (const auto &[name, context] : contexts) {
        out << "  context \"" << name << "\" [" << context.origin.describe() << "]: cluster " << context.cluster
            << ", user " << context.user << ", namespace "
            << (context.namespaceName.empty() ? "(default)" : context.namespaceName) << '\n';
    }
    for (const auto &[name, cluster] : clusters)
        describeCluster(out, name, cluster);
    for (const auto &[name, user] : users)
        describeUser(out, name, user);
    return out.str();
}

} // namespace gantry::kube
