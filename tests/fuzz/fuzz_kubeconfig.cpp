// Kubeconfig YAML as a user's ~/.kube/config may hold it: parsed, merged with
// itself and resolved, as loadKubeconfig() and the connection set-up do, and
// an exec plugin's KUBERNETES_EXEC_INFO built from it. The API reports every
// problem as a KubeconfigError and never throws, so any exception or sanitizer
// report here is a bug.
#include "backend/kube/execcredentialjson.h"
#include "backend/kube/kubeconfigloader.h"
#include "backend/kube/kubeconfigmerge.h"
#include "backend/kube/kubeconfigresolver.h"

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

using namespace gantry::kube;

namespace {

// Resolving reads the files an entry names; fuzzed paths would make the run
// depend on (and block on) whatever this machine holds, so they are dropped.
void forgetReferencedFiles(Kubeconfig &config)
{
    for (auto &[name, cluster] : config.clusters)
        cluster.certificateAuthority.clear();
    for (auto &[name, user] : config.users) {
        user.clientCertificate.clear();
        user.clientKey.clear();
        user.tokenFile.clear();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    KubeconfigResult<Kubeconfig> parsed = parseKubeconfig(text, "/fuzz/.kube/config");
    if (!parsed)
        return 0;
    Kubeconfig config = std::move(parsed).value();
    forgetReferencedFiles(config);
    (void)config.describe();
    (void)config.filesForMessage();
    for (const auto &[name, cluster] : config.clusters)
        (void)redactUrlCredentials(cluster.server);

    const KubeconfigResult<ResolvedConnection> resolved = resolveContext(config);
    if (resolved) {
        (void)resolved->describe();
        // What an exec plugin is handed when the connection opens: JSON built from the config.
        if (const auto *exec = std::get_if<ExecAuth>(&resolved->auth))
            (void)execInfoJson(*exec, *resolved);
    }
    for (const auto &[name, context] : config.contexts)
        (void)resolveContext(config, name, "fuzz");

    const Kubeconfig merged = mergeKubeconfigs({config, config});
    (void)merged.describe();
    return 0;
}
