#include "sim/apimachinery/fieldselector.h"

#include "nginxpod.h"

#include <gtest/gtest.h>

using gantry::sim::FieldSelector;
using nlohmann::json;

namespace {

FieldSelector parseOk(const std::string &text, const std::string &kind)
{
    std::string error;
    const auto selector = FieldSelector::parse(text, kind, &error);
    EXPECT_TRUE(selector) << text << ": " << error;
    return selector.value_or(FieldSelector());
}

std::string parseError(const std::string &text, const std::string &kind)
{
    std::string error;
    const auto selector = FieldSelector::parse(text, kind, &error);
    EXPECT_FALSE(selector) << text << " parsed";
    return error;
}

json event(const std::string &involvedName, const std::string &sourceComponent)
{
    return {{"kind", "Event"},
            {"metadata", {{"name", "e1"}, {"namespace", "default"}}},
            {"involvedObject", {{"kind", "Pod"}, {"name", involvedName}, {"namespace", "default"}}},
            {"reason", "Scheduled"},
            {"type", "Normal"},
            {"source", {{"component", sourceComponent}}},
            {"reportingComponent", "default-scheduler"}};
}

} // namespace

TEST(FieldSelector, ParsesAndMatchesPodFields)
{
    const FieldSelector selector = parseOk("spec.nodeName=kube-worker-1,status.phase!=Failed", "Pod");
    ASSERT_EQ(selector.requirements().size(), 2u);
    EXPECT_EQ(selector.requirements()[0].field, "spec.nodeName");
    EXPECT_TRUE(selector.requirements()[0].equals);
    EXPECT_EQ(selector.requirements()[0].value, "kube-worker-1");
    EXPECT_EQ(selector.requirements()[1].field, "status.phase");
    EXPECT_FALSE(selector.requirements()[1].equals);
    EXPECT_EQ(selector.requirements()[1].value, "Failed");

    json pod = nginxPod();
    EXPECT_TRUE(selector.matches(pod));
    pod["status"]["phase"] = "Failed";
    EXPECT_FALSE(selector.matches(pod));
    EXPECT_FALSE(parseOk("spec.nodeName=n1,status.phase!=Failed", "Pod").matches(nginxPod()));
}

TEST(FieldSelector, EveryOperatorSpelling)
{
    const json pod = nginxPod();
    struct Case
    {
        std::string selector;
        bool matches;
    };
    const Case cases[] = {
        {"metadata.name=nginx-deployment-67d4bdd6f5-w6kd7", true},
        {"metadata.name==nginx-deployment-67d4bdd6f5-w6kd7", true},
        {"metadata.name!=nginx-deployment-67d4bdd6f5-w6kd7", false},
        {"metadata.namespace=default", true},
        {"metadata.namespace!=default", false},
        {"spec.restartPolicy=Always", true},
        {"spec.schedulerName=default-scheduler", true},
        {"spec.serviceAccountName=default", true},
        {"spec.hostNetwork=false", true},
        {"status.podIP=10.88.0.3", true},
        {"status.nominatedNodeName=", true},
        {"status.podIPs=10.88.0.3", false},
        {"spec.host=kube-worker-1", true},
        {"", true},
        {",", true},
    };
    for (const Case &c : cases) {
        SCOPED_TRACE(c.selector);
        EXPECT_EQ(parseOk(c.selector, "Pod").matches(pod), c.matches);
    }
}

TEST(FieldSelector, OldSpecHostIsReadAsNodeName)
{
    const FieldSelector selector = parseOk("spec.host=n1", "Pod");
    EXPECT_EQ(selector.requirements().front().field, "spec.nodeName");
    EXPECT_EQ(parseError("spec.host=n1", "Node"), "field label not supported: spec.host");
}

