#include "sim/apimachinery/patch.h"

#include "sim/apimachinery/apifailure.h"
#include "sim/apimachinery/gotext.h"
#include "sim/apimachinery/jsonlimits.h"
#include "sim/apimachinery/strategicschema.h"
#include "sim/apimachinery/strategicsupport.h"

#include <unordered_map>
#include <unordered_set>

namespace gantry::sim {

namespace {

using nlohmann::json;

constexpr std::string_view kDirective = "$patch";
constexpr std::string_view kRetainKeys = "$retainKeys";
constexpr std::string_view kDeleteFromPrimitiveList = "$deleteFromPrimitiveList";
constexpr std::string_view kSetElementOrder = "$setElementOrder";

// The list field "<prefix>/<name>" refers to; mergepatch's error when malformed.
std::string directiveTarget(const std::string &key, std::string_view prefix, std::string_view error)
{
    const std::size_t slash = key.find('/');
    if (slash == std::string::npos || std::string_view(key).substr(0, slash) != prefix)
        throwFailure(std::string(error));
    return key.substr(slash + 1);
}

std::string badArgTypeError(const json &actual)
{
    return "expected a []interface {}, but received a " + goTypeName(actual);
}

// Patch content taken over whole, as the server keeps it; null when dropped.
json adopted(const json &value)
{
    return withoutDirectives(value).value_or(json());
}

// sliceElementType: every element of the lists has one Go type, and it is not a list.
std::string elementType(const json &first, const json &second)
{
    std::string type;
    for (const json *list : {&first, &second}) {
        for (const json &element : *list) {
            const std::string current = goTypeName(element);
            if (type.empty()) {
                if (element.is_array())
                    throwFailure("lists of lists are not supported");
                type = current;
            } else if (current != type) {
                throwFailure("list element types are not identical: [" + goFormat(first) + " " + goFormat(second)
                             + "]");
            }
        }
    }
    if (type.empty())
        throwFailure("no elements in any of the given slices");
    return type;
}

class StrategicMerger
{
public:
    json mergeMap(json original, json patch, const PatchSchema *schema)
    {
        if (const auto directive = patch.find(kDirective); directive != patch.end()) {
            if (*directive == "replace") {
                patch.erase(std::string(kDirective));
                return adopted(patch);
            }
            if (*directive == "delete")
                return json::object();
            throwFailure("unknown patch type: " + goFormat(*directive) + " in map: " + goFormat(patch));
        }
        if (!original.is_object())
            original = json::object();
        applyRetainKeys(original, patch);
        applyElementOrders(original, patch, schema);

        for (auto &[key, value] : patch.items()) {
            std::string name = key;
            const bool deleteList = key.starts_with(kDeleteFromPrimitiveList);
            if (deleteList)
                name = directiveTarget(key, kDeleteFromPrimitiveList, "invalid patch format of primitive list");
            if (value.is_null()) {
                original.erase(name);
                continue;
            }
            const auto current = original.find(name);
            const PatchField *field = schema ? schema->field(name) : nullptr;
            if (current != original.end() && current->is_object() && value.is_object()) {
                *current = mergeMap(std::move(*current), std::move(value), field ? field->type : nullptr);
            } else if (current != original.end() && current->is_array() && value.is_array()) {
                *current = mergeListField(std::move(*current), std::move(value), field, deleteList);
            } else if (!deleteList) {
                // Absent, or of another type: the patch's value is taken as it is.
                if (auto kept = withoutDirectives(value))
                    original[name] = std::move(*kept);
                else
                    original.erase(name);
            }
        }
        return original;
    }

private:
    // $retainKeys: members of the original not listed are cleared; the patch may
    // only set listed members.
    static void applyRetainKeys(json &original, json &patch)
    {
        const auto found = patch.find(kRetainKeys);
        if (found == patch.end())
            return;
        const json retain = std::move(*found);
        patch.erase(found);
        if (!retain.is_array())
            throwFailure("invalid patch format of retainKeys");
        std::unordered_set<std::string> kept;
        for (const json &entry : retain) {
            if (entry.is_string())
                kept.insert(entry.get<std::string>());
        }
        for (const auto &[key, value] : patch.items()) {
            if (value.is_null() || key.starts_with(kDeleteFromPrimitiveList) || key.starts_with(kSetElementOrder))
                continue;
            if (!kept.contains(key))
                throwFailure("invalid patch format of retainKeys");
        }
        for (auto it = original.begin(); it != original.end();) {
            if (kept.contains(it.key()))
                ++it;
            else
                it = original.erase(it);
        }
    }

