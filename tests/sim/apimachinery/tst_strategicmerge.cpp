#include "sim/apimachinery/patch.h"

#include "nginxpod.h"

#include <gtest/gtest.h>

#include <functional>
#include <random>

using gantry::sim::applyStrategicMergePatch;
using gantry::sim::PatchResult;
using nlohmann::json;

namespace {

json merged(const json &target, const char *patch, std::string_view kind = "Pod")
{
    const PatchResult result = applyStrategicMergePatch(target, json::parse(patch), kind);
    EXPECT_TRUE(result.object) << result.error;
    return result.object.value_or(json());
}

std::string mergeError(const json &target, const char *patch, std::string_view kind = "Pod")
{
    const PatchResult result = applyStrategicMergePatch(target, json::parse(patch), kind);
    EXPECT_FALSE(result.object) << result.object.value_or(json()).dump();
    return result.error;
}

std::vector<std::string> names(const json &list, const char *key = "name")
{
    std::vector<std::string> out;
    for (const json &element : list)
        out.push_back(element.value(key, std::string("?")));
    return out;
}

bool hasDirectiveKey(const json &value)
{
    if (value.is_object()) {
        for (const auto &[key, child] : value.items()) {
            if (key.starts_with("$") || hasDirectiveKey(child))
                return true;
        }
    }
    if (value.is_array()) {
        for (const json &child : value) {
            if (hasDirectiveKey(child))
                return true;
        }
    }
    return false;
}

json podWithSidecar()
{
    json pod = nginxPod();
    pod["spec"]["containers"].push_back({{"name", "sidecar"}, {"image", "envoy"}});
    return pod;
}

} // namespace

TEST(StrategicMerge, MergesContainersByName)
{
    const json result = merged(nginxPod(), R"({"spec":{"containers":[
        {"name":"sidecar","image":"envoy:1.30"},
        {"name":"nginx","image":"nginx:1.25"}]}})");
    const json &containers = result["spec"]["containers"];
    EXPECT_EQ(names(containers), (std::vector<std::string>{"sidecar", "nginx"}));
    EXPECT_EQ(containers[1]["image"], "nginx:1.25");
    // The rest of the live container survives the merge.
    EXPECT_EQ(containers[1]["imagePullPolicy"], "Always");
    EXPECT_EQ(containers[1]["ports"], json::parse(R"([{"containerPort":80,"protocol":"TCP"}])"));
    EXPECT_EQ(result["spec"]["nodeName"], "kube-worker-1");
}

TEST(StrategicMerge, DeleteDirectiveRemovesAContainer)
{
    const json result = merged(podWithSidecar(), R"({"spec":{"containers":[{"name":"sidecar","$patch":"delete"}]}})");
    EXPECT_EQ(names(result["spec"]["containers"]), (std::vector<std::string>{"nginx"}));
    EXPECT_EQ(result["spec"]["containers"][0], nginxPod()["spec"]["containers"][0]);
}

TEST(StrategicMerge, MergesNestedKeyedLists)
{
    const json result = merged(nginxPod(), R"({"spec":{"containers":[{"name":"nginx",
        "env":[{"name":"MODE","value":"fast"}],
        "ports":[{"containerPort":80,"name":"http"},{"containerPort":443,"protocol":"TCP"}],
        "volumeMounts":[{"mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":false}]}]}})");
    const json &nginx = result["spec"]["containers"][0];
    EXPECT_EQ(nginx["env"], json::parse(R"([{"name":"MODE","value":"fast"}])"));
    EXPECT_EQ(nginx["ports"], json::parse(R"([{"containerPort":80,"name":"http","protocol":"TCP"},
        {"containerPort":443,"protocol":"TCP"}])"));
    ASSERT_EQ(nginx["volumeMounts"].size(), 1u);
    EXPECT_EQ(nginx["volumeMounts"][0]["name"], "kube-api-access-bgsgp");
    EXPECT_EQ(nginx["volumeMounts"][0]["readOnly"], false);
}

