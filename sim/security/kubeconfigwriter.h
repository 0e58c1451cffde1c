#pragma once

#include <string>

namespace gantry::sim {

/// What a generated kubeconfig points at.
struct KubeconfigSpec
{
    std::string clusterName = "gantry-sim";
    std::string serverUrl;            ///< e.g. https://127.0.0.1:39123
    std::string caCertificatePem;     ///< embedded as certificate-authority-data; empty for http
    std::string adminToken;           ///< context gantry-admin, user gantry-admin
    std::string viewerToken;          ///< context gantry-viewer, user gantry-viewer
    std::string defaultNamespace = "default";
    std::string currentContext = "gantry-admin";
};

/// Renders a kubeconfig (apiVersion v1, kind Config) with one cluster, two users
/// and two contexts, that the stock kubectl and Gantry both load. Every value is a
/// double-quoted YAML scalar; bytes that are not UTF-8 become U+FFFD. An empty
/// token gives a user without credentials.
std::string renderKubeconfig(const KubeconfigSpec &spec);

/// Writes it atomically (temporary file + rename) with mode 0600, because it holds
/// tokens. Returns false and sets `error` naming the path on failure.
bool writeKubeconfig(const std::string &path, const KubeconfigSpec &spec, std::string *error);

} // namespace gantry::sim