    // $setElementOrder/<list>: merges that list now and orders it as the directive says.
    void applyElementOrders(json &original, json &patch, const PatchSchema *schema)
    {
        std::vector<std::string> directives;
        for (const auto &[key, value] : patch.items()) {
            if (key.starts_with(kSetElementOrder))
                directives.push_back(key);
        }
        for (const std::string &key : directives) {
            json order = std::move(patch[key]);
            patch.erase(key);
            if (!order.is_array())
                throwFailure(badArgTypeError(order));
            const std::string name =
                directiveTarget(key, kSetElementOrder, "invalid patch format of setElementOrder list");
            const auto originalList = original.find(name);
            const auto patchList = patch.find(name);
            const bool inOriginal = originalList != original.end();
            const bool inPatch = patchList != patch.end();
            if (inOriginal && !originalList->is_array())
                throwFailure(badArgTypeError(*originalList));
            if (inPatch && !patchList->is_array())
                throwFailure(badArgTypeError(*patchList));
            if (!inOriginal && !inPatch)
                continue;
            const PatchField *field = schema ? schema->field(name) : nullptr;
            const std::string mergeKey(field ? field->mergeKey : std::string_view());
            const json emptyList = json::array();
            const json &before = inOriginal ? *originalList : emptyList;
            const json &changes = inPatch ? *patchList : emptyList;
            checkOrderCoversPatch(changes, order, mergeKey);
            const bool keyed = elementType(before, changes) == "map[string]interface {}" && !mergeKey.empty();
            const json merged = inPatch ? mergeListField(before, changes, field, false) : before;
            json ordered = orderMergedList(merged, order, before, mergeKey, keyed);
            original[name] = std::move(ordered);
            patch.erase(name);
        }
    }

    // validatePatchWithSetOrderList: the patch's elements appear in the order list,
    // in the same relative order (deletions aside).
    static void checkOrderCoversPatch(const json &patchList, const json &order, const std::string &mergeKey)
    {
        if (patchList.empty() || order.empty())
            return;
        std::size_t patchIndex = 0;
        std::size_t orderIndex = 0;
        while (patchIndex < patchList.size() && orderIndex < order.size()) {
            const json &element = patchList[patchIndex];
            if (element.is_object() && element.contains(kDirective)) {
                ++patchIndex;
                continue;
            }
            if (!mergeKey.empty()) {
                for (const json *item : {&element, &order[orderIndex]}) {
                    if (!item->is_object())
                        throwFailure("expected a map[string]interface {}, but received a " + goTypeName(*item));
                    if (!item->contains(mergeKey))
                        throwFailure(noMergeKeyError(*item, mergeKey));
                }
            }
            if (elementIdentity(element, mergeKey, !mergeKey.empty()) ==
                elementIdentity(order[orderIndex], mergeKey, !mergeKey.empty()))
                ++patchIndex;
            ++orderIndex;
        }
        if (patchIndex < patchList.size()) {
            throwFailure("The order in patch list:\n" + goFormat(patchList)
                         + "\n doesn't match $setElementOrder list:\n" + goFormat(order) + "\n");
        }
    }

    json mergeListField(json original, json patch, const PatchField *field, bool deleteList)
    {
        if (!field || !field->mergeList)
            return adopted(patch);
        return mergeList(std::move(original), std::move(patch), *field, deleteList);
    }

