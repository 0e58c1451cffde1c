#pragma once

#include <span>
#include <string_view>

namespace gantry::sim {

struct PatchSchema;

/// The patch metadata of one field of a built-in type, as its Go struct tags give
/// it (`patchStrategy:"merge" patchMergeKey:"name"`).
struct PatchField
{
    std::string_view name;
    /// The field's own type for objects, the element type for lists; null when
    /// nothing below it has patch metadata.
    const PatchSchema *type = nullptr;
    /// patchStrategy "merge": a list that merges rather than replaces.
    bool mergeList = false;
    /// patchMergeKey: the member that identifies elements of a merged list of
    /// objects; empty for lists of scalars.
    std::string_view mergeKey;
};

/// The fields of one type that carry patch metadata; fields not listed merge as
/// plain objects, and their lists are replaced whole.
struct PatchSchema
{
    std::span<const PatchField> fields;

    const PatchField *field(std::string_view name) const;
};

/// The schema of a top-level object of `kind` (core/v1, batch/v1, apps/v1 kinds);
/// other kinds get one that knows only `metadata`.
const PatchSchema *patchSchemaForKind(std::string_view kind);

} // namespace gantry::sim
