// vLLM and storage-initializer logs as the kubelet hands them over: ANSI colours,
// process prefixes, --timestamps prefixes, tqdm bars and garbage. The parser
// promises never to throw; the year and offset vary as the console's clock does.
#include "backend/fleet/vllmlogparser.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzedDataProvider input(data, size);
    const int year = input.ConsumeIntegralInRange(1970, 2200);
    const std::chrono::minutes offset(input.ConsumeIntegralInRange(-14 * 60, 14 * 60));
    const std::string log = input.ConsumeRemainingBytesAsString();
    const gantry::fleet::VllmStartup startup = gantry::fleet::parseVllmStartup(log, year, offset);
    (void)startup.weightsMarker();
    return 0;
}
