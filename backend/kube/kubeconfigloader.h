#pragma once

#include "backend/kube/kubeconfig.h"
#include "backend/kube/kubeconfigresult.h"

#include <string>
#include <string_view>

namespace gantry::kube {

/// Parses kubeconfig YAML as if read from `path`: relative paths resolve
/// against the directory of `path` and every entry records `path` as its origin.
/// Empty text (or only comments) is an empty config, as in client-go. Errors
/// name `path` and, for malformed YAML or a field of the wrong type, the line
/// and column.
KubeconfigResult<Kubeconfig> parseKubeconfig(std::string_view yaml, const std::string &path);

/// Reads and parses one kubeconfig file. A missing or unreadable file is an
/// error here; loadKubeconfigMerged() is the one that skips missing files.
KubeconfigResult<Kubeconfig> loadKubeconfigFile(const std::string &path);

} // namespace gantry::kube
