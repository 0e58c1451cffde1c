#include "sim/scenario/storageuri.h"

#include "sim/apimachinery/names.h"

#include <vector>

namespace gantry::sim {

namespace {

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool isAlnum(char c)
{
    return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
}

bool isHex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
}

bool allOf(std::string_view text, bool (*accept)(char))
{
    for (char c : text) {
        if (!accept(c))
            return false;
    }
    return true;
}

// Hugging Face repo ids: letters, digits, '-', '_' and '.', not starting with a separator.
bool isHubName(std::string_view text)
{
    return !text.empty() && text.size() <= 96 && isAlnum(text.front())
        && allOf(text, [](char c) { return isAlnum(c) || c == '-' || c == '_' || c == '.'; });
}

// Object keys and paths in a volume: anything printable but spaces, and no empty segment.
bool isObjectPath(std::string_view text)
{
    return !text.empty() && text.find("//") == std::string_view::npos
        && allOf(text, [](char c) { return static_cast<unsigned char>(c) > 0x20 && c != 0x7f; });
}

// S3 bucket naming rules: 3–63 of [a-z0-9.-], alphanumeric at both ends.
bool isBucket(std::string_view text)
{
    return text.size() >= 3 && text.size() <= 63 && isLowerAlnum(text.front()) && isLowerAlnum(text.back())
        && allOf(text, [](char c) { return isLowerAlnum(c) || c == '-' || c == '.'; });
}

// host[:port], where host is a DNS name or "localhost".
bool isRegistry(std::string_view text)
{
    const std::size_t colon = text.find(':');
    const std::string_view host = text.substr(0, colon);
    if (colon != std::string_view::npos) {
        const std::string_view port = text.substr(colon + 1);
        if (port.empty() || port.size() > 5 || !allOf(port, [](char c) { return c >= '0' && c <= '9'; }))
            return false;
    }
    return !host.empty() && isAlnum(host.front()) && isAlnum(host.back())
        && allOf(host, [](char c) { return isAlnum(c) || c == '-' || c == '.'; });
}

// Docker distribution path components: lower-case alphanumerics joined by '.', '_', '__' or '-'s.
bool isRepositoryComponent(std::string_view text)
{
    if (text.empty() || !isLowerAlnum(text.front()) || !isLowerAlnum(text.back()))
        return false;
    return allOf(text, [](char c) { return isLowerAlnum(c) || c == '.' || c == '_' || c == '-'; })
        && text.find("..") == std::string_view::npos && text.find("___") == std::string_view::npos;
}

bool isRepository(std::string_view text)
{
    std::size_t start = 0;
    while (true) {
        const std::size_t slash = text.find('/', start);
        if (!isRepositoryComponent(text.substr(start, slash == std::string_view::npos ? slash : slash - start)))
            return false;
        if (slash == std::string_view::npos)
            return true;
        start = slash + 1;
    }
}

bool isTag(std::string_view text)
{
    return !text.empty() && text.size() <= 128 && (isAlnum(text.front()) || text.front() == '_')
        && allOf(text, [](char c) { return isAlnum(c) || c == '_' || c == '.' || c == '-'; });
}

bool isDigest(std::string_view text)
{
    for (const auto &[algorithm, length] : {std::pair<std::string_view, std::size_t>{"sha256:", 64}, {"sha512:", 128}}) {
        if (text.substr(0, algorithm.size()) == algorithm) {
            const std::string_view hex = text.substr(algorithm.size());
            return hex.size() == length && allOf(hex, isHex);
        }
    }
    return false;
}

// Splits "a/b/c" at the first '/' into ("a", "b/c").
std::pair<std::string_view, std::string_view> firstSegment(std::string_view text)
{
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos)
        return {text, {}};
    return {text.substr(0, slash), text.substr(slash + 1)};
}

StorageUriResult invalid(std::string_view scheme, std::string_view shape)
{
    return {std::nullopt, "is not a valid " + std::string(scheme) + " URI (expected " + std::string(shape) + ")"};
}

StorageUriResult parseHub(std::string_view rest)
{
    std::string_view reference;
    if (const std::size_t colon = rest.find(':'); colon != std::string_view::npos) {
        reference = rest.substr(colon + 1);
        rest = rest.substr(0, colon);
        const bool validRevision = isAlnum(reference.empty() ? ' ' : reference.front())
            && allOf(reference, [](char c) { return isAlnum(c) || c == '-' || c == '_' || c == '.' || c == '/'; });
        if (!validRevision)
            return invalid("hf://", "hf://owner/model[:revision]");
    }
    const auto [owner, model] = firstSegment(rest);
    if (!isHubName(owner) || !isHubName(model))
        return invalid("hf://", "hf://owner/model[:revision]");
    return {StorageUri{StorageUri::Kind::Hub, std::string(owner), std::string(model), std::string(reference)}, {}};
}

StorageUriResult parseObjectStore(std::string_view rest)
{
    const auto [bucket, path] = firstSegment(rest);
    if (!isBucket(bucket) || !isObjectPath(path))
        return invalid("s3://", "s3://bucket/path");
    return {StorageUri{StorageUri::Kind::ObjectStore, std::string(bucket), std::string(path), {}}, {}};
}

StorageUriResult parseSharedVolume(std::string_view rest)
{
    const auto [claim, path] = firstSegment(rest);
    if (claim.empty() || !dns1123SubdomainErrors(claim).empty() || !isObjectPath(path))
        return invalid("pvc://", "pvc://claim/path, the claim a lower-case RFC 1123 name");
    return {StorageUri{StorageUri::Kind::SharedVolume, std::string(claim), std::string(path), {}}, {}};
}

StorageUriResult parseOci(std::string_view rest)
{
    constexpr std::string_view shape = "oci://registry/repository[:tag|@digest]";
    auto [registry, repository] = firstSegment(rest);
    std::string_view reference;
    if (const std::size_t at = repository.find('@'); at != std::string_view::npos) {
        reference = repository.substr(at);
        repository = repository.substr(0, at);
        if (!isDigest(reference.substr(1)))
            return invalid("oci://", shape);
    } else if (const std::size_t colon = repository.rfind(':'); colon != std::string_view::npos) {
        reference = repository.substr(colon + 1);
        repository = repository.substr(0, colon);
        if (!isTag(reference))
            return invalid("oci://", shape);
    }
    if (!isRegistry(registry) || !isRepository(repository))
        return invalid("oci://", shape);
    return {StorageUri{StorageUri::Kind::OciImage, std::string(registry), std::string(repository),
                       std::string(reference)},
            {}};
}

} // namespace

StorageUriResult parseStorageUri(std::string_view text)
{
    struct Scheme
    {
        std::string_view prefix;
        StorageUriResult (*parse)(std::string_view);
    };
    static constexpr Scheme schemes[] = {
        {"hf://", parseHub},
        {"s3://", parseObjectStore},
        {"pvc://", parseSharedVolume},
        {"oci://", parseOci},
    };
    for (const Scheme &scheme : schemes) {
        if (text.substr(0, scheme.prefix.size()) == scheme.prefix)
            return scheme.parse(text.substr(scheme.prefix.size()));
    }
    const std::size_t separator = text.find("://");
    if (separator != std::string_view::npos && separator > 0 && separator < 16) {
        return {std::nullopt, "uses a scheme the simulator does not serve (use hf://, s3://, pvc:// or oci://)"};
    }
    return {std::nullopt, "is not a storage URI (expected hf://, s3://, pvc:// or oci://)"};
}

} // namespace gantry::sim
