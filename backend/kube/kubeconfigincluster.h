#pragma once

#include "backend/kube/kubeconfig.h"
#include "backend/kube/kubeconfigenvironment.h"
#include "backend/kube/kubeconfigresult.h"

namespace gantry::kube {

/// The name of the cluster, user and context of an in-cluster config.
inline constexpr const char *inClusterEntryName = "in-cluster";

/// client-go's test for running in a pod: KUBERNETES_SERVICE_HOST and _PORT
/// are set and the service-account token file exists.
bool inClusterConfigPossible(const KubeconfigEnvironment &environment);

/// The pod's own access as a one-context Kubeconfig: server
/// https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, the service
/// account's CA (left out when it holds no certificate, as client-go does),
/// its token as a tokenFile (bound tokens rotate, so it is re-read rather than
/// copied) and its namespace ($POD_NAMESPACE, else the namespace file, else
/// "default").
KubeconfigResult<Kubeconfig> loadInClusterConfig(const KubeconfigEnvironment &environment);

} // namespace gantry::kube
