// The templates: the compiled-in text is the files' text, placeholders take
// YAML-quoted values that cannot add structure, every template renders to YAML
// that parses, and a user folder overrides the built-in text.

#include "backend/actions/deploymanifest.h"
#include "backend/actions/templatelibrary.h"
#include "backend/actions/templaterenderer.h"
#include "backend/core/yamljson.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace gantry::actions;
using nlohmann::json;

namespace {

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

json renderToJson(std::string_view name, const TemplateValues &values)
{
    const auto text = TemplateLibrary().text(name);
    EXPECT_TRUE(text) << text.error().message;
    const auto rendered = renderTemplate(*text, values);
    EXPECT_TRUE(rendered) << rendered.error().message;
    const auto parsed = gantry::yamlToJson(*rendered);
    EXPECT_TRUE(parsed.json) << parsed.error << " at " << parsed.line << ":" << parsed.column << "\n" << *rendered;
    json object = parsed.json.value_or(json());
    pruneNullMembers(object);
    return object;
}

TEST(ActionTemplates, TheCompiledInTextIsTheFilesText)
{
    const auto names = TemplateLibrary::builtInNames();
    ASSERT_EQ(names.size(), 3u);
    for (const std::string &name : names) {
        const std::string onDisk = readFile(std::string(GANTRY_SOURCE_TEMPLATES_DIR) + "/" + name);
        ASSERT_FALSE(onDisk.empty()) << name;
        EXPECT_EQ(std::string(*TemplateLibrary::builtInText(name)), onDisk) << name;
    }
    EXPECT_FALSE(TemplateLibrary::builtInText("nope.yaml"));
}

TEST(ActionTemplates, HostileValuesStayOneScalar)
{
    const std::string hostile = "a\"b\nc: d";
    const auto rendered = renderTemplate("metadata:\n  name: {{name}}\n  other: {{ other }}\n",
        { { "name", hostile }, { "other", std::string("x\\y\t#z\x01") } });
    ASSERT_TRUE(rendered) << rendered.error().message;
    EXPECT_EQ(*rendered, "metadata:\n  name: \"a\\\"b\\nc: d\"\n  other: \"x\\\\y\\t#z\\x01\"\n");
    const auto parsed = gantry::yamlToJson(*rendered);
    ASSERT_TRUE(parsed.json) << parsed.error;
    EXPECT_EQ((*parsed.json)["metadata"]["name"], hostile);
    EXPECT_EQ((*parsed.json)["metadata"]["other"], "x\\y\t#z\x01");
    EXPECT_EQ((*parsed.json)["metadata"].size(), 2u) << "no key was injected";

    // A list item trying to close the flow sequence stays one string.
    const auto list =
        renderTemplate("args: {{args}}\n", { { "args", std::vector<std::string> { "--a=1", "x\"], evil: [\"" } } });
    ASSERT_TRUE(list);
    const auto listJson = gantry::yamlToJson(*list);
    ASSERT_TRUE(listJson.json) << listJson.error;
    EXPECT_EQ((*listJson.json)["args"], json::array({ "--a=1", "x\"], evil: [\"" }));
    EXPECT_EQ(listJson.json->size(), 1u);
}

TEST(ActionTemplates, TypedValuesAndUnsetOnes)
{
    const auto rendered = renderTemplate("a: {{i}}\nb: {{d}}\nc: {{t}}\nd: {{n}}\ne:\n  f: {{n}}\n",
        { { "i", std::int64_t(3) }, { "d", 0.5 }, { "t", true }, { "n", TemplateValue() } });
    ASSERT_TRUE(rendered);
    auto parsed = gantry::yamlToJson(*rendered);
    ASSERT_TRUE(parsed.json);
    json object = *parsed.json;
    EXPECT_EQ(object["a"], 3);
    EXPECT_EQ(object["b"], 0.5);
    EXPECT_EQ(object["c"], true);
    EXPECT_TRUE(object["d"].is_null());
    pruneNullMembers(object);
    EXPECT_EQ(object, json({ { "a", 3 }, { "b", 0.5 }, { "c", true } })) << "emptied by pruning: gone";

    json kept = { { "emptyDir", json::object() }, { "list", { nullptr, 1 } }, { "x", nullptr } };
    pruneNullMembers(kept);
    EXPECT_EQ(kept, json({ { "emptyDir", json::object() }, { "list", { nullptr, 1 } } })) << "empty by intent stays";
}

TEST(ActionTemplates, PlaceholderMistakesNameTheLine)
{
    auto missing = renderTemplate("a: 1\nb: {{nothere}}\n", {});
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().message, "line 2: no value for placeholder {{nothere}}");
    auto open = renderTemplate("a: {{name\n", { { "name", std::string("x") } });
    ASSERT_FALSE(open);
    EXPECT_EQ(open.error().message, "line 1: a placeholder '{{' is not closed with '}}'");
    auto malformed = renderTemplate("a: {{na me}}\n", {});
    ASSERT_FALSE(malformed);
    EXPECT_NE(malformed.error().message.find("malformed placeholder"), std::string::npos);
    auto comment = renderTemplate("# uses {{whatever}}\n  # and {{more}}\na: {{x}}\n", { { "x", std::int64_t(1) } });
    ASSERT_TRUE(comment) << comment.error().message;
    EXPECT_EQ(*comment, "# uses {{whatever}}\n  # and {{more}}\na: 1\n");
}

