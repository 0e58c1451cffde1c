#include "sim/apimachinery/validation.h"

#include "nginxpod.h"

#include <gtest/gtest.h>

using namespace gantry::sim;
using nlohmann::json;

namespace {

const std::string kLabelMessage =
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end "
    "with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const std::string kSubdomainMessage =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start "
    "and end with an alphanumeric character (e.g. 'example.com', regex used for validation is "
    "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

// "reason | field | message", so a whole error list compares in one assertion.
std::vector<std::string> described(const std::vector<FieldError> &errors)
{
    std::vector<std::string> out;
    for (const FieldError &error : errors)
        out.push_back(error.reason + " | " + error.field + " | " + error.message);
    return out;
}

json podNamed(const std::string &name)
{
    json pod = nginxPod();
    pod["metadata"]["name"] = name;
    return pod;
}

json withMetadata(json metadata)
{
    return {{"metadata", std::move(metadata)}};
}

} // namespace

TEST(Validation, NameRules)
{
    EXPECT_EQ(dns1123LabelError("my-name"), "");
    EXPECT_EQ(dns1123LabelError("My_Name"), kLabelMessage);
    EXPECT_EQ(dns1123LabelError("a.b"), kLabelMessage);
    EXPECT_EQ(dns1123LabelError(""), kLabelMessage);
    EXPECT_EQ(dns1123LabelError(std::string(64, 'a')), "must be no more than 63 characters");
    EXPECT_EQ(dns1123SubdomainError("nginx.example.com"), "");
    EXPECT_EQ(dns1123SubdomainError("a..b"), kSubdomainMessage);
    EXPECT_EQ(dns1123SubdomainError("-a"), kSubdomainMessage);
    EXPECT_EQ(dns1123SubdomainError(std::string(254, 'a')), "must be no more than 253 characters");
    // The subdomain regex does not limit each dot-separated part to 63 characters.
    EXPECT_EQ(dns1123SubdomainError(std::string(100, 'a')), "");
}

TEST(Validation, RealPodMetadataIsValid)
{
    EXPECT_TRUE(validateObjectMeta(nginxPod(), "Pod", true).empty());
    EXPECT_TRUE(validateObject(nginxPod(), "Pod").empty());
}

TEST(Validation, NameIsRequiredAndChecked)
{
    EXPECT_EQ(described(validateObjectMeta(withMetadata({{"namespace", "default"}}), "Pod", true)),
              (std::vector<std::string>{
                  "FieldValueRequired | metadata.name | Required value: name or generateName is required"}));
    EXPECT_EQ(described(validateObjectMeta(podNamed("Bad_Name"), "Pod", true)),
              (std::vector<std::string>{"FieldValueInvalid | metadata.name | Invalid value: \"Bad_Name\": "
                                        + kSubdomainMessage}));
    // Namespaces and InferenceServices are named by labels, so dots are not allowed.
    EXPECT_EQ(described(validateObjectMeta(withMetadata({{"name", "team.a"}}), "Namespace", false)),
              (std::vector<std::string>{"FieldValueInvalid | metadata.name | Invalid value: \"team.a\": "
                                        + kLabelMessage}));
    EXPECT_TRUE(validateObjectMeta(withMetadata({{"name", "team.a"}, {"namespace", "ml"}}), "Job", true).empty());
    EXPECT_EQ(described(validateObjectMeta(withMetadata({{"name", std::string(254, 'a')}}), "Node", false)),
              (std::vector<std::string>{"FieldValueInvalid | metadata.name | Invalid value: \""
                                        + std::string(254, 'a') + "\": must be no more than 253 characters"}));
}

TEST(Validation, GenerateNameMayEndInADash)
{
    EXPECT_TRUE(validateObjectMeta(withMetadata({{"generateName", "web-"}, {"namespace", "a"}}), "Pod", true).empty());
    EXPECT_EQ(described(validateObjectMeta(withMetadata({{"generateName", "Bad-"}, {"namespace", "a"}}), "Pod", true)),
              (std::vector<std::string>{"FieldValueInvalid | metadata.generateName | Invalid value: \"Bad-\": "
                                        + kSubdomainMessage}));
}

TEST(Validation, NamespaceRules)
{
    json pod = nginxPod();
    pod["metadata"].erase("namespace");
    EXPECT_EQ(described(validateObjectMeta(pod, "Pod", true)),
              (std::vector<std::string>{"FieldValueRequired | metadata.namespace | Required value"}));
    pod["metadata"]["namespace"] = "Team";
    EXPECT_EQ(described(validateObjectMeta(pod, "Pod", true)),
              (std::vector<std::string>{"FieldValueInvalid | metadata.namespace | Invalid value: \"Team\": "
                                        + kLabelMessage}));
    EXPECT_EQ(described(validateObjectMeta(withMetadata({{"name", "n1"}, {"namespace", "default"}}), "Node", false)),
              (std::vector<std::string>{
                  "FieldValueForbidden | metadata.namespace | Forbidden: not allowed on this type"}));
}

