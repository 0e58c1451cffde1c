#include "backend/metrics/expositionparser.h"

#include "metricsfixtures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <string>

using namespace gantry::metrics;
using gantry::test::readMetricsFixture;
using gantry::test::sampleOf;

namespace {

std::vector<std::string> issueTexts(const MetricFamilies &parsed)
{
    std::vector<std::string> texts;
    for (const ParseIssue &issue : parsed.issues())
        texts.push_back(issue.toString());
    return texts;
}

} // namespace

// ---------------------------------------------------------------------------
// Real scrapes (tests/fixtures/metrics, see SOURCES.md there)

TEST(ExpositionFixtures, VllmQwenScrapeKeepsEverythingBeforeTheCutLine)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("vllm-production-stack-318-qwen2.5-coder-32b.excerpt.prom"));

    // The excerpt ends with the partial line "vllm:gpu_prefix".
    EXPECT_EQ(
        issueTexts(parsed), std::vector<std::string> { "line 24, column 16: expected a value, found end of line" });
    EXPECT_EQ(parsed.families().size(), 8u);
    EXPECT_EQ(parsed.sampleCount(), 7u);

    const MetricFamily *running = parsed.find("vllm:num_requests_running");
    ASSERT_NE(running, nullptr);
    EXPECT_EQ(running->type, MetricType::Gauge);
    EXPECT_EQ(running->help, "Number of requests in model execution batches.");
    ASSERT_EQ(running->samples.size(), 1u);
    const Sample &sample = running->samples[0];
    EXPECT_EQ(sample.name, "vllm:num_requests_running");
    ASSERT_EQ(sample.labels.size(), 1u);
    EXPECT_EQ(sample.labels[0], (Label { "model_name", "Qwen/Qwen2.5-Coder-32B-Instruct" }));
    EXPECT_EQ(sample.value, 0.0);
    EXPECT_FALSE(sample.timestampMs.has_value());

    EXPECT_DOUBLE_EQ(sampleOf(parsed, "process_start_time_seconds").value, 1742624005.57);
    EXPECT_DOUBLE_EQ(sampleOf(parsed, "process_cpu_seconds_total").value, 439.71999999999997);
    EXPECT_EQ(sampleOf(parsed, "process_max_fds").value, 1048576.0);
    EXPECT_EQ(parsed.find("process_cpu_seconds_total")->type, MetricType::Counter);
    // The deprecated name is still served by this version.
    EXPECT_EQ(
        sampleOf(parsed, "vllm:gpu_cache_usage_perc", { { "model_name", "Qwen/Qwen2.5-Coder-32B-Instruct" } }).value,
        0.0);

    // Its TYPE line survived the cut; its sample did not.
    const MetricFamily *queries = parsed.find("vllm:gpu_prefix_cache_queries_total");
    ASSERT_NE(queries, nullptr);
    EXPECT_EQ(queries->type, MetricType::Counter);
    EXPECT_TRUE(queries->samples.empty());
}

TEST(ExpositionFixtures, VllmGlmV1ScrapeHasEngineLabelsAndCreatedGauges)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-kv-prefix.excerpt.prom"));

    // The excerpt ends with "# HELP vllm:p": a HELP line cut right after its name.
    EXPECT_EQ(issueTexts(parsed),
        std::vector<std::string> {
            "line 16, column 14: expected help text after metric name 'vllm:p', found end of line" });
    EXPECT_EQ(parsed.find("vllm:p"), nullptr);
    EXPECT_EQ(parsed.families().size(), 5u);

    const Sample *usage =
        parsed.findSample("vllm:kv_cache_usage_perc", { { "engine", "0" }, { "model_name", "zai-org/GLM-4.5" } });
    ASSERT_NE(usage, nullptr);
    EXPECT_DOUBLE_EQ(usage->value, 9.75010481363281e-06);
    EXPECT_EQ(usage->labels.size(), 2u);

    const MetricFamily *queries = parsed.find("vllm:prefix_cache_queries_total");
    ASSERT_NE(queries, nullptr);
    EXPECT_EQ(queries->type, MetricType::Counter);
    EXPECT_EQ(queries->help, "Prefix cache queries, in terms of number of queried tokens.");
    EXPECT_EQ(queries->samples.at(0).value, 32.0);

    // prometheus_client in text format 0.0.4 exposes `_created` as a gauge family of its own.
    const MetricFamily *created = parsed.find("vllm:gpu_prefix_cache_hits_created");
    ASSERT_NE(created, nullptr);
    EXPECT_EQ(created->type, MetricType::Gauge);
    EXPECT_DOUBLE_EQ(created->samples.at(0).value, 1.7537953269353123e+09);
    EXPECT_EQ(parsed.familyOf("vllm:gpu_prefix_cache_hits_total"), parsed.find("vllm:gpu_prefix_cache_hits_total"));
}

