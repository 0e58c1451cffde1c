#pragma once

#include <map>
#include <string>

namespace gantry::kube {

/// Where a pod's service-account token, CA and namespace are mounted.
inline constexpr const char *defaultServiceAccountDirectory = "/var/run/secrets/kubernetes.io/serviceaccount";

/// Everything outside the files that decides which kubeconfig kubectl uses.
/// It is passed in, never read behind the caller's back, so tests control it.
struct KubeconfigEnvironment
{
    std::string explicitPath;                     ///< --kubeconfig; empty when not given
    std::map<std::string, std::string> variables; ///< KUBECONFIG, KUBERNETES_SERVICE_HOST/_PORT, POD_NAMESPACE
    std::string homeDirectory;                    ///< for ~/.kube/config; empty when unknown
    std::string serviceAccountDirectory = defaultServiceAccountDirectory;

    /// The variable's value, or "" when unset.
    std::string variable(const std::string &name) const;
    /// Whether the variable is set at all (KUBECONFIG="" counts as unset, as in client-go).
    bool hasVariable(const std::string &name) const;

    /// This process's relevant environment variables and $HOME.
    static KubeconfigEnvironment fromProcess(std::string explicitPath = {});
};

} // namespace gantry::kube