TEST(StrategicMerge, NullDeletesAndMapsMerge)
{
    const json result = merged(nginxPod(), R"({"metadata":{"labels":{"app":null,"tier":"web"},
        "annotations":{"note":"x"}},"spec":{"securityContext":null,"priority":5}})");
    EXPECT_EQ(result["metadata"]["labels"], json::parse(R"({"pod-template-hash":"67d4bdd6f5","tier":"web"})"));
    EXPECT_EQ(result["metadata"]["annotations"], json::parse(R"({"note":"x"})"));
    EXPECT_FALSE(result["spec"].contains("securityContext"));
    EXPECT_EQ(result["spec"]["priority"], 5);
    // A null for a member the object lacks is not kept.
    EXPECT_FALSE(merged(nginxPod(), R"({"spec":{"hostname":null}})")["spec"].contains("hostname"));
}

TEST(StrategicMerge, ListsWithoutMergeKeyAreReplaced)
{
    const json result = merged(nginxPod(), R"({"spec":{"tolerations":[{"key":"gpu","operator":"Exists"}],
        "containers":[{"name":"nginx","args":["-g","daemon off;"]}]}})");
    EXPECT_EQ(result["spec"]["tolerations"], json::parse(R"([{"key":"gpu","operator":"Exists"}])"));
    EXPECT_EQ(result["spec"]["containers"][0]["args"], json::parse(R"(["-g","daemon off;"])"));
}

TEST(StrategicMerge, ConditionsMergeByType)
{
    const json result = merged(nginxPod(), R"({"status":{"conditions":[
        {"type":"Ready","status":"False","reason":"Probe"},{"type":"DisruptionTarget","status":"True"}]}})");
    const json &conditions = result["status"]["conditions"];
    // New elements go in right after the patch's preceding known element, as
    // mergeSortedSlice interleaves them.
    EXPECT_EQ(names(conditions, "type"),
              (std::vector<std::string>{"Initialized", "Ready", "DisruptionTarget", "ContainersReady",
                                        "PodScheduled"}));
    EXPECT_EQ(conditions[1]["status"], "False");
    EXPECT_EQ(conditions[1]["lastTransitionTime"], "2022-02-17T21:51:06Z");
}

TEST(StrategicMerge, FinalizersMergeAsAPrimitiveList)
{
    json pod = nginxPod();
    pod["metadata"]["finalizers"] = {"a", "b"};
    EXPECT_EQ(merged(pod, R"({"metadata":{"finalizers":["c","a"]}})")["metadata"]["finalizers"],
              json::parse(R"(["c","a","b"])"));
    EXPECT_EQ(merged(pod, R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})")["metadata"]["finalizers"],
              json::parse(R"(["b"])"));
    // Deleting from a list the object does not have adds nothing.
    EXPECT_FALSE(merged(nginxPod(), R"({"metadata":{"$deleteFromPrimitiveList/finalizers":["a"]}})")["metadata"]
                     .contains("finalizers"));
}

TEST(StrategicMerge, SetElementOrderReordersTheList)
{
    const json result = merged(podWithSidecar(), R"({"spec":{
        "$setElementOrder/containers":[{"name":"sidecar"},{"name":"nginx"}],
        "containers":[{"name":"sidecar","image":"envoy:2"}]}})");
    EXPECT_EQ(names(result["spec"]["containers"]), (std::vector<std::string>{"sidecar", "nginx"}));
    EXPECT_EQ(result["spec"]["containers"][0]["image"], "envoy:2");
    EXPECT_EQ(mergeError(podWithSidecar(), R"({"spec":{"$setElementOrder/containers":[{"name":"nginx"}],
        "containers":[{"name":"sidecar","image":"x"}]}})"),
              "The order in patch list:\n[map[image:x name:sidecar]]\n doesn't match $setElementOrder list:\n"
              "[map[name:nginx]]\n");
}

