#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace gantry::sim {

/// A model's storageUri taken apart: which storage link serves it and what it names.
struct StorageUri
{
    enum class Kind {
        Hub,          ///< hf://owner/model[:revision], downloaded by the storage-initializer
        ObjectStore,  ///< s3://bucket/path, downloaded by the storage-initializer
        SharedVolume, ///< pvc://claim/path, mounted, no download
        OciImage,     ///< oci://registry/repository[:tag|@digest], a modelcar image
    };
    Kind kind = Kind::Hub;
    std::string authority; ///< owner, bucket, claim or registry
    std::string path;      ///< model, object path, path in the claim or repository
    std::string reference; ///< revision, tag or digest ("@sha256:…"); "" when not given
};

struct StorageUriResult
{
    std::optional<StorageUri> uri;
    /// What is wrong, worded to follow the quoted URI: `is not a valid hf:// URI (expected hf://owner/model[:revision])`
    std::string error;
};

/// Parses the storage URIs the simulator serves (the KServe prefixes hf://, s3://,
/// pvc:// and oci://). Other schemes KServe knows (gs://, https://) are rejected.
StorageUriResult parseStorageUri(std::string_view text);

} // namespace gantry::sim
