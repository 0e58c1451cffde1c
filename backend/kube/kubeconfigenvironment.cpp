#include "backend/kube/kubeconfigenvironment.h"

#include <array>
#include <cstdlib>

#include <pwd.h>
#include <unistd.h>

namespace gantry::kube {

std::string KubeconfigEnvironment::variable(const std::string &name) const
{
    const auto it = variables.find(name);
    return it == variables.end() ? std::string() : it->second;
}

bool KubeconfigEnvironment::hasVariable(const std::string &name) const
{
    return !variable(name).empty();
}

KubeconfigEnvironment KubeconfigEnvironment::fromProcess(std::string explicitPath)
{
    KubeconfigEnvironment environment;
    environment.explicitPath = std::move(explicitPath);
    constexpr std::array names = {"KUBECONFIG", "KUBERNETES_SERVICE_HOST", "KUBERNETES_SERVICE_PORT",
                                  "POD_NAMESPACE"};
    for (const char *name : names) {
        if (const char *value = std::getenv(name))
            environment.variables[name] = value;
    }
    // client-go's homedir.HomeDir() is $HOME on Linux; the password database
    // covers services started without one.
    if (const char *home = std::getenv("HOME"); home && *home)
        environment.homeDirectory = home;
    else if (const passwd *entry = ::getpwuid(::getuid()); entry && entry->pw_dir)
        environment.homeDirectory = entry->pw_dir;
    return environment;
}

} // namespace gantry::kube
