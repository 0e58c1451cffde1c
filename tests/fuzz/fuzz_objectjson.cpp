// API objects as a server (or a broken one) sends them, reduced to the compact
// form the informers keep, for every kind. The readers are tolerant by design:
// a field of the wrong type reads as empty, so nothing here may throw.
#include "backend/kube/compactobjects.h"

#include <nlohmann/json.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

using namespace gantry::kube;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const nlohmann::json object = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
    if (object.is_discarded())
        return 0;
    for (const ObjectKind kind : {ObjectKind::Node, ObjectKind::Pod, ObjectKind::Event, ObjectKind::InferenceService,
                                  ObjectKind::Job, ObjectKind::LocalModelCache, ObjectKind::MachineSet}) {
        const CompactObject compact = extractCompact(kind, object);
        (void)compactMeta(compact);
        (void)compactKind(compact);
    }
    return 0;
}
