#include "sim/api/protobufreview.h"

#include <cstdint>
#include <map>
#include <string>

namespace gantry::sim {

namespace {

// The little of the protobuf wire format these messages use: varints and
// length-delimited fields. Unknown fields of other wire types are skipped.
class WireReader
{
public:
    explicit WireReader(std::string_view data)
        : m_data(data)
    {
    }

    bool atEnd() const { return m_position >= m_data.size(); }

    bool varint(std::uint64_t &value)
    {
        value = 0;
        for (int shift = 0; shift < 64 && m_position < m_data.size(); shift += 7) {
            const auto byte = static_cast<unsigned char>(m_data[m_position++]);
            value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            if (!(byte & 0x80))
                return true;
        }
        return false;
    }

    /// Reads one field; `bytes` is set for length-delimited ones.
    bool field(std::uint32_t &number, std::string_view &bytes, bool &delimited)
    {
        std::uint64_t key = 0;
        if (!varint(key))
            return false;
        number = static_cast<std::uint32_t>(key >> 3);
        const unsigned wireType = key & 7;
        delimited = wireType == 2;
        std::uint64_t scratch = 0;
        switch (wireType) {
        case 0:
            return varint(scratch);
        case 1:
            return skip(8);
        case 5:
            return skip(4);
        case 2:
            if (!varint(scratch) || scratch > m_data.size() - m_position)
                return false;
            bytes = m_data.substr(m_position, scratch);
            m_position += scratch;
            return true;
        default:
            return false;
        }
    }

private:
    bool skip(std::size_t count)
    {
        if (count > m_data.size() - m_position)
            return false;
        m_position += count;
        return true;
    }

    std::string_view m_data;
    std::size_t m_position = 0;
};

// Reads a message whose wanted fields are all strings, by field number.
std::optional<std::map<std::uint32_t, std::string>> stringFields(std::string_view message)
{
    std::map<std::uint32_t, std::string> fields;
    WireReader reader(message);
    while (!reader.atEnd()) {
        std::uint32_t number = 0;
        std::string_view bytes;
        bool delimited = false;
        if (!reader.field(number, bytes, delimited))
            return std::nullopt;
        if (delimited)
            fields[number] = std::string(bytes);
    }
    return fields;
}

nlohmann::json attributes(const std::map<std::uint32_t, std::string> &fields,
                          std::initializer_list<std::pair<std::uint32_t, const char *>> names)
{
    nlohmann::json object = nlohmann::json::object();
    for (const auto &[number, name] : names) {
        if (const auto it = fields.find(number); it != fields.end())
            object[name] = it->second;
    }
    return object;
}

} // namespace

std::optional<nlohmann::json> decodeProtobufReview(std::string_view body)
{
    static constexpr std::string_view magic("k8s\0", 4);
    if (body.substr(0, 4) != magic)
        return std::nullopt;
    // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw.
    const auto unknown = stringFields(body.substr(4));
    if (!unknown || !unknown->count(1) || !unknown->count(2))
        return std::nullopt;
    const auto typeMeta = stringFields((*unknown).at(1));
    if (!typeMeta)
        return std::nullopt;
    const std::string apiVersion = typeMeta->count(1) ? typeMeta->at(1) : std::string();
    const std::string kind = typeMeta->count(2) ? typeMeta->at(2) : std::string();

    // The review: 1 metadata, 2 spec.
    const auto review = stringFields(unknown->at(2));
    if (!review)
        return std::nullopt;
    nlohmann::json object = {{"apiVersion", apiVersion}, {"kind", kind}, {"metadata", nlohmann::json::object()}};
    const std::string spec = review->count(2) ? review->at(2) : std::string();
    const auto specFields = stringFields(spec);
    if (!specFields)
        return std::nullopt;
    if (kind == "SelfSubjectRulesReview") {
        // SelfSubjectRulesReviewSpec: 1 namespace.
        object["spec"] = attributes(*specFields, {{1, "namespace"}});
        return object;
    }
    nlohmann::json specJson = nlohmann::json::object();
    // SelfSubjectAccessReviewSpec: 1 resourceAttributes, 2 nonResourceAttributes.
    if (specFields->count(1)) {
        const auto resource = stringFields(specFields->at(1));
        if (!resource)
            return std::nullopt;
        specJson["resourceAttributes"] = attributes(*resource, {{1, "namespace"}, {2, "verb"}, {3, "group"},
                                                                {4, "version"}, {5, "resource"}, {6, "subresource"},
                                                                {7, "name"}});
    }
    if (specFields->count(2)) {
        const auto nonResource = stringFields(specFields->at(2));
        if (!nonResource)
            return std::nullopt;
        specJson["nonResourceAttributes"] = attributes(*nonResource, {{1, "path"}, {2, "verb"}});
    }
    object["spec"] = specJson;
    return object;
}

} // namespace gantry::sim
