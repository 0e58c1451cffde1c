#pragma once

#include "backend/kube/kubeconfig.h"
#include "backend/kube/kubeconfigenvironment.h"
#include "backend/kube/kubeconfigresult.h"

#include <string>
#include <vector>

namespace gantry::kube {

/// Which kubeconfig files kubectl would read, decided the way client-go's
/// default loading rules decide it.
struct KubeconfigSource
{
    enum class Kind {
        ExplicitFile,    ///< --kubeconfig: that file alone, no merging; it must exist
        EnvironmentList, ///< $KUBECONFIG: its ':'-separated files, merged
        HomeFile,        ///< ~/.kube/config
        NoFile,          ///< no --kubeconfig, no $KUBECONFIG and no home directory
    };
    Kind kind = Kind::NoFile;
    std::vector<std::string> files; ///< in precedence order

    /// "--kubeconfig /x", "$KUBECONFIG (/a:/b)", "~/.kube/config (/home/me/.kube/config)".
    std::string describe() const;
};

/// --kubeconfig, else $KUBECONFIG (empty entries dropped, repeats read once),
/// else ~/.kube/config.
KubeconfigSource chooseKubeconfigSource(const KubeconfigEnvironment &environment);

/// Loads what kubectl would use: the chosen files merged, or, when they
/// define nothing and this process runs in a pod, the in-cluster config.
KubeconfigResult<Kubeconfig> loadKubeconfig(const KubeconfigEnvironment &environment);

} // namespace gantry::kube
