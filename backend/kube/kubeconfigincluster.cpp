#include "backend/kube/kubeconfigincluster.h"

#include "backend/kube/kubeconfigio.h"

#include <filesystem>
#include <system_error>

namespace gantry::kube {

namespace {

constexpr const char *hostVariable = "KUBERNETES_SERVICE_HOST";
constexpr const char *portVariable = "KUBERNETES_SERVICE_PORT";

std::string serviceAccountFile(const KubeconfigEnvironment &environment, const char *name)
{
    return (std::filesystem::path(environment.serviceAccountDirectory) / name).string();
}

KubeconfigError inClusterError(const std::string &file, const std::string &problem)
{
    KubeconfigError error;
    error.file = file;
    error.message = "unable to load in-cluster configuration: " + problem;
    return error;
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// net.JoinHostPort: an IPv6 service address needs brackets.
std::string serverUrl(const std::string &host, const std::string &port)
{
    const bool ipv6 = host.find(':') != std::string::npos;
    return "https://" + (ipv6 ? '[' + host + ']' : host) + ':' + port;
}

std::string podNamespace(const KubeconfigEnvironment &environment)
{
    if (environment.hasVariable("POD_NAMESPACE"))
        return environment.variable("POD_NAMESPACE");
    const detail::FileContents file = detail::readWholeFile(serviceAccountFile(environment, "namespace"));
    if (file.status == detail::FileContents::Status::Ok) {
        if (std::string name = trimmed(file.content); !name.empty())
            return name;
    }
    return "default";
}

} // namespace

bool inClusterConfigPossible(const KubeconfigEnvironment &environment)
{
    if (!environment.hasVariable(hostVariable) || !environment.hasVariable(portVariable))
        return false;
    std::error_code error;
    const auto status = std::filesystem::status(serviceAccountFile(environment, "token"), error);
    return !error && std::filesystem::exists(status) && !std::filesystem::is_directory(status);
}

KubeconfigResult<Kubeconfig> loadInClusterConfig(const KubeconfigEnvironment &environment)
{
    const std::string tokenPath = serviceAccountFile(environment, "token");
    if (!environment.hasVariable(hostVariable) || !environment.hasVariable(portVariable))
        return inClusterError(tokenPath, "KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined");
    const detail::FileContents token = detail::readWholeFile(tokenPath);
    if (token.status != detail::FileContents::Status::Ok)
        return inClusterError(tokenPath, "cannot read the service-account token " + tokenPath + ": " + token.problem);

    const KubeconfigLocation origin{environment.serviceAccountDirectory, 0};
    KubeconfigCluster cluster;
    cluster.server = serverUrl(environment.variable(hostVariable), environment.variable(portVariable));
    cluster.origin = origin;
    // client-go logs and carries on without the CA when ca.crt is unusable.
    const std::string caPath = serviceAccountFile(environment, "ca.crt");
    const detail::FileContents ca = detail::readWholeFile(caPath);
    if (ca.status == detail::FileContents::Status::Ok
        && ca.content.find("-----BEGIN CERTIFICATE-----") != std::string::npos)
        cluster.certificateAuthority = caPath;

    KubeconfigUser user;
    user.tokenFile = tokenPath;
    user.origin = origin;

    KubeconfigContext context;
    context.cluster = inClusterEntryName;
    context.user = inClusterEntryName;
    context.namespaceName = podNamespace(environment);
    context.origin = origin;

    Kubeconfig config;
    config.clusters.emplace(inClusterEntryName, std::move(cluster));
    config.users.emplace(inClusterEntryName, std::move(user));
    config.contexts.emplace(inClusterEntryName, std::move(context));
    config.currentContext = inClusterEntryName;
    config.currentContextOrigin = origin;
    config.loadedFiles.push_back(environment.serviceAccountDirectory);
    config.inCluster = true;
    return config;
}

} // namespace gantry::kube
