#pragma once

#include "backend/kube/kubeconfig.h"
#include "backend/kube/kubeconfigresult.h"

#include <string>
#include <vector>

namespace gantry::kube {

/// Merges kubeconfigs given in precedence order, as client-go's loading rules
/// do: the first config to set a value or define a name wins. A cluster, user
/// or context defined in two files comes whole from the first, even the fields
/// only the later one sets; the first non-empty current-context wins.
Kubeconfig mergeKubeconfigs(std::vector<Kubeconfig> configs);

/// Loads `paths` in order and merges them. Empty entries are ignored and
/// missing files skipped (listed in missingFiles); a file that exists but
/// cannot be read or parsed is an error naming that file.
KubeconfigResult<Kubeconfig> loadKubeconfigMerged(const std::vector<std::string> &paths);

} // namespace gantry::kube
