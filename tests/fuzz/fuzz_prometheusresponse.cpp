// Answers of Prometheus' HTTP API, or of whatever sits in front of it, with the
// status codes and content types a server sends. Every bad answer must become a
// MetricsError in words, never an exception.
#include "backend/metrics/prometheusresponse.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

using namespace gantry::metrics;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    static constexpr std::array<int, 8> codes = {200, 200, 400, 422, 503, 500, 302, 0};
    static constexpr std::array<std::string_view, 5> types = {
        "application/json", "application/json; charset=utf-8", "text/html", "", "text/plain"};
    FuzzedDataProvider input(data, size);
    const int code = input.PickValueInArray(codes);
    const std::string_view type = input.PickValueInArray(types);
    const std::string body = input.ConsumeRemainingBytesAsString();

    const auto result = parsePrometheusResponse(code, type, body, "Prometheus at http://127.0.0.1:9090");
    if (!result) {
        (void)result.error().message;
        return 0;
    }
    for (const Series &series : result->series) {
        for (const auto &[name, value] : series.labels)
            (void)(name.size() + value.size());
        (void)series.points.size();
    }
    return 0;
}
