#include "backend/metrics/metricserror.h"

#include <utility>

namespace gantry::metrics {

MetricsError MetricsError::make(Kind kind, std::string message, int httpCode, std::string errorType)
{
    MetricsError error;
    error.kind = kind;
    error.httpCode = httpCode;
    error.errorType = std::move(errorType);
    error.message = std::move(message);
    return error;
}

} // namespace gantry::metrics
