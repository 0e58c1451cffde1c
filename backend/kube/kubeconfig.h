#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gantry::kube {

/// Where a kubeconfig entry was defined, for messages ("/home/me/.kube/config:12").
struct KubeconfigLocation
{
    std::string file; ///< as given to the loader (absolute when it came from a search)
    int line = 0;     ///< 1-based line of the entry; 0 when not from YAML

    std::string describe() const;
};

/// The name of the cluster extension client-go hands to exec plugins as `spec.cluster.config`.
inline constexpr const char *execClusterExtensionName = "client.authentication.k8s.io/exec";

/// A `clusters[].cluster` entry. Paths are absolute, resolved against the
/// directory of the file that defined the entry, and `*-data` is decoded.
struct KubeconfigCluster
{
    std::string server;
    std::string certificateAuthority;     ///< certificate-authority (a path)
    std::string certificateAuthorityData; ///< certificate-authority-data, decoded (PEM)
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;
    bool disableCompression = false;
    /// The `client.authentication.k8s.io/exec` extension, passed to exec plugins.
    std::optional<nlohmann::json> execExtension;
    KubeconfigLocation origin;
};

/// One `env` entry of an exec credential plugin.
struct KubeconfigExecEnv
{
    std::string name;
    std::string value;
};

/// A `users[].user.exec` stanza (a client-go credential plugin).
struct KubeconfigExec
{
    std::string apiVersion; ///< client.authentication.k8s.io/v1 or v1beta1
    std::string command;    ///< absolute when it contained a '/', as client-go resolves it
    std::vector<std::string> args;
    std::vector<KubeconfigExecEnv> env;
    /// Never, IfAvailable or Always; v1beta1 defaults to IfAvailable when unset,
    /// v1 keeps it empty (which resolving reports, as kubectl does).
    std::string interactiveMode;
    std::string installHint;
    bool provideClusterInfo = false;
};

/// A `users[].user` entry. Tokens, passwords and key data live here in
/// memory only; describe() and every error message leave them out.
struct KubeconfigUser
{
    std::string clientCertificate;     ///< path
    std::string clientCertificateData; ///< decoded (PEM)
    std::string clientKey;             ///< path
    std::string clientKeyData;         ///< decoded (PEM); secret
    std::string token;                 ///< secret
    std::string tokenFile;             ///< path
    std::string username;
    std::string password; ///< secret
    std::string impersonate;    ///< as
    std::string impersonateUid; ///< as-uid
    std::vector<std::string> impersonateGroups;                       ///< as-groups
    std::map<std::string, std::vector<std::string>> impersonateExtra; ///< as-user-extra
    std::optional<std::string> authProvider; ///< the legacy auth-provider's name, when present
    std::optional<KubeconfigExec> exec;
    KubeconfigLocation origin;
};

/// A `contexts[].context` entry.
struct KubeconfigContext
{
    std::string cluster;
    std::string user;
    std::string namespaceName; ///< `namespace`; empty means "default"
    KubeconfigLocation origin;
};

/// A kubeconfig as kubectl sees it after loading and merging: named clusters,
/// users and contexts plus the current context.
struct Kubeconfig
{
    std::map<std::string, KubeconfigCluster> clusters;
    std::map<std::string, KubeconfigUser> users;
    std::map<std::string, KubeconfigContext> contexts;
    std::string currentContext;
    KubeconfigLocation currentContextOrigin; ///< the file whose current-context won

    std::vector<std::string> loadedFiles;  ///< in precedence order
    std::vector<std::string> missingFiles; ///< searched for but absent (skipped, as kubectl does)
    bool inCluster = false;                ///< synthesized from the pod's service account

    /// kubectl's notion of an empty config: nothing defined at all.
    bool empty() const;
    /// The files it came from, for messages: "/a/config, /b/config" (or what was searched).
    std::string filesForMessage() const;
    /// A multi-line summary for logs and `gantry dump`; secrets appear as "(set)".
    std::string describe() const;
};

/// `url` with any user:password@ part replaced by "***@", for messages and logs
/// (a proxy-url may carry the proxy's credentials).
std::string redactUrlCredentials(const std::string &url);

} // namespace gantry::kube
