#pragma once

#include "sim/api/apirequest.h"

#include <nlohmann/json.hpp>

namespace gantry::sim {

struct ResourceType;

/// Reads a request body as JSON (or YAML for application/yaml), throwing a
/// precise 400/415 ApiError for anything else.
nlohmann::json parseRequestBody(const ApiRequest &request);

/// Checks the object's apiVersion/kind and namespace against where it was sent,
/// defaulting the namespace from the URL. Throws 400 BadRequest on a mismatch.
void checkObjectIdentity(nlohmann::json &object, const ResourceType &type, const std::string &urlNamespace,
                         const std::string &urlName);

/// Runs metadata and kind validation; throws 422 Invalid with causes.
void validateOrThrow(const nlohmann::json &object, const ResourceType &type);

} // namespace gantry::sim