TEST(ExpositionFixtures, VllmGlmHistogramGroupsBucketsUnderTheFamily)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("vllm-production-stack-617-glm-4.5-v1-tpot-histogram.excerpt.prom"));

    EXPECT_EQ(
        issueTexts(parsed), std::vector<std::string> { "line 15, column 36: expected a value, found end of line" });
    const MetricFamily *tpot = parsed.find("vllm:time_per_output_token_seconds");
    ASSERT_NE(tpot, nullptr);
    EXPECT_EQ(tpot->type, MetricType::Histogram);
    EXPECT_EQ(tpot->help, "Histogram of time per output token in seconds.");
    ASSERT_EQ(tpot->samples.size(), 10u);
    EXPECT_EQ(tpot->samples[3].name, "vllm:time_per_output_token_seconds_bucket");
    EXPECT_EQ(tpot->samples[3].label("le"), "0.075");
    EXPECT_EQ(tpot->samples[3].value, 460.0);
    EXPECT_EQ(tpot->samples[7].label("le"), "0.3");
    EXPECT_EQ(tpot->samples[7].value, 1182.0);
    EXPECT_EQ(parsed.familyOf("vllm:time_per_output_token_seconds_bucket"), tpot);
    // Labels come sorted by name, whatever order the exporter wrote.
    EXPECT_EQ(tpot->samples[0].labels[0].name, "engine");
    EXPECT_EQ(tpot->samples[0].labels[1].name, "le");
    EXPECT_EQ(tpot->samples[0].labels[2].name, "model_name");

    const MetricFamily *created = parsed.find("vllm:time_to_first_token_seconds_created");
    ASSERT_NE(created, nullptr);
    EXPECT_EQ(created->help, "");
    EXPECT_DOUBLE_EQ(created->samples.at(0).value, 1.7537953269358883e+09);
}

TEST(ExpositionFixtures, DcgmH100MigSeriesCarryKServePods)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("dcgm-exporter-512-h100-mig-kserve-pods.excerpt.prom"));

    EXPECT_EQ(issueTexts(parsed), std::vector<std::string> { "line 6, column 44: unterminated value of label 'UUID'" });
    const MetricFamily *active = parsed.find("DCGM_FI_PROF_GR_ENGINE_ACTIVE");
    ASSERT_NE(active, nullptr);
    EXPECT_EQ(active->help, "Ratio of time the graphics engine is active.");
    ASSERT_EQ(active->samples.size(), 3u);

    const Sample *embedding = parsed.findSample("DCGM_FI_PROF_GR_ENGINE_ACTIVE",
        { { "UUID", "GPU-58e8f5ea-13cc-013a-d88f-2bcf5ae8bc77" }, { "GPU_I_ID", "7" } });
    ASSERT_NE(embedding, nullptr);
    EXPECT_EQ(embedding->value, 0.0);
    EXPECT_EQ(embedding->label("gpu"), "0");
    EXPECT_EQ(embedding->label("modelName"), "NVIDIA H100 80GB HBM3");
    EXPECT_EQ(embedding->label("GPU_I_PROFILE"), "1g.10gb");
    EXPECT_EQ(embedding->label({ "hostname", "Hostname" }), "gsrh100-074");
    EXPECT_EQ(embedding->label("DCGM_FI_DRIVER_VERSION"), "535.129.03");
    EXPECT_EQ(
        embedding->label({ "exported_pod", "pod" }), "text-embedding-predictor-00008-deployment-57946f6c67-vdtjl");
    EXPECT_EQ(embedding->label("container"), "kserve-container");
    EXPECT_EQ(embedding->labels.size(), 12u);

    // The MIG instance without a workload has no pod labels at all.
    const Sample *idle = parsed.findSample("DCGM_FI_PROF_GR_ENGINE_ACTIVE", { { "GPU_I_ID", "8" } });
    ASSERT_NE(idle, nullptr);
    EXPECT_EQ(idle->label("pod"), "");
    EXPECT_EQ(idle->labels.size(), 9u);
    EXPECT_EQ(sampleOf(parsed, "DCGM_FI_PROF_GR_ENGINE_ACTIVE", { { "GPU_I_ID", "9" } }).label("pod"),
        "tts-predictor-00011-deployment-5554f75554-8j8pl");
}

