// How fast a failed call's Status body becomes an ApiStatus: it runs on every
// error and on every watch ERROR event, so it should cost microseconds.
#include "backend/kube/apistatus.h"

#include <benchmark/benchmark.h>

namespace {

void parseInvalidWithCauses(benchmark::State &state)
{
    const std::string body =
        R"({"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","reason":"Invalid","code":422,)"
        R"("message":"InferenceService.serving.kserve.io \"x\" is invalid","details":{"name":"x",)"
        R"("causes":[{"reason":"FieldValueInvalid","message":"bad","field":"spec.predictor.model.storageUri"}]}})";
    for (auto _ : state)
        benchmark::DoNotOptimize(gantry::kube::parseApiStatus(422, body));
}
BENCHMARK(parseInvalidWithCauses);

void parseHtmlPage(benchmark::State &state)
{
    const std::string body = "<html><head><title>502 Bad Gateway</title></head><body>" + std::string(4000, 'x') + "</body></html>";
    for (auto _ : state)
        benchmark::DoNotOptimize(gantry::kube::parseApiStatus(502, body));
}
BENCHMARK(parseHtmlPage);

} // namespace