TEST(Validation, LabelsAndAnnotations)
{
    const json object = withMetadata({{"name", "n1"},
                                      {"labels", {{"bad key!", "v"}, {"long", std::string(64, 'v')}, {"ok", "-x"}}},
                                      {"annotations", {{"Example.com/Owner", "me"}}}});
    EXPECT_EQ(described(validateObjectMeta(object, "Node", false)),
              (std::vector<std::string>{
                  "FieldValueInvalid | metadata.labels | Invalid value: \"bad key!\": name part must consist of "
                  "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
                  "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
                  "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
                  "FieldValueInvalid | metadata.labels | Invalid value: \"" + std::string(64, 'v')
                      + "\": must be no more than 63 characters",
                  "FieldValueInvalid | metadata.labels | Invalid value: \"-x\": a valid label must be an empty string "
                  "or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                  "alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is "
                  "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"}));

    const json big = withMetadata({{"name", "n1"}, {"annotations", {{"a", std::string(262144, 'x')}}}});
    EXPECT_EQ(described(validateObjectMeta(big, "Node", false)),
              (std::vector<std::string>{
                  "FieldValueTooLong | metadata.annotations | Too long: may not be more than 262144 bytes"}));
}

TEST(Validation, OwnerReferencesFinalizersAndGeneration)
{
    json meta = {{"name", "n1"},
                 {"generation", -1},
                 {"ownerReferences", {{{"apiVersion", "apps/"}, {"kind", "ReplicaSet"}, {"name", "rs"}}}},
                 {"finalizers", {"foo", "example.com/cleanup", "orphan", "foregroundDeletion"}}};
    EXPECT_EQ(described(validateObjectMeta(withMetadata(meta), "Node", false)),
              (std::vector<std::string>{
                  "FieldValueInvalid | metadata.generation | Invalid value: -1: must be greater than or equal to 0",
                  "FieldValueInvalid | metadata.ownerReferences.apiVersion | Invalid value: \"apps/\": version must "
                  "not be empty",
                  "FieldValueInvalid | metadata.ownerReferences.uid | Invalid value: \"\": must not be empty",
                  "FieldValueInvalid | metadata.finalizers | Invalid value: []string{\"foo\", \"example.com/cleanup\", "
                  "\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set",
                  "FieldValueInvalid | metadata.finalizers | Invalid value: \"foo\": name is neither a standard "
                  "finalizer name nor is it fully qualified"}));
    // Custom resources accept any qualified finalizer name.
    EXPECT_TRUE(validateObjectMeta(withMetadata({{"name", "llm"}, {"namespace", "ml"}, {"finalizers", {"foo"}}}),
                                   "InferenceService", true)
                    .empty());
}

TEST(Validation, InvalidMessageShapes)
{
    const auto errors = validateObjectMeta(podNamed("Bad_Name"), "Pod", true);
    EXPECT_EQ(invalidMessage("Pod", "", "Bad_Name", errors),
              "Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": " + kSubdomainMessage);

    const std::vector<FieldError> several = {
        {"FieldValueRequired", "spec.predictor", "Required value"},
        {"FieldValueRequired", "spec.predictor", "Required value"},
        {"FieldValueInvalid", "metadata.name", "Invalid value: \"x\": bad"},
    };
    EXPECT_EQ(invalidMessage("InferenceService", "serving.kserve.io", "llm", several),
              "InferenceService.serving.kserve.io \"llm\" is invalid: [spec.predictor: Required value, "
              "metadata.name: Invalid value: \"x\": bad]");
    EXPECT_EQ(invalidMessage("Pod", "", "a\"b", {}), "Pod \"a\\\"b\" is invalid");
}

TEST(Validation, PodSpecRequiredFields)
{
    EXPECT_EQ(described(validateObject({{"spec", json::object()}}, "Pod")),
              (std::vector<std::string>{"FieldValueRequired | spec.containers | Required value"}));
    const json pod = json::parse(R"({"spec":{"restartPolicy":"Sometimes","containers":[
        {"name":"a"},
        {"name":"a","image":"x"},
        {"name":"Bad","image":"y","ports":[{"containerPort":70000},{"containerPort":80,"protocol":"HTTP"}]}]}})");
    EXPECT_EQ(described(validateObject(pod, "Pod")),
              (std::vector<std::string>{
                  "FieldValueRequired | spec.containers[0].image | Required value",
                  "FieldValueDuplicate | spec.containers[1].name | Duplicate value: \"a\"",
                  "FieldValueInvalid | spec.containers[2].name | Invalid value: \"Bad\": " + kLabelMessage,
                  "FieldValueInvalid | spec.containers[2].ports[0].containerPort | Invalid value: 70000: must be "
                  "between 1 and 65535, inclusive",
                  "FieldValueNotSupported | spec.containers[2].ports[1].protocol | Unsupported value: \"HTTP\": "
                  "supported values: \"SCTP\", \"TCP\", \"UDP\"",
                  "FieldValueNotSupported | spec.restartPolicy | Unsupported value: \"Sometimes\": supported values: "
                  "\"Always\", \"OnFailure\", \"Never\""}));
}