TEST(ExpositionFixtures, DcgmA100MpsScrapeIsCompleteAndAttributesTheVllmPod)
{
    const MetricFamilies parsed = parseExposition(readMetricsFixture("dcgm-exporter-pr432-a100-mps-vllm-pod.prom"));

    EXPECT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    const MetricFamily *used = parsed.find("DCGM_FI_DEV_FB_USED");
    ASSERT_NE(used, nullptr);
    EXPECT_EQ(used->type, MetricType::Gauge);
    ASSERT_EQ(used->samples.size(), 2u); // the blank line between them is fine

    const Sample *vllm = parsed.findSample("DCGM_FI_DEV_FB_USED", { { "namespace", "vllm-inference" } });
    ASSERT_NE(vllm, nullptr);
    EXPECT_EQ(vllm->value, 15866.0);
    EXPECT_EQ(vllm->label("container"), "vllm");
    EXPECT_EQ(vllm->label("pod"), "vllm-medgemma-4b-it-d599b4c99-f95nk");
    EXPECT_EQ(vllm->label("vgpu"), "3");
    EXPECT_EQ(vllm->label("modelName"), "NVIDIA A100-SXM4-80GB");
    EXPECT_EQ(vllm->label("UUID"), "GPU-3bc239e1-4cc8-97e4-e817-5a36dfd2885e");
    EXPECT_EQ(sampleOf(parsed, "DCGM_FI_DEV_FB_USED", { { "vgpu", "1" } }).label("pod"),
        "gpu-burn-deployment-1-85dc8ff699-clvh5");
}

TEST(ExpositionFixtures, DcgmMixedNodeWithLowercaseHostname)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("dcgm-exporter-pr736-mixed-gpus-lowercase-hostname.excerpt.prom"));

    // The excerpt ends with `{gpu="0",UUI`.
    EXPECT_EQ(issueTexts(parsed),
        std::vector<std::string> { "line 11, column 32: expected '=' after label name 'UUI', found end of line" });
    EXPECT_EQ(parsed.families().size(), 3u);

    const Sample *decoder = parsed.findSample("DCGM_FI_DEV_DEC_UTIL",
        { { "gpu", "1" }, { "UUID", "GPU-fc60126e-514d-3522-2828-c5daa8e99d85" },
            { "modelName", "NVIDIA RTX 2000 Ada Generation" } });
    ASSERT_NE(decoder, nullptr);
    EXPECT_EQ(decoder->value, 46.0);
    EXPECT_EQ(decoder->label("Hostname"), "");
    EXPECT_EQ(decoder->label({ "hostname", "Hostname" }), "dcgm-exporter-wwwjh");
    EXPECT_EQ(sampleOf(parsed, "DCGM_FI_DEV_ENC_UTIL", { { "gpu", "1" } }).value, 9.0);

    const Sample *a30 = parsed.findSample("DCGM_FI_DEV_FB_FREE", { { "modelName", "NVIDIA A30" } });
    ASSERT_NE(a30, nullptr);
    EXPECT_EQ(a30->value, 2207.0);
    EXPECT_EQ(a30->label("GPU_I_PROFILE"), "1g.6gb");
    EXPECT_EQ(a30->label("GPU_I_ID"), "3");
    EXPECT_EQ(a30->label("pod"), "triton-server-f7cb5d77-95xcf");
    EXPECT_EQ(sampleOf(parsed, "DCGM_FI_DEV_FB_FREE", { { "gpu", "1" } }).value, 11275.0);
}