TEST(ActionTemplates, ThePrewarmJobFollowsTheSimulatorsContract)
{
    const json job = renderToJson(kPrewarmJobTemplate,
        { { "jobName", std::string("prewarm-h100-0-abc") }, { "namespace", std::string("default") },
            { "node", std::string("h100-0") }, { "modelUri", std::string("pvc://models/llama") },
            { "image", std::string("busybox") }, { "claimName", std::string("models") },
            { "subPath", std::string("llama") } });
    EXPECT_EQ(job["kind"], "Job");
    EXPECT_EQ(job["metadata"]["labels"]["gantry.io/prewarm"], "true");
    EXPECT_EQ(job["metadata"]["annotations"]["gantry.io/model-uri"], "pvc://models/llama");
    EXPECT_EQ(job["metadata"]["annotations"]["gantry.io/node"], "h100-0");
    const json &pod = job["spec"]["template"]["spec"];
    EXPECT_EQ(pod["nodeName"], "h100-0");
    EXPECT_EQ(pod["restartPolicy"], "Never");
    EXPECT_EQ(pod["volumes"][0]["persistentVolumeClaim"]["claimName"], "models");
    EXPECT_EQ(pod["containers"][0]["volumeMounts"][0]["subPath"], "llama");
    EXPECT_NE(pod["containers"][0]["command"][2].get<std::string>().find("prewarm: done"), std::string::npos);
    EXPECT_FALSE(pod["containers"][0]["resources"]["requests"].contains("nvidia.com/gpu"));
}

TEST(ActionTemplates, TheLocalModelCacheIsClusterScoped)
{
    const json cache = renderToJson(kLocalModelCacheTemplate,
        { { "name", std::string("llama") }, { "sourceModelUri", std::string("hf://a/b") },
            { "modelSize", std::string("16Gi") }, { "nodeGroups", std::vector<std::string> { "h100", "a100" } } });
    EXPECT_EQ(cache["apiVersion"], "serving.kserve.io/v1alpha1");
    EXPECT_FALSE(cache["metadata"].contains("namespace"));
    EXPECT_EQ(cache["spec"]["nodeGroups"], json::array({ "h100", "a100" }));
    EXPECT_EQ(cache["spec"]["modelSize"], "16Gi");
}

TEST(ActionTemplates, TheDeployFormBuildsAvLLMInferenceService)
{
    DeploySpec spec;
    spec.name = "llama";
    spec.namespaceName = "team-a";
    spec.storageUri = "hf://meta-llama/Llama-3.1-8B-Instruct";
    spec.gpus = 2;
    spec.maxModelLen = 8192;
    spec.extraArgs = { "--tensor-parallel-size=2" };
    spec.scaling.minReplicas = 0;
    spec.scaling.maxReplicas = 3;
    spec.scaling.target = 4;
    spec.scaling.scaleDownDelaySeconds = 300;
    const auto built = buildInferenceService(spec, TemplateLibrary());
    ASSERT_TRUE(built) << problemsText(built.error());
    const json &object = *built;
    EXPECT_EQ(object["metadata"]["namespace"], "team-a");
    const json &annotations = object["metadata"]["annotations"];
    EXPECT_EQ(annotations["serving.kserve.io/deploymentMode"], "Knative");
    EXPECT_EQ(annotations["autoscaling.knative.dev/target"], "4");
    EXPECT_EQ(annotations["autoscaling.knative.dev/scale-down-delay"], "300s");
    EXPECT_FALSE(annotations.contains("serving.kserve.io/autoscalerClass"));
    EXPECT_FALSE(annotations.contains("autoscaling.knative.dev/metric"));
    const json &predictor = object["spec"]["predictor"];
    EXPECT_EQ(predictor["minReplicas"], 0);
    EXPECT_EQ(predictor["maxReplicas"], 3);
    EXPECT_FALSE(predictor.contains("scaleTarget")) << "Knative's target is an annotation";
    EXPECT_EQ(predictor["model"]["args"], json::array({ "--max-model-len=8192", "--tensor-parallel-size=2" }));
    EXPECT_EQ(predictor["model"]["resources"]["limits"]["nvidia.com/gpu"], "2");
    EXPECT_EQ(predictor["model"]["runtime"], "kserve-vllmserver");

    spec.scaling.mode = DeploymentMode::Standard;
    spec.scaling.autoscalerClass = "keda";
    spec.scaling.scaleDownDelaySeconds.reset();
    spec.scaling.metric = "cpu";
    const auto standard = buildInferenceService(spec, TemplateLibrary());
    ASSERT_TRUE(standard) << problemsText(standard.error());
    EXPECT_EQ((*standard)["metadata"]["annotations"]["serving.kserve.io/autoscalerClass"], "keda");
    EXPECT_EQ((*standard)["spec"]["predictor"]["scaleTarget"], 4);
    EXPECT_EQ((*standard)["spec"]["predictor"]["scaleMetric"], "cpu");
    EXPECT_FALSE((*standard)["metadata"]["annotations"].contains("autoscaling.knative.dev/target"));

    spec.name = "Bad_Name";
    spec.gpus = 0;
    spec.extraArgs.clear();
    spec.maxModelLen = 0;
    const auto refused = buildInferenceService(spec, TemplateLibrary());
    ASSERT_FALSE(refused);
    ASSERT_EQ(refused.error().size(), 3u) << problemsText(refused.error());
    EXPECT_EQ(refused.error()[0].field, "metadata.name");
    EXPECT_EQ(refused.error()[1].field, "spec.predictor.model.resources.limits[nvidia.com/gpu]");
    EXPECT_EQ(refused.error()[2].field, "spec.predictor.model.args[0]");
    EXPECT_EQ(refused.error()[2].value, "0");
}

