#pragma once

#include "backend/kube/apierror.h"
#include "backend/kube/transport.h"

#include <nlohmann/json.hpp>

#include <string>

namespace gantry::kube::detail {

// The ApiError for a non-2xx answer: the server's Status verbatim, or when the
// body is not one (a proxy's HTML page), that fact in words with its title.
ApiError statusError(const TransportResponse &response, const std::string &server);

// A complete answer read as the JSON object the API promises: the object, the
// transport error, the Status error, or a BadResponse naming what came instead.
ApiResult<nlohmann::json> readJsonResponse(const TransportRequest &request, const TransportResponse &response,
                                           const std::string &server);

} // namespace gantry::kube::detail
