#pragma once

#include "backend/core/rfc3339.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gantry::fleet {

/// One start-up line found in a log.
struct StartupMarker
{
    /// When it was printed. uvicorn's lines carry no time: they get the last
    /// time printed before them (so "at or after").
    std::optional<SystemTime> at;
    std::optional<double> seconds; ///< the duration the line reports, if any
    std::size_t line = 0;          ///< 1-based line number
};

/// The start-up of a vLLM server (and a KServe storage-initializer) as its log
/// tells it (REFERENCE.md §8). Every field is optional: a marker a version does
/// not print, or a line that could not be read, is simply absent.
struct VllmStartup
{
    std::string version;                       ///< "0.8.5" from "vLLM API server version …"
    std::optional<StartupMarker> serverVersion; ///< "vLLM API server version"
    std::optional<StartupMarker> arguments;     ///< "args:" or "non-default args:"
    std::optional<StartupMarker> downloadTook;  ///< "Time spent downloading weights for …"
    std::optional<StartupMarker> weightsLoaded; ///< "Loading weights took"
    std::optional<StartupMarker> modelLoaded;   ///< "Model loading took" / "Loading model weights took"
    std::optional<StartupMarker> torchCompile;  ///< "torch.compile takes|took … in total"
    std::optional<StartupMarker> cudaGraphs;    ///< "Graph capturing finished in"
    std::optional<StartupMarker> kvCache;       ///< "GPU KV cache size" or "# GPU blocks"
    std::optional<StartupMarker> engineInit;    ///< "init engine (…) took"
    std::optional<StartupMarker> serverStarting; ///< "Starting vLLM (API) server …"
    std::optional<StartupMarker> applicationStartup; ///< uvicorn "Application startup complete."

    std::optional<double> modelMemoryGiB;     ///< from "Model loading took X GiB" (GB in V0)
    std::optional<double> cudaGraphMemoryGiB; ///< "…, took X GiB"
    std::optional<double> compilationSeconds; ///< "(compilation: X s)"
    std::optional<std::int64_t> kvCacheTokens;
    std::optional<std::int64_t> gpuBlocks;
    std::optional<double> maxConcurrency;

    /// KServe storage-initializer lines, when the text holds its log.
    std::string storageSourceUri;
    std::optional<StartupMarker> storageInitializing; ///< "Initializing, args:" / "Copying contents of"
    std::optional<StartupMarker> storageCopied;       ///< "Successfully copied"
    std::optional<StartupMarker> storageDownloaded;   ///< "Model downloaded in X seconds."

    std::optional<SystemTime> firstTimestamp, lastTimestamp;
    std::size_t lines = 0;
    std::size_t markers = 0;

    /// The moment the weights were in GPU memory: "Loading weights took", else "Model loading took".
    const std::optional<StartupMarker> &weightsMarker() const { return weightsLoaded ? weightsLoaded : modelLoaded; }
};

/// Finds the start-up markers in a vLLM (or storage-initializer) log. vLLM
/// prints local time without a year: `year` is the year of the first line
/// (later lines roll over at New Year), `utcOffset` the container's offset from
/// UTC. Tolerates ANSI colours, `(EngineCore_DP0 pid=441)` prefixes, kubelet
/// `--timestamps` prefixes, CRLF, tqdm bars and garbage; never throws.
VllmStartup parseVllmStartup(std::string_view logText, int year, std::chrono::minutes utcOffset = std::chrono::minutes(0));

} // namespace gantry::fleet