TEST(ExpositionFixtures, DcgmQuadroT2000Clocks)
{
    const MetricFamilies parsed =
        parseExposition(readMetricsFixture("dcgm-kubermatic-14870-quadro-t2000.excerpt.prom"));

    EXPECT_EQ(
        issueTexts(parsed), std::vector<std::string> { "line 15, column 38: unterminated value of label 'UUID'" });
    const std::pair<const char *, double> expected[] = {
        { "DCGM_FI_DEV_SM_CLOCK", 300 },
        { "DCGM_FI_DEV_MEM_CLOCK", 405 },
        { "DCGM_FI_DEV_MEMORY_TEMP", 0 },
        { "DCGM_FI_DEV_GPU_TEMP", 60 },
    };
    for (const auto &[name, value] : expected) {
        const Sample *sample = parsed.findSample(name,
            { { "gpu", "0" }, { "UUID", "GPU-08533397-8c65-7a0b-003b-c4bd120e67c1" },
                { "modelName", "Quadro T2000" } });
        ASSERT_NE(sample, nullptr) << name;
        EXPECT_EQ(sample->value, value) << name;
        EXPECT_EQ(sample->label("Hostname"), "sheryb");
        EXPECT_EQ(sample->label("DCGM_FI_DRIVER_VERSION"), "570.169");
    }
    EXPECT_EQ(parsed.find("DCGM_FI_DEV_GPU_TEMP")->help, "GPU temperature (in C).");
    EXPECT_TRUE(parsed.find("DCGM_FI_DEV_POWER_USAGE")->samples.empty());
}

// ---------------------------------------------------------------------------
// Syntax