TEST(ActionTemplates, AUserFolderOverridesTheBuiltInText)
{
    const auto dir = std::filesystem::temp_directory_path() / ("gantry-templates-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / std::string(kLocalModelCacheTemplate)) << "kind: Mine\nname: {{name}}\n";
    const TemplateLibrary library(dir.string());
    EXPECT_TRUE(library.overridden(kLocalModelCacheTemplate));
    EXPECT_EQ(*library.text(kLocalModelCacheTemplate), "kind: Mine\nname: {{name}}\n");
    EXPECT_FALSE(library.overridden(kPrewarmJobTemplate));
    EXPECT_EQ(*library.text(kPrewarmJobTemplate), std::string(*TemplateLibrary::builtInText(kPrewarmJobTemplate)));
    EXPECT_FALSE(library.text("../etc/passwd"));
    EXPECT_FALSE(library.text("unknown.yaml"));

    // A user template that loses a required field is caught like a user's file.
    std::ofstream(dir / std::string(kInferenceServiceTemplate))
        << "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: {{name}}\n"
           "  namespace: {{namespace}}\n";
    DeploySpec spec;
    spec.name = "llama";
    spec.storageUri = "pvc://models/llama";
    const auto built = buildInferenceService(spec, library);
    ASSERT_FALSE(built);
    EXPECT_NE(built.error()[0].message.find("no value for placeholder") + built.error()[0].message.find("is required"),
        2 * std::string::npos)
        << problemsText(built.error());
    std::filesystem::remove_all(dir);
}

TEST(ActionTemplates, UserYamlIsExactlyOneInferenceService)
{
    const auto ok = parseInferenceServiceYaml(
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\nspec:\n  predictor:\n"
        "    model:\n      storageUri: pvc://models/llama\n",
        "team-a");
    ASSERT_TRUE(ok) << problemsText(ok.error());
    EXPECT_EQ((*ok)["metadata"]["namespace"], "team-a");

    const auto broken = parseInferenceServiceYaml("kind: InferenceService\nmetadata:\n  name: [x\n", "default");
    ASSERT_FALSE(broken);
    EXPECT_EQ(broken.error()[0].field, "yaml");
    EXPECT_EQ(broken.error()[0].message.rfind("line ", 0), 0u) << broken.error()[0].message;
    EXPECT_NE(broken.error()[0].message.find(", column "), std::string::npos);

    const auto two = parseInferenceServiceYaml("kind: InferenceService\n---\nkind: InferenceService\n", "default");
    ASSERT_FALSE(two);
    EXPECT_NE(two.error()[0].message.find("found 2 documents"), std::string::npos);

    const auto wrongKind = parseInferenceServiceYaml("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "default");
    ASSERT_FALSE(wrongKind);
    ASSERT_EQ(wrongKind.error().size(), 2u);
    EXPECT_EQ(wrongKind.error()[0].field, "apiVersion");
    EXPECT_EQ(wrongKind.error()[1].field, "kind");
    EXPECT_EQ(wrongKind.error()[1].value, "Pod");

    const auto badValues = parseInferenceServiceYaml(
        "apiVersion: serving.kserve.io/v1beta1\nkind: InferenceService\nmetadata:\n  name: llama\n  annotations:\n"
        "    autoscaling.knative.dev/target: \"0\"\nspec:\n  predictor:\n    model:\n      storageUri: ftp://x\n"
        "      resources: {limits: {nvidia.com/gpu: \"32\", memory: 64GB}}\n",
        "default");
    ASSERT_FALSE(badValues);
    std::vector<std::string> fields;
    for (const Problem &problem : badValues.error())
        fields.push_back(problem.field);
    EXPECT_EQ(fields,
        (std::vector<std::string> { "spec.predictor.model.storageUri", "spec.predictor.model.resources.limits[memory]",
            "spec.predictor.model.resources.limits[nvidia.com/gpu]",
            "metadata.annotations[autoscaling.knative.dev/target]" }));
}

} // namespace
