#include "backend/metrics/historyqueries.h"
#include "backend/metrics/querycatalog.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

using namespace gantry::metrics;

namespace {

class TempFile {
public:
    explicit TempFile(const std::string &text)
    {
        char pattern[] = "/tmp/gantry-queries-XXXXXX";
        const int fd = ::mkstemp(pattern);
        ::close(fd);
        m_path = pattern;
        std::ofstream(m_path) << text;
    }
    ~TempFile() { std::filesystem::remove(m_path); }
    const std::string &path() const { return m_path; }

private:
    std::string m_path;
};

std::string readFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    std::ostringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace

TEST(QueryCatalog, BuiltInTextIsTheShippedFile)
{
    EXPECT_EQ(QueryCatalog::builtInText(), readFile(GANTRY_QUERIES_YAML));
}

TEST(QueryCatalog, BuiltInCatalogLoadsWithEveryQueryTheConsoleUses)
{
    const auto parsed = QueryCatalog::parse(QueryCatalog::builtInText(), "queries.yaml");
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    const QueryCatalog catalog = QueryCatalog::builtIn();
    EXPECT_EQ(catalog.names(), parsed->names());
    // Every query has a direct equivalent for scraped metrics, and the other way round.
    EXPECT_EQ(catalog.names().size(), HistoryQueries::names().size());
    for (const std::string &name : HistoryQueries::names()) {
        const QueryDefinition *definition = catalog.find(name);
        ASSERT_NE(definition, nullptr) << name;
        EXPECT_FALSE(definition->description.empty()) << name;
        EXPECT_FALSE(definition->labels.empty()) << name;
        EXPECT_EQ(definition->query.back(), ')') << name << ": trailing newline kept";
    }
    const QueryDefinition *kv = catalog.find("kv_cache_usage");
    EXPECT_NE(kv->query.find("vllm:kv_cache_usage_perc"), std::string::npos);
    EXPECT_NE(kv->query.find("vllm:gpu_cache_usage_perc"), std::string::npos);
    const QueryDefinition *utilization = catalog.find("gpu_utilization");
    for (const char *spelling : { "\"Hostname\"", "\"hostname\"", "\"exported_pod\"", "\"exported_namespace\"" })
        EXPECT_NE(utilization->query.find(spelling), std::string::npos) << spelling;
    EXPECT_EQ(utilization->origin.rfind("queries.yaml (built in):", 0), 0u) << utilization->origin;
    EXPECT_EQ(catalog.source(), "queries.yaml (built in)");
}

TEST(QueryCatalog, OverrideFileReplacesSomeQueriesAndKeepsTheRest)
{
    const TempFile file("queries:\n"
                        "  ttft_p95:\n"
                        "    description: p99 instead\n"
                        "    query: histogram_quantile(0.99, sum by (le, namespace, pod, model_name) "
                        "(rate(vllm:time_to_first_token_seconds_bucket[2m])))\n"
                        "  my_query:\n"
                        "    query: up\n");
    const auto catalog = QueryCatalog::load(file.path());
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    EXPECT_NE(catalog->promql("ttft_p95")->find("0.99"), std::string::npos);
    EXPECT_EQ(catalog->find("ttft_p95")->origin, file.path() + ":3");
    EXPECT_EQ(*catalog->promql("my_query"), "up");
    EXPECT_EQ(*catalog->promql("kv_cache_usage"), *QueryCatalog::builtIn().promql("kv_cache_usage"));
    EXPECT_EQ(catalog->source(), "queries.yaml (built in) + " + file.path());
}

TEST(QueryCatalog, EnvironmentNamesTheOverrideWhenNoPathIsGiven)
{
    const TempFile file("queries:\n  gpu_power:\n    query: DCGM_FI_DEV_POWER_USAGE\n");
    ::setenv("GANTRY_QUERIES", file.path().c_str(), 1);
    const auto catalog = QueryCatalog::load();
    ::unsetenv("GANTRY_QUERIES");
    ASSERT_TRUE(catalog.ok()) << catalog.error().message;
    EXPECT_EQ(*catalog->promql("gpu_power"), "DCGM_FI_DEV_POWER_USAGE");
    EXPECT_EQ(*QueryCatalog::load()->promql("gpu_power"), *QueryCatalog::builtIn().promql("gpu_power"));
}

TEST(QueryCatalog, BadYamlIsReportedWithFileLineAndColumn)
{
    const TempFile file("queries:\n  gpu_power:\n    query: up\n  - stray list item\n");
    const auto catalog = QueryCatalog::load(file.path());
    ASSERT_FALSE(catalog.ok());
    EXPECT_EQ(catalog.error().kind, MetricsError::Kind::Configuration);
    EXPECT_EQ(catalog.error().message, file.path() + ":4:3: end of map not found");
}

TEST(QueryCatalog, StructuralMistakesNameTheLine)
{
    auto messageOf = [](const std::string &text) {
        const auto catalog = QueryCatalog::parse(text, "q.yaml");
        return catalog.ok() ? std::string("(loaded)") : catalog.error().message;
    };
    EXPECT_EQ(messageOf("queries:\n  a:\n    qurey: up\n"),
        "q.yaml:3:5: unknown key \"qurey\" in query \"a\"; expected query, description or labels");
    EXPECT_EQ(messageOf("queries:\n  a:\n    description: no query\n"), "q.yaml:3:5: query \"a\" has no `query:` text");
    EXPECT_EQ(messageOf("queries:\n  a:\n    query: up\n    labels: job\n"),
        "q.yaml:4:13: \"a\".labels must be a list of label names");
    EXPECT_EQ(messageOf("- a\n"), "q.yaml:1:1: expected a mapping with a `queries:` key at the top");
    EXPECT_EQ(messageOf("querys:\n  a: {query: up}\n"), "q.yaml:1:1: there is no `queries:` key at the top");
    EXPECT_EQ(
        messageOf("queries:\n  a: {query: up}\n  a: {query: down}\n"), "q.yaml:3:3: query \"a\" is defined twice");
}

TEST(QueryCatalog, MissingFileAndMissingQueryAreErrorsInWords)
{
    const auto missing = QueryCatalog::load("/nonexistent/queries.yaml");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().message, "cannot read the query file /nonexistent/queries.yaml");

    const auto query = QueryCatalog::builtIn().promql("gpu_utilisation");
    ASSERT_FALSE(query.ok());
    EXPECT_EQ(
        query.error().message.rfind("no query named \"gpu_utilisation\" in queries.yaml (built in); it defines ", 0),
        0u)
        << query.error().message;
    EXPECT_NE(query.error().message.find("gpu_utilization"), std::string::npos);
}
