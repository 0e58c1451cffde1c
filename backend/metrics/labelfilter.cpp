#include "backend/metrics/labelfilter.h"

namespace gantry::metrics {

bool LabelFilter::matches(const LabelMap &labels) const
{
    for (const auto &[name, value] : equals) {
        const auto it = labels.find(name);
        const std::string_view actual = it == labels.end() ? std::string_view() : std::string_view(it->second);
        if (actual != value)
            return false;
    }
    return true;
}

} // namespace gantry::metrics
