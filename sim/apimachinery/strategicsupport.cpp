#include "sim/apimachinery/strategicsupport.h"

#include "sim/apimachinery/apifailure.h"
#include "sim/apimachinery/gotext.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace gantry::sim {

namespace {

using nlohmann::json;

bool isDirectiveKey(std::string_view key)
{
    return key == "$patch" || key == "$retainKeys" || key.starts_with("$deleteFromPrimitiveList")
           || key.starts_with("$setElementOrder");
}

// Where each element first appears in a list, by identity.
class ListPositions
{
public:
    ListPositions(const json &list, std::string_view mergeKey, bool keyed)
        : m_mergeKey(mergeKey)
        , m_keyed(keyed)
    {
        if (!list.is_array())
            return;
        for (std::size_t i = 0; i < list.size(); ++i)
            m_first.emplace(elementIdentity(list[i], mergeKey, keyed), i);
    }

    std::optional<std::size_t> find(const json &element) const
    {
        const auto it = m_first.find(elementIdentity(element, m_mergeKey, m_keyed));
        return it == m_first.end() ? std::nullopt : std::optional(it->second);
    }

private:
    std::unordered_map<std::string, std::size_t> m_first;
    std::string_view m_mergeKey;
    bool m_keyed;
};

// validateMergeKeyInLists: every element of a keyed list is an object holding the key.
void requireMergeKeys(const json &list, std::string_view mergeKey)
{
    if (!list.is_array())
        return;
    for (const json &element : list) {
        if (!element.is_object())
            throwFailure("expected a map[string]interface {}, but received a " + goTypeName(element));
        if (!element.contains(mergeKey))
            throwFailure(noMergeKeyError(element, mergeKey));
    }
}

// normalizeSliceOrder: elements sorted by where `order` has them, the rest after.
void sortByPositions(std::vector<json> &elements, const ListPositions &order)
{
    std::vector<std::pair<std::size_t, json *>> ranked;
    ranked.reserve(elements.size());
    for (json &element : elements)
        ranked.emplace_back(order.find(element).value_or(SIZE_MAX), &element);
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<json> sorted;
    sorted.reserve(elements.size());
    for (const auto &entry : ranked)
        sorted.push_back(std::move(*entry.second));
    elements = std::move(sorted);
}

} // namespace

std::string noMergeKeyError(const json &map, std::string_view mergeKey)
{
    return "map: " + goFormat(map) + " does not contain declared merge key: " + std::string(mergeKey);
}

std::string valueIdentity(const json &value)
{
    switch (value.type()) {
    case json::value_t::string: return "s" + value.get<std::string>();
    case json::value_t::boolean: return value.get<bool>() ? "b1" : "b0";
    case json::value_t::null: return "n";
    case json::value_t::object:
    case json::value_t::array: return "j" + value.dump();
    default: break;
    }
    // Integral numbers decode to int64 on the server, others to float64.
    return goTypeName(value) == "int64" ? "i" + goFormat(value) : "f" + value.dump();
}

std::string elementIdentity(const json &element, std::string_view mergeKey, bool keyed)
{
    if (!keyed)
        return valueIdentity(element);
    if (!element.is_object())
        return "n";
    const auto it = element.find(mergeKey);
    return it == element.end() ? "n" : valueIdentity(*it);
}

std::optional<json> withoutDirectives(const json &value)
{
    if (value.is_object()) {
        if (value.contains("$patch"))
            return std::nullopt;
        json out = json::object();
        for (const auto &[key, child] : value.items()) {
            if (child.is_null() || isDirectiveKey(key))
                continue;
            if (auto kept = withoutDirectives(child))
                out[key] = std::move(*kept);
        }
        return out;
    }
    if (value.is_array()) {
        json out = json::array();
        for (const json &child : value) {
            if (auto kept = withoutDirectives(child))
                out.push_back(std::move(*kept));
        }
        return out;
    }
    return value;
}

json orderMergedList(const json &merged, const json &patchOrder, const json &serverOrder, std::string_view mergeKey,
                     bool keyed)
{
    const ListPositions inPatch(patchOrder, mergeKey, keyed);
    const ListPositions inServer(serverOrder, mergeKey, keyed);
    std::vector<json> patchItems;
    std::vector<json> serverOnly;
    for (const json &element : merged) {
        if (keyed && !element.is_object())
            throwFailure("expected a map[string]interface {}, but received a " + goTypeName(element));
        if (keyed && !element.contains(mergeKey))
            throwFailure(noMergeKeyError(element, mergeKey));
        (inPatch.find(element) ? patchItems : serverOnly).push_back(element);
    }
    if (keyed) {
        requireMergeKeys(patchOrder, mergeKey);
        requireMergeKeys(serverOrder, mergeKey);
    }
    sortByPositions(patchItems, inPatch);
    sortByPositions(serverOnly, inServer);

    // mergeSortedSlice: a server-only element goes before a patch element only
    // when the live list had it earlier.
    json out = json::array();
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < serverOnly.size() || j < patchItems.size()) {
        bool takeServer = j >= patchItems.size();
        if (i < serverOnly.size() && j < patchItems.size()) {
            const auto left = inServer.find(serverOnly[i]);
            const auto right = inServer.find(patchItems[j]);
            takeServer = left && right && *left < *right;
        }
        out.push_back(std::move(takeServer ? serverOnly[i++] : patchItems[j++]));
    }
    return out;
}

} // namespace gantry::sim
