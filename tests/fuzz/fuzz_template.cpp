// Templates as a user's template folder may hold them: rendered with values of
// every kind, then read as YAML and pruned the way DeployAction and
// PrewarmAction do. Also checks the promise that makes rendering safe: any
// string, quoted by yamlQuote() and read back, is the same string.
#include "backend/actions/templaterenderer.h"
#include "backend/core/utf8.h"
#include "backend/core/yamljson.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <string>
#include <string_view>

using namespace gantry;
using namespace gantry::actions;

namespace {

// Every placeholder the built-in templates use, with values of each type a caller passes.
const TemplateValues &sampleValues()
{
    static const TemplateValues values = [] {
        TemplateValues v;
        for (const char *name : {"name", "namespace", "deploymentMode", "storageUri", "runtime", "cpu", "memory",
                                 "image", "jobName", "modelUri", "node", "claimName", "subPath", "sourceModelUri",
                                 "knativeClass", "knativeMetric", "knativeScaleDownDelay"})
            v[name] = std::string("a \"value\": with\nlines # and {{braces}}");
        v["gpus"] = std::int64_t(4);
        v["minReplicas"] = std::int64_t(-1);
        v["maxReplicas"] = std::monostate();
        v["knativeTarget"] = 0.75;
        v["scaleTarget"] = true;
        v["args"] = std::vector<std::string>{"--max-model-len=8192", "", "'quoted'", "\xff\x01"};
        v["nodeGroups"] = std::vector<std::string>{};
        v["modelSize"] = std::string("500Gi");
        return v;
    }();
    return values;
}

// A quoted value must come back unchanged, or a value could rewrite the manifest.
void checkQuotingRoundTrip(std::string_view value)
{
    if (firstInvalidUtf8(value) != std::string_view::npos)
        return; // YAML text is UTF-8; the renderer's callers pass UTF-8
    const auto rendered = renderTemplate("key: {{value}}\n", {{"value", std::string(value)}});
    if (!rendered) {
        std::fprintf(stderr, "rendering a plain placeholder failed: %s\n", rendered.error().message.c_str());
        std::abort();
    }
    const YamlToJsonResult parsed = yamlToJson(*rendered);
    if (!parsed.json || !parsed.json->is_object() || !(*parsed.json)["key"].is_string()
        || (*parsed.json)["key"].get<std::string>() != value) {
        std::fprintf(stderr, "a quoted value did not read back as itself:\n%s\n(%s)\n", rendered->c_str(),
                     parsed.error.c_str());
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    checkQuotingRoundTrip(text);

    const auto rendered = renderTemplate(text, sampleValues());
    if (!rendered)
        return 0;
    YamlDocumentsResult documents = yamlDocumentsToJson(*rendered);
    for (nlohmann::json &document : documents.documents) {
        pruneNullMembers(document);
        (void)document.dump();
    }
    YamlToJsonResult single = yamlToJson(*rendered);
    if (single.json)
        pruneNullMembers(*single.json);
    return 0;
}
