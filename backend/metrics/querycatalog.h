#pragma once

#include "backend/core/result.h"
#include "backend/metrics/metricserror.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace gantry::metrics {

/// One named PromQL query of the catalog.
struct QueryDefinition {
    std::string name; ///< e.g. "ttft_p95"
    std::string description; ///< one line for tooltips and `--help`
    std::string query; ///< the PromQL
    std::vector<std::string> labels; ///< the labels of the series it returns
    std::string origin; ///< where it was defined: "queries.yaml (built in):80" or "/path/q.yaml:3"
};

/// The PromQL the console asks Prometheus, by name. The defaults are
/// resources/queries.yaml, compiled into the program; a user's file (--queries
/// FILE, or GANTRY_QUERIES) may redefine any of them or add more.
///
/// The file format is a mapping `queries:` of names to `{query, description,
/// labels}`; `query` is required. Errors carry the file, line and column.
class QueryCatalog {
public:
    /// The built-in catalog (resources/queries.yaml as it was at build time).
    static QueryCatalog builtIn();
    /// The text the built-in catalog is read from.
    static std::string_view builtInText();

    /// Reads a catalog from YAML text; `fileName` only names it in errors and origins.
    static Result<QueryCatalog, MetricsError> parse(std::string_view text, const std::string &fileName);
    /// Reads a catalog file.
    static Result<QueryCatalog, MetricsError> loadFile(const std::string &path);
    /// The built-in catalog with the definitions of `overridePath` on top; with an
    /// empty path, those of the file named by GANTRY_QUERIES when it is set.
    static Result<QueryCatalog, MetricsError> load(const std::string &overridePath = {});

    /// The definition named `name`, or null.
    const QueryDefinition *find(std::string_view name) const;
    /// The PromQL named `name`, or an error in words naming the catalog.
    Result<std::string, MetricsError> promql(std::string_view name) const;
    /// Every name, sorted.
    std::vector<std::string> names() const;
    /// Replaces or adds every definition of `overrides`.
    void merge(const QueryCatalog &overrides);
    /// Where the definitions come from: "queries.yaml (built in)" or "… + /path/q.yaml".
    const std::string &source() const { return m_source; }

private:
    std::map<std::string, QueryDefinition, std::less<>> m_queries;
    std::string m_source;
};

} // namespace gantry::metrics