TEST(StrategicMerge, RetainKeysClearsUnlistedMembers)
{
    json pod = nginxPod();
    pod["spec"]["volumes"].push_back({{"name", "data"}, {"emptyDir", json::object()}});
    const json result = merged(pod, R"({"spec":{"volumes":[
        {"name":"data","$retainKeys":["hostPath","name"],"hostPath":{"path":"/models"}}]}})");
    const json &volumes = result["spec"]["volumes"];
    ASSERT_EQ(volumes.size(), 2u);
    EXPECT_EQ(volumes[1], json::parse(R"({"name":"data","hostPath":{"path":"/models"}})"));
    EXPECT_EQ(mergeError(pod, R"({"spec":{"volumes":[{"name":"data","$retainKeys":["name"],"hostPath":{}}]}})"),
              "invalid patch format of retainKeys");
}

TEST(StrategicMerge, ReplaceDirectives)
{
    const json list = merged(podWithSidecar(), R"({"spec":{"containers":[{"$patch":"replace"},
        {"name":"only","image":"busybox"}]}})");
    EXPECT_EQ(list["spec"]["containers"], json::parse(R"([{"name":"only","image":"busybox"}])"));
    const json map = merged(nginxPod(), R"({"metadata":{"labels":{"$patch":"replace","x":"y"}}})");
    EXPECT_EQ(map["metadata"]["labels"], json::parse(R"({"x":"y"})"));
    const json deleted = merged(nginxPod(), R"({"spec":{"securityContext":{"$patch":"delete"}}})");
    EXPECT_EQ(deleted["spec"]["securityContext"], json::object());
}

TEST(StrategicMerge, JobTemplatesMergeContainersByName)
{
    const json job = {{"kind", "Job"},
                      {"metadata", {{"name", "train"}}},
                      {"spec", {{"template", {{"spec", {{"containers", {{{"name", "main"}, {"image", "a"}}}}}}}}}}};
    const json result = merged(job, R"({"spec":{"template":{"spec":{"containers":[{"name":"helper","image":"b"}]}}}})",
                               "Job");
    // As on the server, an element the live list lacks comes before the ones it has.
    EXPECT_EQ(names(result["spec"]["template"]["spec"]["containers"]), (std::vector<std::string>{"helper", "main"}));
}

TEST(StrategicMerge, UnknownKindsMergeOnlyMetadataLists)
{
    const json isvc = {{"kind", "InferenceService"},
                       {"metadata", {{"name", "llm"}, {"finalizers", {"a"}}}},
                       {"spec", {{"predictor", {{"containers", {{{"name", "kserve"}, {"image", "v1"}}}}}}}}};
    const json result = merged(isvc, R"({"metadata":{"finalizers":["b"]},
        "spec":{"predictor":{"containers":[{"name":"other"}],"minReplicas":1}}})", "InferenceService");
    EXPECT_EQ(result["metadata"]["finalizers"], json::parse(R"(["b","a"])"));
    EXPECT_EQ(result["spec"]["predictor"]["containers"], json::parse(R"([{"name":"other"}])"));
    EXPECT_EQ(result["spec"]["predictor"]["minReplicas"], 1);
}

TEST(StrategicMerge, DirectivesNeverReachTheResult)
{
    const json result = merged(nginxPod(), R"({"spec":{"initContainers":[{"name":"init","image":"busybox",
        "env":[{"name":"A","value":"1"},{"name":"B","$patch":"delete"}],"$setElementOrder/env":[{"name":"A"}]}],
        "newMap":{"$patch":"delete"},"other":{"keep":1,"drop":null}}})");
    EXPECT_FALSE(hasDirectiveKey(result)) << result.dump();
    EXPECT_EQ(result["spec"]["initContainers"][0]["env"], json::parse(R"([{"name":"A","value":"1"}])"));
    EXPECT_FALSE(result["spec"].contains("newMap"));
    EXPECT_EQ(result["spec"]["other"], json::parse(R"({"keep":1})"));
}

