#include "backend/metrics/querycatalog.h"

#include "backend/metrics/defaultqueries.h"

#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace gantry::metrics {

namespace {

using Kind = MetricsError::Kind;

const std::string builtInName = "queries.yaml (built in)";

struct CatalogError {
    YAML::Mark mark;
    std::string message;
};

std::string where(const std::string &fileName, const YAML::Mark &mark)
{
    if (mark.line < 0)
        return fileName;
    return fileName + ":" + std::to_string(mark.line + 1) + ":" + std::to_string(mark.column + 1);
}

std::string scalarOf(const YAML::Node &node, const std::string &what)
{
    if (!node.IsScalar())
        throw CatalogError { node.Mark(), what + " must be text" };
    return node.Scalar();
}

QueryDefinition definitionOf(const std::string &name, const YAML::Node &node, const std::string &fileName)
{
    if (!node.IsMap())
        throw CatalogError { node.Mark(), "query \"" + name + "\" must be a mapping with at least `query:`" };
    QueryDefinition definition;
    definition.name = name;
    definition.origin = fileName + ":" + std::to_string(node.Mark().line + 1);
    bool hasQuery = false;
    for (const auto &entry : node) {
        const std::string key = scalarOf(entry.first, "a key");
        if (key == "query") {
            definition.query = scalarOf(entry.second, "\"" + name + "\".query");
            hasQuery = true;
        } else if (key == "description") {
            definition.description = scalarOf(entry.second, "\"" + name + "\".description");
        } else if (key == "labels") {
            if (!entry.second.IsSequence())
                throw CatalogError { entry.second.Mark(), "\"" + name + "\".labels must be a list of label names" };
            for (const auto &label : entry.second)
                definition.labels.push_back(scalarOf(label, "a label name"));
        } else {
            throw CatalogError { entry.first.Mark(),
                "unknown key \"" + key + "\" in query \"" + name + "\"; expected query, description or labels" };
        }
    }
    while (!definition.query.empty() && (definition.query.back() == '\n' || definition.query.back() == ' '))
        definition.query.pop_back();
    if (!hasQuery || definition.query.empty())
        throw CatalogError { node.Mark(), "query \"" + name + "\" has no `query:` text" };
    return definition;
}

} // namespace

std::string_view QueryCatalog::builtInText()
{
    return generated::defaultQueriesYaml;
}

QueryCatalog QueryCatalog::builtIn()
{
    // The text is tested at build time (tst_querycatalog), so this cannot fail in a shipped binary.
    auto parsed = parse(builtInText(), builtInName);
    return parsed.ok() ? std::move(parsed).value() : QueryCatalog();
}

Result<QueryCatalog, MetricsError> QueryCatalog::parse(std::string_view text, const std::string &fileName)
{
    QueryCatalog catalog;
    catalog.m_source = fileName;
    try {
        const YAML::Node root = YAML::Load(std::string(text));
        if (!root.IsMap())
            throw CatalogError { root.Mark(), "expected a mapping with a `queries:` key at the top" };
        const YAML::Node queries = root["queries"];
        if (!queries)
            throw CatalogError { root.Mark(), "there is no `queries:` key at the top" };
        for (const auto &entry : root) {
            if (entry.first.IsScalar() && entry.first.Scalar() != "queries")
                throw CatalogError { entry.first.Mark(),
                    "unknown key \"" + entry.first.Scalar() + "\"; expected queries" };
        }
        if (!queries.IsMap())
            throw CatalogError { queries.Mark(), "`queries:` must map names to queries" };
        for (const auto &entry : queries) {
            const std::string name = scalarOf(entry.first, "a query name");
            if (catalog.m_queries.count(name))
                throw CatalogError { entry.first.Mark(), "query \"" + name + "\" is defined twice" };
            catalog.m_queries.emplace(name, definitionOf(name, entry.second, fileName));
        }
    } catch (const CatalogError &error) {
        return MetricsError::make(Kind::Configuration, where(fileName, error.mark) + ": " + error.message);
    } catch (const YAML::Exception &error) {
        return MetricsError::make(Kind::Configuration, where(fileName, error.mark) + ": " + error.msg);
    }
    return catalog;
}

Result<QueryCatalog, MetricsError> QueryCatalog::loadFile(const std::string &path)
{
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return MetricsError::make(Kind::Configuration, "cannot read the query file " + path);
    std::ostringstream text;
    text << file.rdbuf();
    return parse(text.str(), path);
}

Result<QueryCatalog, MetricsError> QueryCatalog::load(const std::string &overridePath)
{
    std::string path = overridePath;
    if (path.empty()) {
        const char *environment = std::getenv("GANTRY_QUERIES");
        path = environment ? environment : "";
    }
    QueryCatalog catalog = builtIn();
    if (path.empty())
        return catalog;
    auto overrides = loadFile(path);
    if (!overrides.ok())
        return overrides.error();
    catalog.merge(overrides.value());
    return catalog;
}

const QueryDefinition *QueryCatalog::find(std::string_view name) const
{
    const auto it = m_queries.find(name);
    return it == m_queries.end() ? nullptr : &it->second;
}

Result<std::string, MetricsError> QueryCatalog::promql(std::string_view name) const
{
    if (const QueryDefinition *definition = find(name))
        return definition->query;
    std::string known;
    for (const auto &[key, definition] : m_queries)
        known += (known.empty() ? "" : ", ") + key;
    return MetricsError::make(Kind::Configuration,
        "no query named \"" + std::string(name) + "\" in " + (m_source.empty() ? "the query catalog" : m_source)
            + (known.empty() ? "; it defines none" : "; it defines " + known));
}

std::vector<std::string> QueryCatalog::names() const
{
    std::vector<std::string> list;
    for (const auto &entry : m_queries)
        list.push_back(entry.first);
    return list;
}

void QueryCatalog::merge(const QueryCatalog &overrides)
{
    for (const auto &[name, definition] : overrides.m_queries)
        m_queries.insert_or_assign(name, definition);
    m_source = m_source.empty() ? overrides.m_source : m_source + " + " + overrides.m_source;
}

} // namespace gantry::metrics
