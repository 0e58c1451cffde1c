#include "sim/apimachinery/patch.h"

#include "sim/apimachinery/apifailure.h"
#include "sim/apimachinery/gotext.h"
#include "sim/apimachinery/jsonlimits.h"

#include <cstdint>
#include <vector>

namespace gantry::sim {

namespace {

using nlohmann::json;

// The API server's cap on JSON patch length (maxJSONPatchOperations).
constexpr std::size_t kMaxOperations = 10000;
// How many JSON values "copy" operations may add in one patch, so that repeated
// copies cannot double a document into exhaustion.
constexpr std::size_t kMaxCopiedValues = 1000000;

// An RFC 6901 pointer split into unescaped tokens; nullopt if malformed.
std::optional<std::vector<std::string>> parsePointer(const std::string &pointer)
{
    std::vector<std::string> tokens;
    if (pointer.empty())
        return tokens;
    if (pointer.front() != '/')
        return std::nullopt;
    std::string token;
    for (std::size_t i = 1; i <= pointer.size(); ++i) {
        if (i == pointer.size() || pointer[i] == '/') {
            tokens.push_back(std::move(token));
            token.clear();
        } else if (pointer[i] == '~') {
            if (i + 1 == pointer.size() || (pointer[i + 1] != '0' && pointer[i + 1] != '1'))
                return std::nullopt;
            token += pointer[++i] == '0' ? '~' : '/';
        } else {
            token += pointer[i];
        }
    }
    return tokens;
}

// An RFC 6901 array index: "0" or digits without a leading zero.
std::optional<std::size_t> arrayIndex(const std::string &token)
{
    if (token.empty() || token.size() > 9 || (token.size() > 1 && token.front() == '0'))
        return std::nullopt;
    std::size_t index = 0;
    for (char c : token) {
        if (c < '0' || c > '9')
            return std::nullopt;
        index = index * 10 + static_cast<std::size_t>(c - '0');
    }
    return index;
}

std::string invalidIndex(const std::string &token)
{
    return "Unable to access invalid index: " + token + ": invalid index referenced";
}

// One operation of an RFC 6902 patch applied to a working document; the texts
// follow evanphx/json-patch, the library the API server uses.
class OperationRunner
{
public:
    explicit OperationRunner(json &document)
        : m_document(document)
    {
    }

    void run(const json &operation)
    {
        if (!operation.is_object())
            throwFailure("json: cannot unmarshal " + goJsonTypeWord(operation)
                         + " into Go value of type jsonpatch.Operation");
        const auto kind = operation.find("op");
        m_kind = kind != operation.end() && kind->is_string() ? kind->get<std::string>() : "unknown";
        if (m_kind == "add")
            add(pointer(operation, "path"), value(operation));
        else if (m_kind == "remove")
            remove(pointer(operation, "path"));
        else if (m_kind == "replace")
            replace(pointer(operation, "path"), value(operation));
        else if (m_kind == "move")
            move(pointer(operation, "from"), pointer(operation, "path"));
        else if (m_kind == "copy")
            copy(pointer(operation, "from"), pointer(operation, "path"));
        else if (m_kind == "test")
            test(pointer(operation, "path"), value(operation));
        else
            throwFailure("Unexpected kind: " + m_kind);
    }

private:
    struct Pointer
    {
        std::string text;
        std::vector<std::string> tokens;
    };

    Pointer pointer(const json &operation, const char *member) const
    {
        const auto it = operation.find(member);
        if (it == operation.end() || !it->is_string())
            throwFailure(m_kind + " operation failed to decode " + member + ": missing value");
        Pointer result{it->get<std::string>(), {}};
        auto tokens = parsePointer(result.text);
        if (!tokens)
            throwFailure(m_kind + " operation does not apply: doc is missing path: \"" + result.text
                         + "\": missing value");
        result.tokens = std::move(*tokens);
        return result;
    }

    const json &value(const json &operation) const
    {
        const auto it = operation.find("value");
        if (it == operation.end())
            throwFailure(m_kind + " operation, missing value field: missing value");
        return *it;
    }

    // The container holding the pointer's last token, or null if the way there is missing.
    json *parentOf(const Pointer &target) const
    {
        json *node = &m_document;
        for (std::size_t i = 0; i + 1 < target.tokens.size(); ++i) {
            const std::string &token = target.tokens[i];
            if (node->is_object()) {
                const auto it = node->find(token);
                if (it == node->end())
                    return nullptr;
                node = &*it;
            } else if (node->is_array()) {
                const auto index = arrayIndex(token);
                if (!index || *index >= node->size())
                    return nullptr;
                node = &(*node)[*index];
            } else {
                return nullptr;
            }
        }
        return node->is_structured() ? node : nullptr;
    }

    json *requireParent(const Pointer &target, std::string_view missing) const
    {
        json *parent = parentOf(target);
        if (!parent)
            throwFailure(m_kind + " operation does not apply: doc is missing " + std::string(missing)
                         + ": missing value");
        return parent;
    }

    // The value the pointer names, or null if it does not exist.
    json *find(const Pointer &target) const
    {
        if (target.tokens.empty())
            return &m_document;
        json *parent = parentOf(target);
        if (!parent)
            return nullptr;
        const std::string &key = target.tokens.back();
        if (parent->is_object()) {
            const auto it = parent->find(key);
            return it == parent->end() ? nullptr : &*it;
        }
        const auto index = arrayIndex(key);
        return index && *index < parent->size() ? &(*parent)[*index] : nullptr;
    }

