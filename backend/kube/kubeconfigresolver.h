#pragma once

#include "backend/kube/kubeconfig.h"
#include "backend/kube/kubeconfigresult.h"

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace gantry::kube {

/// No request credential: anonymous, or identified by the client certificate alone.
struct NoAuth
{
};

/// A bearer token written in the kubeconfig (`token`, which wins over `tokenFile`).
struct TokenAuth
{
    std::string token; ///< secret
};

/// A bearer token read from a file before each use (`tokenFile`, a service
/// account's rotating token). The file was readable when resolved.
struct TokenFileAuth
{
    std::string path;
};

/// `username`/`password`.
struct BasicAuth
{
    std::string username;
    std::string password; ///< secret
};

/// How an exec plugin may talk to the user (`interactiveMode`).
enum class ExecInteractiveMode { Never, IfAvailable, Always };

/// A client-go credential plugin to run for a token or certificate.
struct ExecAuth
{
    KubeconfigExec exec;                    ///< installHint already stripped of terminal escapes
    ExecInteractiveMode interactiveMode = ExecInteractiveMode::IfAvailable;
    std::optional<nlohmann::json> clusterConfig; ///< spec.cluster.config when provideClusterInfo
};

/// The request credential, of which kubectl uses one.
using AuthMethod = std::variant<NoAuth, TokenAuth, TokenFileAuth, BasicAuth, ExecAuth>;

/// A TLS client identity. kubectl presents it alongside a token or basic
/// credentials (AKS kubeconfigs carry both), so it is not one of the
/// AuthMethod alternatives; it does displace an exec plugin, as in client-go.
struct ClientCertificate
{
    std::string certificatePem;
    std::string keyPem; ///< secret
};

/// `as`, `as-uid`, `as-groups`, `as-user-extra`.
struct Impersonation
{
    std::string user;
    std::string uid;
    std::vector<std::string> groups;
    std::map<std::string, std::vector<std::string>> extra;
};

/// Everything needed to open a connection for one context, with every file
/// it refers to already read (except a tokenFile, re-read on use).
struct ResolvedConnection
{
    std::string contextName;
    std::string clusterName;
    std::string userName;
    std::string server;
    std::string caPem; ///< certificate-authority-data, else the certificate-authority file; empty: system roots
    bool insecureSkipTlsVerify = false;
    std::string tlsServerName;
    std::string proxyUrl;
    bool disableCompression = false;
    std::optional<ClientCertificate> clientCertificate;
    AuthMethod auth;
    std::optional<Impersonation> impersonation;
    std::string namespaceName; ///< the override, else the context's, else "default"
    bool namespaceOverridden = false;
    bool inCluster = false;

    /// A multi-line summary for logs; credentials appear by kind only.
    std::string describe() const;
};

/// Resolves the context `contextOverride` (--context) or else the config's
/// current-context the way kubectl does, reading the CA and client
/// certificate files it names. Errors carry kubectl's wording plus where the
/// entry at fault is defined: `context "x" does not exist`, a context whose
/// cluster or user is missing, `more than one authentication method found`,
/// no server, unreadable files, and the other checks client-go makes. A
/// non-TLS (http://) server gets no credentials and no CA, as in client-go.
KubeconfigResult<ResolvedConnection> resolveContext(const Kubeconfig &config, const std::string &contextOverride = {},
                                                    const std::string &namespaceOverride = {});

} // namespace gantry::kube
