// The form's YAML and the way a user's YAML is read back: what the form can show,
// what it cannot (named like validation names fields), and what cannot be read.

#include "widgets/deploy/deployyaml.h"

#include <QTest>

using namespace gantry;
namespace actions = gantry::actions;

namespace {

actions::DeploySpec qwenSpec()
{
    actions::DeploySpec spec;
    spec.name = "qwen";
    spec.storageUri = "hf://Qwen/Qwen2.5-7B-Instruct";
    spec.gpus = 2;
    spec.maxModelLen = 8192;
    spec.extraArgs = {"--enable-prefix-caching"};
    spec.scaling.minReplicas = 1;
    spec.scaling.maxReplicas = 3;
    spec.scaling.scaleDownDelaySeconds = 300;
    return spec;
}

const actions::TemplateLibrary &templates()
{
    static const actions::TemplateLibrary library;
    return library;
}

std::string renderedYaml(const actions::DeploySpec &spec)
{
    const auto yaml = formYaml(spec, templates());
    if (!yaml)
        qFatal("the built-in template does not render: %s", actions::problemsText(yaml.error()).c_str());
    return *yaml;
}

std::string replaced(std::string text, const std::string &from, const std::string &to)
{
    const std::size_t at = text.find(from);
    if (at == std::string::npos)
        qFatal("no \"%s\" in the YAML", from.c_str());
    return text.replace(at, from.size(), to);
}

} // namespace

class TestDeployYaml : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theFormsYamlLeavesOutWhatIsUnset()
    {
        const std::string yaml = renderedYaml(qwenSpec());
        QVERIFY(yaml.find("null") == std::string::npos);
        QVERIFY2(yaml.rfind("apiVersion: serving.kserve.io/v1beta1", 0) == 0, "the template's header is for authors");
        QVERIFY(yaml.find("autoscaling.knative.dev/scale-down-delay: \"300s\"") != std::string::npos);
        QVERIFY(yaml.find("autoscaling.knative.dev/target:") == std::string::npos);
        QVERIFY2(yaml.find("Standard mode only") == std::string::npos, "comments go with the lines they explain");
        QVERIFY(yaml.find("# Engine arguments") != std::string::npos);
    }

    void theFormsOwnYamlReadsBackWhole()
    {
        const actions::DeploySpec spec = qwenSpec();
        const DeployYamlReading reading = readDeployYaml(renderedYaml(spec), "default", templates());
        QVERIFY(reading.readable);
        QVERIFY(reading.problems.empty());
        QVERIFY2(reading.formCanShowAll(), reading.formCannotShow.empty() ? "" : reading.formCannotShow[0].c_str());
        QCOMPARE(reading.spec.name, spec.name);
        QCOMPARE(reading.spec.gpus, spec.gpus);
        QCOMPARE(reading.spec.maxModelLen, spec.maxModelLen);
        QCOMPARE(reading.spec.extraArgs, spec.extraArgs);
        QCOMPARE(reading.spec.scaling.maxReplicas, spec.scaling.maxReplicas);
        QCOMPARE(reading.spec.scaling.scaleDownDelaySeconds, spec.scaling.scaleDownDelaySeconds);
    }

    void equivalentSpellingsAreNoDifference()
    {
        std::string yaml = renderedYaml(qwenSpec());
        yaml = replaced(yaml, "\"300s\"", "\"5m\"");
        yaml = replaced(yaml, "nvidia.com/gpu: \"2\"", "nvidia.com/gpu: 2");
        const DeployYamlReading reading = readDeployYaml(yaml, "default", templates());
        QVERIFY2(reading.formCanShowAll(), reading.formCannotShow.empty() ? "" : reading.formCannotShow[0].c_str());
    }

    void whatTheFormCannotShowIsNamed()
    {
        std::string yaml = renderedYaml(qwenSpec());
        yaml = replaced(yaml, "    app.kubernetes.io/managed-by: gantry\n",
                        "    app.kubernetes.io/managed-by: gantry\n    team: inference\n");
        yaml = replaced(yaml, "      runtime:", "      env: [{name: HF_HUB_OFFLINE, value: \"1\"}]\n      runtime:");
        const DeployYamlReading reading = readDeployYaml(yaml, "default", templates());
        QVERIFY(reading.readable);
        const std::vector<std::string> expected = {"metadata.labels.team", "spec.predictor.model.env"};
        QCOMPARE(reading.formCannotShow, expected);
        QCOMPARE(reading.spec.scaling.maxReplicas, std::optional<std::int64_t>(3)); // the rest still reaches the form

        const DeployYamlReading annotated =
            readDeployYaml(replaced(renderedYaml(qwenSpec()), "  annotations:\n",
                                    "  annotations:\n    prometheus.io/scrape: \"true\"\n"),
                           "default", templates());
        QCOMPARE(annotated.formCannotShow, std::vector<std::string>{"metadata.annotations[prometheus.io/scrape]"});
    }

    void invalidFieldsStillReachTheForm()
    {
        const std::string yaml = replaced(renderedYaml(qwenSpec()), "hf://Qwen/Qwen2.5-7B-Instruct", "ftp://x/y");
        const DeployYamlReading reading = readDeployYaml(yaml, "default", templates());
        QVERIFY(reading.readable);
        QVERIFY(reading.formCanShowAll());
        QCOMPARE(reading.spec.storageUri, std::string("ftp://x/y"));
        QCOMPARE(reading.problems.size(), std::size_t(1));
        QCOMPARE(reading.problems[0].field, std::string("spec.predictor.model.storageUri"));
    }

    void unreadableYamlSaysWhereAndWhy()
    {
        const DeployYamlReading broken = readDeployYaml("apiVersion: serving.kserve.io/v1beta1\nkind: [\n", "default",
                                                        templates());
        QVERIFY(!broken.readable);
        QVERIFY(!broken.problems.empty());
        QVERIFY(actions::problemsText(broken.problems).find("line 3, column 1") != std::string::npos);

        const DeployYamlReading pod = readDeployYaml("apiVersion: v1\nkind: Pod\nmetadata: {name: x}\n", "default",
                                                     templates());
        QVERIFY(!pod.readable);
        QVERIFY(actions::problemsText(pod.problems).find("must be InferenceService") != std::string::npos);
    }

    void aMissingNamespaceTakesTheDefault()
    {
        std::string yaml = replaced(renderedYaml(qwenSpec()), "  namespace: \"default\"\n", "");
        const DeployYamlReading reading = readDeployYaml(yaml, "team-a", templates());
        QCOMPARE(reading.spec.namespaceName, std::string("team-a"));
        QVERIFY(reading.formCanShowAll());
    }

    void noArgumentListIsLikeAnEmptyOne()
    {
        actions::DeploySpec spec = qwenSpec();
        spec.maxModelLen.reset();
        spec.extraArgs.clear();
        const DeployYamlReading reading =
            readDeployYaml(replaced(renderedYaml(spec), "      args: []\n", ""), "default", templates());
        QVERIFY2(reading.formCanShowAll(), reading.formCannotShow.empty() ? "" : reading.formCannotShow[0].c_str());
    }

    void argumentsWithSpacesAreBeyondTheForm()
    {
        actions::DeploySpec spec = qwenSpec();
        spec.extraArgs = {"--chat-template", "hello world"};
        const DeployYamlReading reading = readDeployYaml(renderedYaml(spec), "default", templates());
        QCOMPARE(reading.formCannotShow, std::vector<std::string>{"spec.predictor.model.args[2]"});
    }
};

QTEST_GUILESS_MAIN(TestDeployYaml)
#include "tst_deployyaml.moc"
