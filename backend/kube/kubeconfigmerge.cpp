#include "backend/kube/kubeconfigmerge.h"

#include "backend/kube/kubeconfigio.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigyaml.h"

namespace gantry::kube {

Kubeconfig mergeKubeconfigs(std::vector<Kubeconfig> configs)
{
    Kubeconfig merged;
    for (Kubeconfig &config : configs) {
        // map::merge leaves a name already present untouched: the first definition wins whole.
        merged.clusters.merge(config.clusters);
        merged.users.merge(config.users);
        merged.contexts.merge(config.contexts);
        if (merged.currentContext.empty() && !config.currentContext.empty()) {
            merged.currentContext = config.currentContext;
            merged.currentContextOrigin = config.currentContextOrigin;
        }
        merged.loadedFiles.insert(merged.loadedFiles.end(), config.loadedFiles.begin(), config.loadedFiles.end());
        merged.missingFiles.insert(merged.missingFiles.end(), config.missingFiles.begin(),
                                   config.missingFiles.end());
        merged.inCluster = merged.inCluster || config.inCluster;
    }
    return merged;
}

KubeconfigResult<Kubeconfig> loadKubeconfigMerged(const std::vector<std::string> &paths)
{
    std::vector<Kubeconfig> configs;
    std::vector<std::string> missing;
    for (const std::string &path : paths) {
        if (path.empty())
            continue;
        const detail::FileContents file = detail::readWholeFile(path);
        if (file.status == detail::FileContents::Status::Missing) {
            missing.push_back(path);
            continue;
        }
        if (file.status == detail::FileContents::Status::Failed)
            return detail::loadError(path, "cannot read the file: " + file.problem);
        KubeconfigResult<Kubeconfig> parsed = parseKubeconfig(file.content, path);
        if (!parsed)
            return parsed.error();
        configs.push_back(std::move(parsed).value());
    }
    Kubeconfig merged = mergeKubeconfigs(std::move(configs));
    merged.missingFiles = std::move(missing);
    return merged;
}

} // namespace gantry::kube