TEST(Validation, KindSpecificRequiredFields)
{
    const json job = json::parse(R"({"spec":{"template":{"spec":{"containers":[{"name":"main","image":"x"}]}}}})");
    EXPECT_EQ(described(validateObject(job, "Job")),
              (std::vector<std::string>{"FieldValueNotSupported | spec.template.spec.restartPolicy | Unsupported "
                                        "value: \"Always\": supported values: \"OnFailure\", \"Never\""}));
    json runnable = job;
    runnable["spec"]["template"]["spec"]["restartPolicy"] = "Never";
    EXPECT_TRUE(validateObject(runnable, "Job").empty());

    EXPECT_EQ(described(validateObject({{"spec", json::object()}}, "PersistentVolumeClaim")),
              (std::vector<std::string>{
                  "FieldValueRequired | spec.accessModes | Required value: at least 1 access mode is required",
                  "FieldValueRequired | spec.resources[storage] | Required value"}));
    EXPECT_EQ(described(validateObject({{"spec", {{"nodeGroups", json::array()}}}}, "LocalModelCache")),
              (std::vector<std::string>{
                  "FieldValueRequired | spec.sourceModelUri | Required value",
                  "FieldValueRequired | spec.modelSize | Required value",
                  "FieldValueInvalid | spec.nodeGroups | Invalid value: 0: spec.nodeGroups in body should have at "
                  "least 1 items"}));
    EXPECT_TRUE(validateObject(json::parse(R"({"spec":{"sourceModelUri":"hf://m","modelSize":"10Gi",
        "nodeGroups":["gpu"]}})"), "LocalModelCache").empty());
    EXPECT_EQ(described(validateObject(json::object(), "InferenceService")),
              (std::vector<std::string>{"FieldValueRequired | spec.predictor | Required value"}));
    EXPECT_EQ(described(validateObject(json::object(), "MachineSet")),
              (std::vector<std::string>{"FieldValueRequired | spec.clusterName | Required value",
                                        "FieldValueRequired | spec.selector | Required value"}));
    EXPECT_TRUE(validateObject(json::object(), "Node").empty());
    EXPECT_TRUE(validateObject(json::object(), "Namespace").empty());
}

TEST(Validation, EventNamespaceMustMatchItsObject)
{
    json event = json::parse(R"({"metadata":{"name":"e","namespace":"default"},
        "involvedObject":{"kind":"Pod","name":"web","namespace":"other"},"message":"hi"})");
    EXPECT_EQ(described(validateObject(event, "Event")),
              (std::vector<std::string>{"FieldValueInvalid | involvedObject.namespace | Invalid value: \"other\": "
                                        "does not match event.namespace"}));
    event["involvedObject"]["namespace"] = "default";
    EXPECT_TRUE(validateObject(event, "Event").empty());
    event["message"] = std::string(1025, 'm');
    EXPECT_EQ(described(validateObject(event, "Event")),
              (std::vector<std::string>{"FieldValueInvalid | message | Invalid value: \"\": can have at most 1024 "
                                        "characters"}));
}

TEST(Validation, ToleratesHostileObjects)
{
    json deep = 1;
    for (int i = 0; i < 5000; ++i)
        deep = json{{"metadata", std::move(deep)}};
    EXPECT_EQ(validateObjectMeta(deep, "Pod", true).size(), 1u);
    EXPECT_EQ(validateObject(deep, "Pod").size(), 1u);

    for (const json &odd : {json(nullptr), json(3), json::array({1, 2}), json::parse(R"({"metadata":[]})"),
                            json::parse(R"({"metadata":{"name":5,"labels":{"a":1},"finalizers":[1]}})"),
                            json::parse(R"({"spec":{"containers":[1,"x",null,{"ports":"p"}]}})")}) {
        EXPECT_NO_THROW(validateObjectMeta(odd, "Pod", true)) << odd.dump();
        EXPECT_NO_THROW(validateObject(odd, "Pod")) << odd.dump();
        EXPECT_NO_THROW(validateObject(odd, "Event")) << odd.dump();
    }
}
