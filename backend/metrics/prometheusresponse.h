#pragma once

#include "backend/core/result.h"
#include "backend/metrics/metricserror.h"
#include "backend/metrics/queryresult.h"

#include <string>
#include <string_view>

namespace gantry::metrics {

/// Reads one answer of Prometheus' HTTP API (/api/v1/query, /api/v1/query_range):
/// the JSON envelope `{"status","data","errorType","error","warnings","infos"}`
/// with vector, matrix, scalar or string data whose values are strings ("NaN",
/// "+Inf" included). Any other answer becomes an error in words prefixed with
/// `server` ("Prometheus at http://…"): an error envelope ("bad_data: …"), an
/// HTTP error without one (a proxy's HTML page, 503), JSON cut short, or a body
/// of the wrong shape. Native histograms are skipped with a warning.
Result<QueryResult, MetricsError> parsePrometheusResponse(
    int httpCode, std::string_view contentType, std::string_view body, const std::string &server);

} // namespace gantry::metrics
