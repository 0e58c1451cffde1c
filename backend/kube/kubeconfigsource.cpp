#include "backend/kube/kubeconfigsource.h"

#include "backend/kube/kubeconfigincluster.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigmerge.h"

#include <algorithm>
#include <filesystem>

namespace gantry::kube {

namespace {

std::vector<std::string> splitPathList(const std::string &list)
{
    std::vector<std::string> paths;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t end = std::min(list.find(':', start), list.size());
        std::string path = list.substr(start, end - start);
        // client-go drops empty entries and reads a file named twice only once.
        if (!path.empty() && std::find(paths.begin(), paths.end(), path) == paths.end())
            paths.push_back(std::move(path));
        start = end + 1;
    }
    return paths;
}

} // namespace

std::string KubeconfigSource::describe() const
{
    switch (kind) {
    case Kind::ExplicitFile:
        return "--kubeconfig " + (files.empty() ? std::string() : files.front());
    case Kind::EnvironmentList: {
        std::string list;
        for (const std::string &file : files)
            list += (list.empty() ? "" : ":") + file;
        return "$KUBECONFIG (" + list + ")";
    }
    case Kind::HomeFile:
        return "~/.kube/config (" + (files.empty() ? std::string() : files.front()) + ")";
    case Kind::NoFile:
        break;
    }
    return "no kubeconfig (no --kubeconfig, $KUBECONFIG or home directory)";
}

KubeconfigSource chooseKubeconfigSource(const KubeconfigEnvironment &environment)
{
    KubeconfigSource source;
    if (!environment.explicitPath.empty()) {
        source.kind = KubeconfigSource::Kind::ExplicitFile;
        source.files.push_back(environment.explicitPath);
    } else if (environment.hasVariable("KUBECONFIG")) {
        // Even a $KUBECONFIG of only separators wins over ~/.kube/config, as in client-go.
        source.kind = KubeconfigSource::Kind::EnvironmentList;
        source.files = splitPathList(environment.variable("KUBECONFIG"));
    } else if (!environment.homeDirectory.empty()) {
        source.kind = KubeconfigSource::Kind::HomeFile;
        source.files.push_back(
            (std::filesystem::path(environment.homeDirectory) / ".kube" / "config").lexically_normal().string());
    }
    return source;
}

KubeconfigResult<Kubeconfig> loadKubeconfig(const KubeconfigEnvironment &environment)
{
    const KubeconfigSource source = chooseKubeconfigSource(environment);
    // An explicit file must exist; only searched-for files may be missing.
    KubeconfigResult<Kubeconfig> loaded = source.kind == KubeconfigSource::Kind::ExplicitFile
                                              ? loadKubeconfigFile(source.files.front())
                                              : loadKubeconfigMerged(source.files);
    if (loaded && loaded->empty() && inClusterConfigPossible(environment))
        return loadInClusterConfig(environment);
    return loaded;
}

} // namespace gantry::kube