    void checkDepth(const Pointer &target, const json &value) const
    {
        if (target.tokens.size() + jsonDepth(value) > kMaxJsonDepth)
            throwFailure(m_kind + " operation for path: '" + target.text + "' would nest the document deeper than "
                 + std::to_string(kMaxJsonDepth) + " levels");
    }

    void add(const Pointer &target, json value)
    {
        checkDepth(target, value);
        if (target.tokens.empty()) {
            m_document = std::move(value);
            return;
        }
        json *parent = requireParent(target, "path: \"" + target.text + "\"");
        const std::string &key = target.tokens.back();
        if (parent->is_object()) {
            (*parent)[key] = std::move(value);
            return;
        }
        if (key == "-") {
            parent->push_back(std::move(value));
            return;
        }
        const auto index = arrayIndex(key);
        if (!index)
            throwFailure("error in add for path: '" + target.text + "': value was not a proper array index: '" + key
                         + "'");
        if (*index > parent->size())
            throwFailure("error in add for path: '" + target.text + "': " + invalidIndex(key));
        parent->insert(parent->begin() + static_cast<std::ptrdiff_t>(*index), std::move(value));
    }

    void remove(const Pointer &target)
    {
        if (target.tokens.empty())
            throwFailure("remove operation does not apply: doc is missing path: \"\": missing value");
        json *parent = requireParent(target, "path: \"" + target.text + "\"");
        const std::string &key = target.tokens.back();
        if (parent->is_object()) {
            if (parent->erase(key) == 0)
                throwFailure("error in " + m_kind + " for path: '" + target.text
                             + "': Unable to remove nonexistent key: " + key + ": missing value");
            return;
        }
        const auto index = arrayIndex(key);
        if (!index || *index >= parent->size())
            throwFailure("error in " + m_kind + " for path: '" + target.text + "': " + invalidIndex(key));
        parent->erase(*index);
    }

    void replace(const Pointer &target, json value)
    {
        checkDepth(target, value);
        json *existing = find(target);
        if (!existing) {
            requireParent(target, "path: " + target.text);
            throwFailure("replace operation does not apply: doc is missing key: " + target.text + ": missing value");
        }
        *existing = std::move(value);
    }

    json take(const Pointer &from, bool removing)
    {
        const json *source = find(from);
        if (!source)
            throwFailure(m_kind + " operation does not apply: doc is missing from path: " + from.text
                         + ": missing value");
        json value = *source;
        if (removing)
            remove(from);
        return value;
    }

    void move(const Pointer &from, const Pointer &target)
    {
        // RFC 6902 §4.4: a location cannot be moved into one of its children.
        const bool intoItself = target.tokens.size() > from.tokens.size()
                                && std::equal(from.tokens.begin(), from.tokens.end(), target.tokens.begin());
        if (intoItself)
            throwFailure("move operation does not apply: path '" + target.text + "' is inside from path '" + from.text
                         + "'");
        add(target, take(from, true));
    }

    void copy(const Pointer &from, const Pointer &target)
    {
        json value = take(from, false);
        m_copiedValues += valueCount(value);
        if (m_copiedValues > kMaxCopiedValues)
            throwFailure("Unable to complete the copy, the accumulated size increase of copy is "
                 + std::to_string(m_copiedValues) + " values, exceeding the limit " + std::to_string(kMaxCopiedValues));
        add(target, std::move(value));
    }

    void test(const Pointer &target, const json &expected) const
    {
        if (!target.tokens.empty() && !parentOf(target))
            throwFailure("test operation does not apply: is missing path: " + target.text + ": missing value");
        const json *actual = find(target);
        if (!actual || *actual != expected)
            throwFailure("testing value " + target.text + " failed: test failed");
    }

    static std::size_t valueCount(const json &value)
    {
        std::size_t count = 0;
        std::vector<const json *> pending{&value};
        while (!pending.empty()) {
            const json *node = pending.back();
            pending.pop_back();
            ++count;
            if (!node->is_structured())
                continue;
            for (const auto &child : *node)
                pending.push_back(&child);
        }
        return count;
    }

    json &m_document;
    std::string m_kind;
    std::size_t m_copiedValues = 0;
};

} // namespace

PatchResult applyMergePatch(const nlohmann::json &target, const nlohmann::json &patch)
{
    PatchResult result;
    result.object = catchFailures(
        [&] {
            requirePatchDepth(target, patch);
            json merged = target;
            merged.merge_patch(patch);
            return merged;
        },
        &result.error, "merge patch failed: ");
    return result;
}

PatchResult applyJsonPatch(const nlohmann::json &target, const nlohmann::json &operations)
{
    PatchResult result;
    result.object = catchFailures(
        [&] {
            // A null patch decodes to no operations at all.
            if (!operations.is_array() && !operations.is_null())
                throwFailure("json: cannot unmarshal " + goJsonTypeWord(operations)
                             + " into Go value of type jsonpatch.Patch");
            if (operations.size() > kMaxOperations)
                throwFailure("The allowed maximum operations in a JSON patch is " + std::to_string(kMaxOperations)
                             + ", got " + std::to_string(operations.size()));
            requirePatchDepth(target, operations);
            // Operations work on a copy that is only handed back once every one of
            // them applied, so a failing operation leaves nothing applied.
            json working = target;
            OperationRunner runner(working);
            for (const json &operation : operations.is_array() ? operations : json::array())
                runner.run(operation);
            return working;
        },
        &result.error, "json patch failed: ");
    return result;
}

} // namespace gantry::sim