    json mergeList(json original, json patch, const PatchField &field, bool deleteList)
    {
        if (original.empty() && patch.empty())
            return original;
        const std::string mergeKey(field.mergeKey);
        if (elementType(original, patch) != "map[string]interface {}") {
            if (deleteList)
                return withoutValues(original, patch);
            json merged = original;
            for (const json &element : patch)
                merged.push_back(element);
            return orderMergedList(withoutRepeats(merged), patch, original, {}, false);
        }
        if (mergeKey.empty())
            throwFailure("cannot merge lists without merge key for type struct");
        const json plainPatch = applySpecialElements(original, patch, mergeKey);
        const json before = original;
        mergeKeyedElements(original, plainPatch, mergeKey, field.type);
        return orderMergedList(original, plainPatch, before, mergeKey, true);
    }

    // Elements carrying $patch: "delete" removes the original's matches, "replace"
    // makes the patch's plain elements the whole list. Returns the plain elements.
    static json applySpecialElements(json &original, const json &patch, const std::string &mergeKey)
    {
        json plain = json::array();
        std::unordered_set<std::string> deleted;
        bool replace = false;
        for (const json &element : patch) {
            const auto directive = element.find(kDirective);
            if (directive == element.end()) {
                plain.push_back(element);
            } else if (*directive == "delete") {
                const auto key = element.find(mergeKey);
                if (key == element.end())
                    throwFailure(noMergeKeyError(element, mergeKey));
                deleted.insert(valueIdentity(*key));
            } else if (*directive == "replace") {
                replace = true;
            } else if (*directive == "merge") {
                throwFailure("merging lists cannot yet be specified in the patch");
            } else {
                throwFailure("unknown patch type: " + goFormat(*directive) + " in map: " + goFormat(element));
            }
        }
        if (replace) {
            original = adopted(plain);
            return json::array();
        }
        if (!deleted.empty()) {
            json kept = json::array();
            for (json &element : original) {
                if (!deleted.contains(elementIdentity(element, mergeKey, true)))
                    kept.push_back(std::move(element));
            }
            original = std::move(kept);
        }
        return plain;
    }

    // Each patch element merges into the original element with the same key, or
    // is appended when there is none.
    void mergeKeyedElements(json &original, const json &patch, const std::string &mergeKey, const PatchSchema *type)
    {
        std::unordered_map<std::string, std::size_t> positions;
        for (std::size_t i = 0; i < original.size(); ++i) {
            if (original[i].contains(mergeKey))
                positions.emplace(valueIdentity(original[i][mergeKey]), i);
        }
        for (const json &element : patch) {
            const auto key = element.find(mergeKey);
            if (key == element.end())
                throwFailure(noMergeKeyError(element, mergeKey));
            const auto [position, added] = positions.emplace(valueIdentity(*key), original.size());
            if (added) {
                original.push_back(adopted(element));
            } else {
                json &target = original[position->second];
                target = mergeMap(std::move(target), element, type);
            }
        }
    }

    // deleteFromSlice: the list without any of the values in `removed`.
    static json withoutValues(const json &list, const json &removed)
    {
        std::unordered_set<std::string> unwanted;
        for (const json &value : removed)
            unwanted.insert(valueIdentity(value));
        json out = json::array();
        for (const json &value : list) {
            if (!unwanted.contains(valueIdentity(value)))
                out.push_back(value);
        }
        return out;
    }

    // deduplicateScalars: the first of each value.
    static json withoutRepeats(const json &list)
    {
        std::unordered_set<std::string> seen;
        json out = json::array();
        for (const json &value : list) {
            if (seen.insert(valueIdentity(value)).second)
                out.push_back(value);
        }
        return out;
    }
};

} // namespace

PatchResult applyStrategicMergePatch(const nlohmann::json &target, const nlohmann::json &patch, std::string_view kind)
{
    PatchResult result;
    result.object = catchFailures(
        [&] {
            if (!target.is_object())
                throwFailure("invalid JSON document");
            if (!patch.is_object() && !patch.is_null())
                throwFailure("json: cannot unmarshal " + goJsonTypeWord(patch)
                             + " into Go value of type map[string]interface {}");
            requirePatchDepth(target, patch);
            // A null patch decodes to an empty map on the server: nothing changes.
            return patch.is_null() ? target : StrategicMerger().mergeMap(target, patch, patchSchemaForKind(kind));
        },
        &result.error, "strategic merge patch failed: ");
    return result;
}

} // namespace gantry::sim