TEST(StrategicMerge, ErrorsCarryTheServerText)
{
    EXPECT_EQ(mergeError(nginxPod(), R"({"spec":{"containers":[{"image":"x"}]}})"),
              "map: map[image:x] does not contain declared merge key: name");
    EXPECT_EQ(mergeError(nginxPod(), R"({"spec":{"containers":[{"name":"nginx","$patch":"merge"}]}})"),
              "merging lists cannot yet be specified in the patch");
    EXPECT_EQ(mergeError(nginxPod(), R"({"metadata":{"labels":{"$patch":"frob","a":"b"}}})"),
              "unknown patch type: frob in map: map[$patch:frob a:b]");
    EXPECT_EQ(mergeError(nginxPod(), R"({"metadata":{"$deleteFromPrimitiveListX/finalizers":["a"]}})"),
              "invalid patch format of primitive list");
    EXPECT_EQ(mergeError(nginxPod(), R"({"spec":{"$setElementOrder/containers":"nginx"}})"),
              "expected a []interface {}, but received a string");
    EXPECT_EQ(mergeError(nginxPod(), R"({"spec":{"containers":[{"name":"x"},"y"]}})"),
              "list element types are not identical: [[map[image:nginx imagePullPolicy:Always name:nginx "
              "ports:[map[containerPort:80 protocol:TCP]] resources:map[limits:map[cpu:500m memory:128Mi] "
              "requests:map[cpu:500m memory:128Mi]] terminationMessagePath:/dev/termination-log "
              "terminationMessagePolicy:File volumeMounts:[map[mountPath:/var/run/secrets/kubernetes.io/serviceaccount "
              "name:kube-api-access-bgsgp readOnly:true]]]] [map[name:x] y]]");
    json withFinalizers = nginxPod();
    withFinalizers["metadata"]["finalizers"] = json::array();
    EXPECT_EQ(mergeError(withFinalizers, R"({"metadata":{"finalizers":[["a"]]}})"), "lists of lists are not supported");
    EXPECT_EQ(mergeError(nginxPod(), R"([{"op":"add"}])"),
              "json: cannot unmarshal array into Go value of type map[string]interface {}");
    EXPECT_EQ(applyStrategicMergePatch(json::array(), json::object(), "Pod").error, "invalid JSON document");
}

TEST(StrategicMerge, EmptyPatchesLeaveTheObjectAlone)
{
    EXPECT_EQ(merged(nginxPod(), "{}"), nginxPod());
    EXPECT_EQ(merged(nginxPod(), "null"), nginxPod());
}

TEST(StrategicMerge, ToleratesHostileInput)
{
    json deep = 1;
    for (int i = 0; i < 5000; ++i)
        deep = json{{"spec", std::move(deep)}};
    EXPECT_EQ(applyStrategicMergePatch(nginxPod(), deep, "Pod").error, "the patch nests deeper than 100 levels");

    // Random patches built from the directive vocabulary never escape as exceptions.
    std::mt19937 random(11);
    const std::vector<std::string> keys = {"spec", "containers", "name", "$patch", "$retainKeys", "env",
                                           "$setElementOrder/containers", "$deleteFromPrimitiveList/finalizers",
                                           "metadata", "finalizers", "ports", "containerPort", "status"};
    const std::vector<json> leaves = {nullptr, "nginx", "delete", "replace", "merge", 80, 1.5, true,
                                      json::array(), json::object()};
    std::function<json(int)> build = [&](int depth) -> json {
        const int shape = depth > 4 ? 2 : static_cast<int>(random() % 3);
        if (shape == 0) {
            json object = json::object();
            for (int i = random() % 4; i > 0; --i)
                object[keys[random() % keys.size()]] = build(depth + 1);
            return object;
        }
        if (shape == 1) {
            json array = json::array();
            for (int i = random() % 3; i > 0; --i)
                array.push_back(build(depth + 1));
            return array;
        }
        return leaves[random() % leaves.size()];
    };
    for (int round = 0; round < 3000; ++round) {
        json patch = json::object();
        patch[keys[random() % keys.size()]] = build(0);
        PatchResult result;
        ASSERT_NO_THROW(result = applyStrategicMergePatch(podWithSidecar(), patch, "Pod")) << patch.dump();
        EXPECT_NE(result.object.has_value(), !result.error.empty()) << patch.dump();
    }
}