TEST(ExpositionSyntax, UnescapesLabelValuesAndKeepsUtf8)
{
    const MetricFamilies parsed = parseExposition(
        "m{path=\"C:\\\\models\\\\qwen\",quote=\"say \\\"hi\\\"\",lines=\"a\\nb\",model=\"Qwen2.5 – 中文 🚀\"} 1\n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    const Sample &sample = parsed.families().at(0).samples.at(0);
    EXPECT_EQ(sample.label("path"), "C:\\models\\qwen");
    EXPECT_EQ(sample.label("quote"), "say \"hi\"");
    EXPECT_EQ(sample.label("lines"), "a\nb");
    EXPECT_EQ(sample.label("model"), "Qwen2.5 – 中文 🚀");
}

TEST(ExpositionSyntax, UnescapesHelpText)
{
    const MetricFamilies parsed = parseExposition("# HELP m First line\\nsecond with C:\\\\path and \"quotes\"\nm 1\n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    EXPECT_EQ(parsed.find("m")->help, "First line\nsecond with C:\\path and \"quotes\"");
}

TEST(ExpositionSyntax, ReadsGoStyleFloatsAndSpecialValues)
{
    const MetricFamilies parsed = parseExposition("a NaN\nb +Inf\nc -Inf\nd Inf\ne nan\nf 1e-3\ng -0.5\nh .5\n"
                                                  "i 1E6\nj +7\nk -0\nl 1.7976931348623157e308\n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    const auto value = [&](const char *name) { return sampleOf(parsed, name).value; };
    EXPECT_TRUE(std::isnan(value("a")));
    EXPECT_EQ(value("b"), INFINITY);
    EXPECT_EQ(value("c"), -INFINITY);
    EXPECT_EQ(value("d"), INFINITY);
    EXPECT_TRUE(std::isnan(value("e")));
    EXPECT_EQ(value("f"), 0.001);
    EXPECT_EQ(value("g"), -0.5);
    EXPECT_EQ(value("h"), 0.5);
    EXPECT_EQ(value("i"), 1e6);
    EXPECT_EQ(value("j"), 7.0);
    EXPECT_TRUE(std::signbit(value("k")));
    EXPECT_EQ(value("l"), 1.7976931348623157e308);
}

TEST(ExpositionSyntax, ReadsTimestamps)
{
    const MetricFamilies parsed =
        parseExposition("a 1 1700000000123\nb{x=\"y\"} 2 -5\nc 3\nd 4 9223372036854775807\ne\t5\t\t+42  \n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    EXPECT_EQ(sampleOf(parsed, "a").timestampMs, 1700000000123);
    EXPECT_EQ(sampleOf(parsed, "b").timestampMs, -5);
    EXPECT_FALSE(sampleOf(parsed, "c").timestampMs.has_value());
    EXPECT_EQ(sampleOf(parsed, "d").timestampMs, INT64_MAX);
    EXPECT_EQ(sampleOf(parsed, "e").timestampMs, 42);
    EXPECT_EQ(sampleOf(parsed, "e").value, 5.0);
}

TEST(ExpositionSyntax, AcceptsCrLfBlankLinesCommentsAndLooseBraces)
{
    const MetricFamilies parsed = parseExposition("# a plain comment\r\n\r\n# HELP m Help.\r\n# TYPE m gauge\r\n"
                                                  "   m{a=\"1\",} 1\r\nm{} 2\r\nm { b = \"3\" } 3\r\n#\r\n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    const MetricFamily *m = parsed.find("m");
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m->help, "Help.");
    ASSERT_EQ(m->samples.size(), 3u);
    EXPECT_EQ(m->samples[0].label("a"), "1");
    EXPECT_TRUE(m->samples[1].labels.empty());
    EXPECT_EQ(m->samples[2].label("b"), "3");
    EXPECT_EQ(m->samples[2].value, 3.0);
}

TEST(ExpositionSyntax, KeepsALastLineWithoutNewlineButFlagsIt)
{
    const MetricFamilies parsed = parseExposition("a 1\nb 2");
    EXPECT_EQ(parsed.sampleCount(), 2u);
    EXPECT_EQ(sampleOf(parsed, "b").value, 2.0);
    EXPECT_EQ(issueTexts(parsed),
        std::vector<std::string> { "line 2, column 4: no newline at end of input; the last line may be truncated" });

    EXPECT_TRUE(parseExposition("a 1\n").issues().empty());
    EXPECT_TRUE(parseExposition("").issues().empty());
    EXPECT_TRUE(parseExposition("a 1\n  ").issues().empty());
}

TEST(ExpositionSyntax, SortsLabelsAndInternsRepeatedStrings)
{
    const MetricFamilies parsed = parseExposition("m{z=\"1\",a=\"host\",m=\"3\"} 1\nm{m=\"4\",a=\"host\",z=\"5\"} 2\n");
    const auto &samples = parsed.find("m")->samples;
    ASSERT_EQ(samples.size(), 2u);
    for (const Sample &sample : samples) {
        ASSERT_EQ(sample.labels.size(), 3u);
        EXPECT_EQ(sample.labels[0].name, "a");
        EXPECT_EQ(sample.labels[1].name, "m");
        EXPECT_EQ(sample.labels[2].name, "z");
    }
    // One stored copy per distinct string.
    EXPECT_EQ(samples[0].labels[0].name.data(), samples[1].labels[0].name.data());
    EXPECT_EQ(samples[0].labels[0].value.data(), samples[1].labels[0].value.data());
    EXPECT_EQ(samples[0].name.data(), samples[1].name.data());
}

TEST(ExpositionSyntax, GroupsHistogramSummaryAndCounterSeries)
{
    const MetricFamilies parsed = parseExposition(R"(# TYPE ttft histogram
ttft_bucket{le="0.1"} 1
ttft_bucket{le="+Inf"} 2
ttft_sum 0.3
ttft_count 2
ttft_created 1.7e9
# TYPE rpc summary
rpc{quantile="0.5"} 0.2
rpc{quantile="0.99"} 1.5
rpc_sum 12
rpc_count 30
# TYPE tokens counter
tokens_total{model_name="m"} 42
tokens_created{model_name="m"} 1.7e9
# TYPE plain_total counter
plain_total 5
# TYPE plain_created gauge
plain_created 1.7e9
untyped_metric 3
)");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    ASSERT_EQ(parsed.families().size(), 6u);
    EXPECT_EQ(parsed.find("ttft")->samples.size(), 5u);
    EXPECT_EQ(parsed.find("rpc")->samples.size(), 4u);
    EXPECT_EQ(parsed.find("tokens")->samples.size(), 2u);
    EXPECT_EQ(parsed.find("tokens")->type, MetricType::Counter);
    EXPECT_EQ(parsed.find("plain_total")->samples.size(), 1u);
    EXPECT_EQ(parsed.find("plain_created")->type, MetricType::Gauge);
    EXPECT_EQ(parsed.find("untyped_metric")->type, MetricType::Untyped);

    EXPECT_EQ(parsed.familyOf("ttft_bucket"), parsed.find("ttft"));
    EXPECT_EQ(parsed.familyOf("ttft_created"), parsed.find("ttft"));
    EXPECT_EQ(parsed.familyOf("rpc_count"), parsed.find("rpc"));
    EXPECT_EQ(parsed.familyOf("tokens_total"), parsed.find("tokens"));
    EXPECT_EQ(parsed.familyOf("tokens_created"), parsed.find("tokens"));
    EXPECT_EQ(parsed.familyOf("plain_total"), parsed.find("plain_total"));
    EXPECT_EQ(parsed.familyOf("plain_created"), parsed.find("plain_created"));
    EXPECT_EQ(parsed.familyOf("ttft"), nullptr);
    EXPECT_EQ(sampleOf(parsed, "tokens_total", { { "model_name", "m" } }).value, 42.0);
    EXPECT_EQ(sampleOf(parsed, "rpc", { { "quantile", "0.99" } }).value, 1.5);
    EXPECT_EQ(metricTypeName(parsed.find("rpc")->type), "summary");
}

TEST(ExpositionSyntax, SamplesOfAnEarlierFamilyRejoinIt)
{
    const MetricFamilies parsed = parseExposition("# TYPE a gauge\na{x=\"1\"} 1\n# TYPE b gauge\nb 2\na{x=\"2\"} 3\n");
    ASSERT_TRUE(parsed.issues().empty()) << issueTexts(parsed).front();
    EXPECT_EQ(parsed.families().size(), 2u);
    EXPECT_EQ(parsed.find("a")->samples.size(), 2u);
}

TEST(ExpositionSyntax, ResultsOutliveTheInputAndTheParser)
{
    MetricFamilies first;
    MetricFamilies copy;
    {
        ExpositionParser parser;
        std::string text = "m{host=\"gpu-node-1\"} 1\n";
        first = parser.parse(text);
        text.assign(text.size(), 'x');
        // The parser remembers recent strings between lines; a second parse must
        // not confuse them with the first result's.
        const MetricFamilies second = parser.parse("m{host=\"gpu-node-2\"} 2\n");
        EXPECT_EQ(sampleOf(second, "m").label("host"), "gpu-node-2");
        copy = second;
    }
    EXPECT_EQ(sampleOf(first, "m").label("host"), "gpu-node-1");
    EXPECT_EQ(sampleOf(copy, "m").label("host"), "gpu-node-2");
}

// ---------------------------------------------------------------------------
// Malformed input

struct MalformedLine
{
    const char *name;
    const char *line;
    std::size_t column;
    const char *message;
};

class ExpositionMalformedLine : public testing::TestWithParam<MalformedLine> { };

TEST_P(ExpositionMalformedLine, IsSkippedAndReportedWithItsPosition)
{
    const MalformedLine &bad = GetParam();
    const MetricFamilies parsed = parseExposition("before 1\n" + std::string(bad.line) + "\nafter 2\n");
    ASSERT_EQ(parsed.issues().size(), 1u) << bad.line;
    EXPECT_EQ(parsed.issues()[0].line, 2u);
    EXPECT_EQ(parsed.issues()[0].column, bad.column) << bad.line;
    EXPECT_EQ(parsed.issues()[0].message, bad.message);
    // Neighbouring lines are unaffected.
    EXPECT_EQ(sampleOf(parsed, "before").value, 1.0);
    EXPECT_EQ(sampleOf(parsed, "after").value, 2.0);
}

INSTANTIATE_TEST_SUITE_P(Lines, ExpositionMalformedLine,
    testing::Values(MalformedLine { "MetricNameStartsWithDigit", "3foo 1", 1, "expected metric name, found '3'" },
        MalformedLine { "NoMetricName", "{a=\"b\"} 1", 1, "expected metric name, found '{'" },
        MalformedLine {
            "HtmlErrorPage", "<html><body>502 Bad Gateway</body></html>", 1, "expected metric name, found '<'" },
        MalformedLine { "BinaryBytes", "\x01\x02 binary", 1, "expected metric name, found byte 0x01" },
        MalformedLine { "DashInMetricName", "foo-bar 1", 4, "invalid character '-' in metric name" },
        MalformedLine { "UnterminatedLabelValue", "foo{a=\"b} 1", 7, "unterminated value of label 'a'" },
        MalformedLine { "EscapedClosingQuote", "foo{a=\"b\\\"} 1", 7, "unterminated value of label 'a'" },
        MalformedLine {
            "UnknownLabelEscape", "foo{a=\"x\\qy\"} 1", 9, "invalid escape sequence '\\q' in value of label 'a'" },
        MalformedLine { "InvalidUtf8Byte", "foo{a=\"x\xff\"} 1", 9, "invalid UTF-8 in value of label 'a'" },
        MalformedLine { "TruncatedUtf8", "foo{a=\"caf\xc3\"} 1", 11, "invalid UTF-8 in value of label 'a'" },
        MalformedLine { "Utf8Surrogate", "foo{a=\"\xed\xa0\x80\"} 1", 8, "invalid UTF-8 in value of label 'a'" },
        MalformedLine { "LabelNameStartsWithDigit", "foo{1a=\"b\"} 1", 5, "expected label name, found '1'" },
        MalformedLine { "EmptyLabelBeforeComma", "foo{,} 1", 5, "expected label name, found ','" },
        MalformedLine { "DotInLabelName", "foo{a.b=\"c\"} 1", 6, "expected '=' after label name 'a', found '.'" },
        MalformedLine { "LabelWithoutValue", "foo{a} 1", 6, "expected '=' after label name 'a', found '}'" },
        MalformedLine {
            "UnquotedLabelValue", "foo{a=b} 1", 7, "expected '\"' to open the value of label 'a', found 'b'" },
        MalformedLine { "MissingCommaBetweenLabels", "foo{a=\"b\" c=\"d\"} 1", 11,
            "expected ',' or '}' after value of label 'a', found 'c'" },
        MalformedLine {
            "UnclosedLabelSet", "foo{a=\"b\"", 10, "expected ',' or '}' after value of label 'a', found end of line" },
        MalformedLine { "DuplicateLabel", "foo{a=\"1\",a=\"2\"} 1", 4, "duplicate label 'a'" },
        MalformedLine { "NameOnly", "foo", 4, "expected a value, found end of line" },
        MalformedLine { "LabelsOnly", "foo{a=\"b\"}   ", 14, "expected a value, found end of line" },
        MalformedLine { "WordValue", "foo one", 5, "invalid value 'one'" },
        MalformedLine { "CommaDecimal", "foo 1,5", 5, "invalid value '1,5'" },
        MalformedLine { "DoubleSign", "foo ++1", 5, "invalid value '++1'" },
        MalformedLine { "HexFloat", "foo 0x1p-2", 5, "invalid value '0x1p-2'" },
        MalformedLine { "OutOfRangeValue", "foo 1e999", 5, "invalid value '1e999'" },
        MalformedLine { "ClockTimestamp", "foo 1 12:00", 7, "invalid timestamp '12:00'" },
        MalformedLine { "FractionalTimestamp", "foo 1 1.5", 7, "invalid timestamp '1.5'" },
        MalformedLine {
            "OverflowingTimestamp", "foo 1 9223372036854775808", 7, "invalid timestamp '9223372036854775808'" },
        MalformedLine { "TrailingField", "foo 1 2 3", 9, "expected end of line after timestamp, found '3'" },
        MalformedLine { "TypeWithoutType", "# TYPE foo", 11, "expected a metric type after 'foo', found end of line" },
        MalformedLine { "UnknownType", "# TYPE foo gauges", 12, "unknown metric type 'gauges'" },
        MalformedLine {
            "TextAfterType", "# TYPE foo gauge x", 18, "expected end of line after metric type, found 'x'" },
        MalformedLine {
            "TypeNameStartsWithDigit", "# TYPE 9foo gauge", 8, "expected metric name after TYPE, found '9'" },
        MalformedLine { "DotInTypeName", "# TYPE foo.bar gauge", 11, "invalid character '.' in metric name" },
        MalformedLine { "HelpWithoutName", "# HELP", 7, "expected metric name after HELP, found end of line" },
        MalformedLine {
            "HelpCutAtName", "# HELP foo", 11, "expected help text after metric name 'foo', found end of line" },
        MalformedLine {
            "UnknownHelpEscape", "# HELP foo bad \\t escape", 16, "invalid escape sequence '\\t' in HELP text" },
        MalformedLine {
            "HelpEndsInBackslash", "# HELP foo ends in \\", 20, "invalid escape sequence at end of HELP text" }),
    [](const testing::TestParamInfo<MalformedLine> &param) { return std::string(param.param.name); });

TEST(ExpositionIssues, MetadataOutOfOrderIsReported)
{
    const MetricFamilies parsed = parseExposition(R"(# HELP m First.
# TYPE m gauge
m 1
# HELP m Second.
# TYPE m counter
# TYPE n gauge
n 2
# TYPE n gauge
late 3
# TYPE late gauge
)");
    EXPECT_EQ(issueTexts(parsed),
        (std::vector<std::string> {
            "line 4, column 8: second HELP line for 'm'",
            "line 5, column 8: second TYPE line for 'm'",
            "line 8, column 8: second TYPE line for 'n'",
            "line 10, column 8: TYPE line for 'late' after its samples",
        }));
    EXPECT_EQ(parsed.find("m")->help, "First.");
    EXPECT_EQ(parsed.find("m")->type, MetricType::Gauge);
    EXPECT_EQ(parsed.find("late")->type, MetricType::Untyped);
    EXPECT_EQ(parsed.sampleCount(), 3u);
}

TEST(ExpositionIssues, HistogramAndSummarySamplesNeedTheirBoundLabel)
{
    const MetricFamilies parsed = parseExposition(R"(# TYPE h histogram
h_bucket{le="1"} 1
h_bucket{path="/"} 1
h_bucket{le="one"} 1
h_bucket{le="+Inf"} 2
h 2
# TYPE s summary
s 1
s{quantile="high"} 1
s{quantile="0.5"} 1
s_sum 1
)");
    EXPECT_EQ(issueTexts(parsed),
        (std::vector<std::string> {
            "line 3, column 9: histogram bucket without 'le' label",
            "line 4, column 9: invalid 'le' value 'one'",
            "line 6, column 1: sample 'h' does not fit the histogram 'h'",
            "line 8, column 3: summary quantile without 'quantile' label",
            "line 9, column 2: invalid 'quantile' value 'high'",
        }));
    EXPECT_EQ(parsed.find("h")->samples.size(), 2u);
    EXPECT_EQ(parsed.find("s")->samples.size(), 2u);
}

TEST(ExpositionIssues, GarbageBodiesAreCappedNotListedLineByLine)
{
    std::string text;
    for (int i = 0; i < 1500; ++i)
        text += "<p>not metrics</p>\n";
    const MetricFamilies parsed = parseExposition(text);
    ASSERT_EQ(parsed.issues().size(), 1001u);
    EXPECT_EQ(parsed.issues()[999].line, 1000u);
    EXPECT_EQ(parsed.issues().back().toString(), "line 1001, column 1: 500 more malformed lines not listed");
    EXPECT_TRUE(parsed.families().empty());
}

TEST(ExpositionIssues, RandomBytesNeverCrashAndLeaveConsistentResults)
{
    // Bytes biased towards the format's own punctuation, so the parser is driven
    // deep into every state rather than failing on the first character.
    const std::string alphabet = "ab_:{}=\",\\n \t#\r\n0123456789.+-eEInfNaHELPTYP\xc3\xa9\xff";
    std::mt19937 random(20240517);
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    for (int round = 0; round < 300; ++round) {
        std::string text = "ok{a=\"b\"} 1\n";
        for (int i = 0; i < 400; ++i)
            text.push_back(alphabet[pick(random)]);
        const MetricFamilies parsed = parseExposition(text);
        EXPECT_EQ(sampleOf(parsed, "ok", { { "a", "b" } }).value, 1.0);
        for (const ParseIssue &issue : parsed.issues()) {
            EXPECT_GE(issue.line, 1u);
            EXPECT_GE(issue.column, 1u);
            EXPECT_FALSE(issue.message.empty());
        }
        for (const MetricFamily &family : parsed.families()) {
            for (const Sample &sample : family.samples) {
                EXPECT_TRUE(sampleBelongsTo(family, sample.name));
                for (std::size_t i = 1; i < sample.labels.size(); ++i)
                    EXPECT_LT(sample.labels[i - 1].name, sample.labels[i].name);
            }
        }
    }
}
