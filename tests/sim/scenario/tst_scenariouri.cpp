// Storage URIs as KServe spells them, taken apart for the simulator.

#include "sim/scenario/storageuri.h"

#include <gtest/gtest.h>

using namespace gantry::sim;
using Kind = StorageUri::Kind;

TEST(StorageUri, AcceptsTheFourSchemes)
{
    struct Case
    {
        const char *text;
        Kind kind;
        const char *authority;
        const char *path;
        const char *reference;
    };
    const std::string digest = "@sha256:" + std::string(64, 'a');
    for (const Case &c : std::vector<Case>{
             {"hf://meta-llama/Llama-3.1-8B-Instruct", Kind::Hub, "meta-llama", "Llama-3.1-8B-Instruct", ""},
             {"hf://Qwen/Qwen2.5-7B-Instruct:main", Kind::Hub, "Qwen", "Qwen2.5-7B-Instruct", "main"},
             {"s3://models/mistralai/Mistral-7B-Instruct-v0.3", Kind::ObjectStore, "models",
              "mistralai/Mistral-7B-Instruct-v0.3", ""},
             {"pvc://models/meta-llama/Llama-3.1-70B", Kind::SharedVolume, "models", "meta-llama/Llama-3.1-70B", ""},
             {"oci://registry.example.com/models/qwen2.5-7b:1.0", Kind::OciImage, "registry.example.com",
              "models/qwen2.5-7b", "1.0"},
             {"oci://localhost:5000/llama", Kind::OciImage, "localhost:5000", "llama", ""},
         }) {
        SCOPED_TRACE(c.text);
        const StorageUriResult result = parseStorageUri(c.text);
        ASSERT_TRUE(result.uri) << result.error;
        EXPECT_EQ(result.uri->kind, c.kind);
        EXPECT_EQ(result.uri->authority, c.authority);
        EXPECT_EQ(result.uri->path, c.path);
        EXPECT_EQ(result.uri->reference, c.reference);
    }
    const StorageUriResult pinned = parseStorageUri("oci://quay.io/org/model" + digest);
    ASSERT_TRUE(pinned.uri) << pinned.error;
    EXPECT_EQ(pinned.uri->reference, digest);
}

TEST(StorageUri, RejectsMalformedOnesWithTheExpectedShape)
{
    struct Case
    {
        const char *text;
        const char *error;
    };
    for (const Case &c : std::vector<Case>{
             {"hf://meta-llama", "is not a valid hf:// URI (expected hf://owner/model[:revision])"},
             {"hf://a/b/c", "is not a valid hf:// URI (expected hf://owner/model[:revision])"},
             {"hf://a/b:", "is not a valid hf:// URI (expected hf://owner/model[:revision])"},
             {"s3://b/x", "is not a valid s3:// URI (expected s3://bucket/path)"},
             {"s3://bucket", "is not a valid s3:// URI (expected s3://bucket/path)"},
             {"s3://Bucket/x", "is not a valid s3:// URI (expected s3://bucket/path)"},
             {"pvc://claim", "is not a valid pvc:// URI (expected pvc://claim/path, the claim a lower-case RFC 1123 name)"},
             {"pvc://My_Claim/x",
              "is not a valid pvc:// URI (expected pvc://claim/path, the claim a lower-case RFC 1123 name)"},
             {"oci://registry.example.com/Repo:tag",
              "is not a valid oci:// URI (expected oci://registry/repository[:tag|@digest])"},
             {"oci://registry.example.com/repo@sha256:abc",
              "is not a valid oci:// URI (expected oci://registry/repository[:tag|@digest])"},
             {"oci://registry.example.com",
              "is not a valid oci:// URI (expected oci://registry/repository[:tag|@digest])"},
             {"gs://bucket/model", "uses a scheme the simulator does not serve (use hf://, s3://, pvc:// or oci://)"},
             {"meta-llama/Llama-3.1-8B", "is not a storage URI (expected hf://, s3://, pvc:// or oci://)"},
             {"", "is not a storage URI (expected hf://, s3://, pvc:// or oci://)"},
         }) {
        SCOPED_TRACE(c.text);
        const StorageUriResult result = parseStorageUri(c.text);
        EXPECT_FALSE(result.uri);
        EXPECT_EQ(result.error, c.error);
    }
}
