// A watch stream as the informer receives it: bytes cut into chunks at arbitrary
// places, reassembled into lines, each line read as a watch event and its object
// reduced as the informer stores it. Also checks that the chunking never
// changes the lines: a stream fed whole and fed in pieces gives the same lines.
#include "backend/kube/apierror.h"
#include "backend/kube/compactobjects.h"
#include "backend/kube/linebuffer.h"
#include "backend/kube/watchevent.h"

#include <fuzzer/FuzzedDataProvider.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace gantry::kube;

namespace {

std::vector<std::string> linesOf(std::string_view stream, std::uint32_t chunkSeed)
{
    std::vector<std::string> lines;
    LineBuffer buffer;
    const LineBuffer::LineHandler collect = [&](std::string_view line) {
        lines.emplace_back(line);
        return true;
    };
    std::size_t at = 0;
    std::uint32_t state = chunkSeed;
    while (at < stream.size()) {
        // A small generator, so a seed stands for one reproducible way of cutting.
        state = state * 1664525u + 1013904223u;
        const std::size_t length = chunkSeed == 0 ? stream.size() : 1 + (state >> 24) % 64;
        const std::string_view chunk = stream.substr(at, length);
        buffer.feed(chunk, collect);
        at += chunk.size();
    }
    buffer.finish(collect);
    return lines;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    FuzzedDataProvider input(data, size);
    const auto kind = static_cast<ObjectKind>(input.ConsumeIntegralInRange<int>(0, 6));
    const auto chunkSeed = input.ConsumeIntegral<std::uint32_t>();
    const std::string stream = input.ConsumeRemainingBytesAsString();

    const std::vector<std::string> lines = linesOf(stream, chunkSeed);
    if (lines != linesOf(stream, 0)) {
        std::fprintf(stderr, "the lines of a stream depend on how it was cut into chunks\n");
        std::abort();
    }
    for (const std::string &line : lines) {
        WatchEventParse parsed = parseWatchEvent(line);
        if (!parsed.event)
            continue;
        (void)parsed.event->typeName();
        (void)parsed.event->resourceVersion();
        if (parsed.event->status)
            (void)ApiError::fromStatus(*parsed.event->status).summary();
        const CompactObject compact = extractCompact(kind, parsed.event->object);
        (void)compactMeta(compact);
    }
    return 0;
}
