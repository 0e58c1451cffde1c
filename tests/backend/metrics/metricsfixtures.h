#pragma once

#include "backend/metrics/metricfamilies.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <initializer_list>
#include <limits>
#include <sstream>
#include <string>
#include <utility>

namespace gantry::test {

/// The bytes of tests/fixtures/metrics/<name>: from GANTRY_FIXTURES_DIR when
/// set, else from the source tree the test was built from.
inline std::string readMetricsFixture(const std::string &name)
{
    const char *dir = std::getenv("GANTRY_FIXTURES_DIR");
    const std::string root = dir != nullptr && *dir != '\0' ? dir : GANTRY_SOURCE_FIXTURES_DIR;
    std::ifstream file(root + "/metrics/" + name, std::ios::binary);
    if (!file) {
        ADD_FAILURE() << "cannot open fixture " << root << "/metrics/" << name;
        return {};
    }
    std::ostringstream bytes;
    bytes << file.rdbuf();
    return bytes.str();
}

/// The first matching sample; a test failure and an empty sample valued NaN when there is none.
inline const metrics::Sample &sampleOf(const metrics::MetricFamilies &parsed, std::string_view sampleName,
    std::initializer_list<std::pair<std::string_view, std::string_view>> labels = {})
{
    static const metrics::Sample missing { {}, {}, std::numeric_limits<double>::quiet_NaN(), {} };
    const metrics::Sample *sample = parsed.findSample(sampleName, labels);
    if (sample == nullptr) {
        ADD_FAILURE() << "no sample " << sampleName;
        return missing;
    }
    return *sample;
}

} // namespace gantry::test
