#include "sim/api/apirequest.h"

namespace gantry::sim {

std::string ApiRequest::param(const std::string &name, const std::string &fallback) const
{
    const auto it = query.find(name);
    return it == query.end() ? fallback : it->second;
}

bool ApiRequest::flag(const std::string &name) const
{
    const std::string value = param(name);
    return value == "true" || value == "1";
}

} // namespace gantry::sim
