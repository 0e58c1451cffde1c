#include "backend/kube/resourceref.h"

#include <cctype>

namespace gantry::kube {

std::string escapeUrlComponent(std::string_view text)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[byte >> 4];
            out += hex[byte & 0x0F];
        }
    }
    return out;
}

std::string ResourceRef::path() const
{
    std::string out = group.empty() ? "/api/" + escapeUrlComponent(version)
                                    : "/apis/" + escapeUrlComponent(group) + "/" + escapeUrlComponent(version);
    if (!namespaceName.empty())
        out += "/namespaces/" + escapeUrlComponent(namespaceName);
    out += "/" + escapeUrlComponent(resource);
    if (!name.empty())
        out += "/" + escapeUrlComponent(name);
    if (!subresource.empty())
        out += "/" + escapeUrlComponent(subresource);
    return out;
}

ResourceRef ResourceRef::collection() const
{
    ResourceRef ref = *this;
    ref.name.clear();
    ref.subresource.clear();
    return ref;
}

ResourceRef ResourceRef::named(std::string objectName) const
{
    ResourceRef ref = *this;
    ref.name = std::move(objectName);
    return ref;
}

ResourceRef ResourceRef::inNamespace(std::string otherNamespace) const
{
    ResourceRef ref = *this;
    ref.namespaceName = std::move(otherNamespace);
    return ref;
}

std::string ResourceRef::describe() const
{
    return group.empty() ? resource : resource + "." + group;
}

QueryBuilder &QueryBuilder::add(std::string key, std::string value)
{
    if (!value.empty())
        m_pairs.emplace_back(std::move(key), std::move(value));
    return *this;
}

std::string QueryBuilder::str() const
{
    std::string out;
    for (const auto &[key, value] : m_pairs)
        out += (out.empty() ? "?" : "&") + escapeUrlComponent(key) + "=" + escapeUrlComponent(value);
    return out;
}

} // namespace gantry::kube
