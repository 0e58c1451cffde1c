#include "backend/fleet/deployment.h"

#include <algorithm>
#include <cctype>

namespace gantry::fleet {

namespace {

std::string lowered(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return result;
}

// The host of an http(s) URL: between "//" and the next '/', ':' or '?'.
std::string_view hostOf(std::string_view url)
{
    const auto start = url.find("//");
    if (start == std::string_view::npos)
        return {};
    const std::string_view rest = url.substr(start + 2);
    return rest.substr(0, rest.find_first_of("/:?"));
}

} // namespace

const char *weightSourceName(WeightSource source)
{
    switch (source) {
    case WeightSource::Hub: return "hub";
    case WeightSource::ObjectStore: return "object store";
    case WeightSource::SharedVolume: return "shared volume";
    case WeightSource::OciImage: return "OCI image";
    case WeightSource::NodeCache: return "node cache";
    case WeightSource::Unknown: return "unknown";
    }
    return "unknown";
}

WeightSource weightSourceOfUri(std::string_view storageUri)
{
    // Schemes are case-insensitive (RFC 3986); KServe compares them as written, but
    // a console that says "unknown" for "S3://" helps nobody.
    const std::string uri = lowered(storageUri);
    const auto startsWith = [&uri](std::string_view prefix) { return uri.starts_with(prefix); };
    if (startsWith("hf://") || startsWith("modelscope://"))
        return WeightSource::Hub;
    if (startsWith("s3://") || startsWith("gs://"))
        return WeightSource::ObjectStore;
    if (startsWith("pvc://"))
        return WeightSource::SharedVolume;
    if (startsWith("oci://") || startsWith("oci+native://") || startsWith("oci+fetch://"))
        return WeightSource::OciImage;
    if (startsWith("http://") || startsWith("https://")) {
        // KServe's storage initializer treats <account>.blob.core.windows.net as Azure Blob storage.
        if (hostOf(uri).ends_with(".blob.core.windows.net"))
            return WeightSource::ObjectStore;
        return WeightSource::Hub;
    }
    return WeightSource::Unknown;
}

std::shared_ptr<const Deployment> DeploymentsSnapshot::find(std::string_view namespaceName, std::string_view name) const
{
    // Sorted by (namespace, name), so a binary search finds it.
    const auto found = std::lower_bound(deployments.begin(), deployments.end(), std::pair(namespaceName, name),
                                        [](const std::shared_ptr<const Deployment> &deployment, const auto &key) {
                                            return std::pair<std::string_view, std::string_view>(
                                                       deployment->namespaceName, deployment->name)
                                                < key;
                                        });
    if (found != deployments.end() && (*found)->namespaceName == namespaceName && (*found)->name == name)
        return *found;
    return nullptr;
}

} // namespace gantry::fleet
