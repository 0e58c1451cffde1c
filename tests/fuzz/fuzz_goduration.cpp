// Go's time.Duration text as kubelet events print it ("Successfully pulled image
// … in 4m47.129s"). Anything that is not a duration is nullopt, never a crash,
// and a duration that parses is a number.
#include "backend/fleet/goduration.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    const std::optional<double> seconds = gantry::fleet::parseGoDuration(text);
    if (seconds && std::isnan(*seconds)) {
        std::fprintf(stderr, "a duration parsed as NaN\n");
        std::abort();
    }
    return 0;
}