TEST(FieldSelector, UnsupportedFieldsFailAsOnTheServer)
{
    EXPECT_EQ(parseError("spec.containers=x", "Pod"), "field label not supported: spec.containers");
    // Node and Namespace register their own, shorter, lists.
    EXPECT_EQ(parseError("metadata.namespace=default", "Node"), "field label not supported: metadata.namespace");
    EXPECT_EQ(parseError("metadata.namespace=default", "Namespace"), "field label not supported: metadata.namespace");
    EXPECT_EQ(parseError("reason=x", "Pod"), "field label not supported: reason");
    // Built-in kinds without a list of their own use the default conversion.
    EXPECT_EQ(parseError("spec.volumeName=pv1", "PersistentVolumeClaim"),
              "\"spec.volumeName\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    // Custom resources know only their metadata.
    EXPECT_EQ(parseError("spec.predictor=x", "InferenceService"), "field label not supported: spec.predictor");
    EXPECT_TRUE(FieldSelector::parse("metadata.name=x", "InferenceService", nullptr));
    // Terms are sorted before conversion, so the first unsupported field in that order is named.
    EXPECT_EQ(parseError("zeta=1,alpha=2", "Pod"), "field label not supported: alpha");
    // No trimming: the space belongs to the field name.
    EXPECT_EQ(parseError("spec.nodeName =n1", "Pod"), "field label not supported: spec.nodeName ");
}

TEST(FieldSelector, SyntaxErrorsComeBeforeConversion)
{
    EXPECT_EQ(parseError("spec.nodeName", "Pod"),
              "invalid selector: 'spec.nodeName'; can't understand 'spec.nodeName'");
    EXPECT_EQ(parseError("nosuch=1,spec.nodeName", "Pod"),
              "invalid selector: 'nosuch=1,spec.nodeName'; can't understand 'spec.nodeName'");
    EXPECT_EQ(parseError("metadata.name=a=b", "Pod"), "invalid field selector: unescaped character in value: 61");
    EXPECT_EQ(parseError("metadata.name=a\\x", "Pod"), "invalid field selector: invalid escape sequence: \\x");
    EXPECT_EQ(parseError("metadata.name=a\\", "Pod"), "invalid field selector: invalid escape sequence: \\");
}

TEST(FieldSelector, EscapedValues)
{
    const FieldSelector selector = parseOk("metadata.name=a\\,b\\=c\\\\d", "Pod");
    ASSERT_EQ(selector.requirements().size(), 1u);
    EXPECT_EQ(selector.requirements().front().value, "a,b=c\\d");
    const json pod = {{"metadata", {{"name", "a,b=c\\d"}}}};
    EXPECT_TRUE(selector.matches(pod));
}

TEST(FieldSelector, EventInvolvedObjectAndSource)
{
    const FieldSelector selector = parseOk("involvedObject.name=web-0,involvedObject.kind=Pod,type=Normal", "Event");
    EXPECT_TRUE(selector.matches(event("web-0", "kubelet")));
    EXPECT_FALSE(selector.matches(event("web-1", "kubelet")));

    // "source" is source.component, or reportingComponent when that is empty.
    EXPECT_TRUE(parseOk("source=kubelet", "Event").matches(event("web-0", "kubelet")));
    EXPECT_TRUE(parseOk("source=default-scheduler", "Event").matches(event("web-0", "")));
    EXPECT_TRUE(parseOk("reportingComponent=default-scheduler,reason=Scheduled", "Event").matches(event("x", "")));
}

TEST(FieldSelector, FieldValuesAsTheServerComparesThem)
{
    const json node = {{"metadata", {{"name", "n1"}}}, {"spec", {{"unschedulable", true}}}};
    EXPECT_EQ(FieldSelector::fieldValue(node, "spec.unschedulable"), "true");
    EXPECT_EQ(FieldSelector::fieldValue(json::object(), "spec.unschedulable"), "false");
    EXPECT_TRUE(parseOk("spec.unschedulable=false", "Node").matches({{"metadata", {{"name", "n2"}}}}));

    const json job = {{"status", {{"succeeded", 2}}}};
    EXPECT_EQ(FieldSelector::fieldValue(job, "status.successful"), "2");
    EXPECT_EQ(FieldSelector::fieldValue(json::object(), "status.successful"), "0");

    json pod = nginxPod();
    EXPECT_EQ(FieldSelector::fieldValue(pod, "status.podIP"), "10.88.0.3");
    pod["status"].erase("podIPs");
    EXPECT_EQ(FieldSelector::fieldValue(pod, "status.podIP"), "10.88.0.3");
    EXPECT_EQ(FieldSelector::fieldValue(pod, "metadata.missing"), "");
    EXPECT_EQ(FieldSelector::fieldValue(nullptr, "metadata.name"), "");
    EXPECT_EQ(FieldSelector::fieldValue(json::array(), "spec.nodeName"), "");
}
