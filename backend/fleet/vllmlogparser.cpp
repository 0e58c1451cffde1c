#include "backend/fleet/vllmlogparser.h"

#include "backend/fleet/logline.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace gantry::fleet {

namespace {

// A number at the start of `text` ("1,234" as 1234 when `commas`), or nullopt.
std::optional<double> leadingNumber(std::string_view text, bool commas = false)
{
    std::string digits;
    for (char c : text) {
        if ((c >= '0' && c <= '9') || c == '.' || (c == '-' && digits.empty()))
            digits.push_back(c);
        else if (!(commas && c == ',' && !digits.empty()))
            break;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (error != std::errc() || end == digits.data())
        return std::nullopt;
    return value;
}

// The number that follows `key` in `message`, or nullopt when either is missing.
std::optional<double> numberAfter(std::string_view message, std::string_view key, bool commas = false)
{
    const std::size_t at = message.find(key);
    if (at == std::string_view::npos)
        return std::nullopt;
    return leadingNumber(message.substr(at + key.size()), commas);
}

// A count ("425,424 tokens", "189945" blocks) as an integer; nullopt when the
// number cannot be one (a garbled line can say 1e48), as converting would be undefined.
std::optional<std::int64_t> countAfter(std::string_view message, std::string_view key, bool commas = false)
{
    const std::optional<double> number = numberAfter(message, key, commas);
    // 2^63 is exactly representable; every double below it converts.
    if (!number || !(*number >= 0 && *number < 9223372036854775808.0))
        return std::nullopt;
    return static_cast<std::int64_t>(*number);
}

bool contains(std::string_view text, std::string_view part)
{
    return text.find(part) != std::string_view::npos;
}

class MarkerScanner
{
public:
    explicit MarkerScanner(VllmStartup &startup)
        : m_startup(startup)
    {
    }

    void scan(std::string_view message, std::optional<SystemTime> at, std::size_t line, LogLine::Format format)
    {
        const auto mark = [&](std::optional<StartupMarker> &marker, std::optional<double> seconds = std::nullopt) {
            marker = StartupMarker{at, seconds, line};
            ++m_startup.markers;
        };
        if (format == LogLine::Format::Uvicorn) {
            if (message.starts_with("Application startup complete"))
                mark(m_startup.applicationStartup);
            return;
        }
        if (format == LogLine::Format::StorageInitializer) {
            scanStorageInitializer(message, mark);
            return;
        }
        if (format != LogLine::Format::Vllm)
            return;
        if (const std::size_t found = message.find("vLLM API server version "); found != std::string_view::npos) {
            if (!m_startup.serverVersion) {
                std::string_view version = message.substr(found + 24);
                m_startup.version = std::string(version.substr(0, version.find(' ')));
                mark(m_startup.serverVersion);
            }
        } else if (message.starts_with("args: ") || message.starts_with("non-default args: ")) {
            mark(m_startup.arguments);
        } else if (message.starts_with("Time spent downloading weights for ")) {
            // "…for meta-llama/Llama-3.2-1B: 14.584169 seconds"; the model name may hold ": ".
            const std::size_t colon = message.rfind(": ");
            mark(m_startup.downloadTook, colon == std::string_view::npos ? std::nullopt : leadingNumber(message.substr(colon + 2)));
        } else if (contains(message, "Loading weights took ")) {
            // Every tensor-parallel worker prints it: the last one is when all weights are in.
            mark(m_startup.weightsLoaded, numberAfter(message, "Loading weights took "));
        } else if (contains(message, "Model loading took ")) {
            // "X GiB and Y seconds", "X GiB memory and Y seconds", V0 "X GB and Y seconds".
            m_startup.modelMemoryGiB = numberAfter(message, "Model loading took ");
            mark(m_startup.modelLoaded, numberAfter(message, " and "));
        } else if (contains(message, "Loading model weights took ")) {
            m_startup.modelMemoryGiB = numberAfter(message, "Loading model weights took ");
            mark(m_startup.modelLoaded);
        } else if (contains(message, "torch.compile takes ") || contains(message, "torch.compile took ")) {
            mark(m_startup.torchCompile, numberAfter(message, contains(message, "takes ") ? "takes " : "took "));
        } else if (contains(message, "Graph capturing finished in ")) {
            mark(m_startup.cudaGraphs, numberAfter(message, "Graph capturing finished in "));
            m_startup.cudaGraphMemoryGiB = numberAfter(message, ", took ");
        } else if (contains(message, "GPU KV cache size: ")) {
            if (const auto tokens = countAfter(message, "GPU KV cache size: ", true))
                m_startup.kvCacheTokens = tokens;
            maxConcurrency(message);
            mark(m_startup.kvCache);
        } else if (message.starts_with("# ") && contains(message, " blocks: ")) {
            // V0 "# GPU blocks: 189945, # CPU blocks: 21845" and "# cuda blocks: 7191, …".
            if (const auto blocks = countAfter(message, " blocks: "))
                m_startup.gpuBlocks = blocks;
            mark(m_startup.kvCache);
        } else if (message.starts_with("Maximum concurrency for ")) {
            maxConcurrency(message);
        } else if (contains(message, "init engine (profile, create kv cache, warmup model) took ")) {
            mark(m_startup.engineInit, numberAfter(message, "warmup model) took "));
            m_startup.compilationSeconds = numberAfter(message, "(compilation: ");
        } else if (message.starts_with("Starting vLLM API server ") || message.starts_with("Starting vLLM server on ")) {
            mark(m_startup.serverStarting);
        }
    }

private:
    void maxConcurrency(std::string_view message)
    {
        const std::size_t at = message.find("Maximum concurrency for ");
        if (at == std::string_view::npos)
            return;
        const std::size_t colon = message.find(": ", at);
        if (colon != std::string_view::npos)
            m_startup.maxConcurrency = leadingNumber(message.substr(colon + 2));
    }

    template<typename Mark>
    void scanStorageInitializer(std::string_view message, const Mark &mark)
    {
        if (message.starts_with("Initializing, args: src_uri [")) {
            const std::string_view rest = message.substr(29);
            m_startup.storageSourceUri = std::string(rest.substr(0, rest.find(']')));
            if (!m_startup.storageInitializing)
                mark(m_startup.storageInitializing);
        } else if (message.starts_with("Copying contents of ")) {
            if (m_startup.storageSourceUri.empty()) {
                const std::string_view rest = message.substr(20);
                m_startup.storageSourceUri = std::string(rest.substr(0, rest.rfind(" to local")));
            }
            if (!m_startup.storageInitializing)
                mark(m_startup.storageInitializing);
        } else if (message.starts_with("Successfully copied ")) {
            mark(m_startup.storageCopied);
        } else if (message.starts_with("Model downloaded in ")) {
            mark(m_startup.storageDownloaded, leadingNumber(message.substr(20)));
        }
    }

    VllmStartup &m_startup;
};

} // namespace

VllmStartup parseVllmStartup(std::string_view logText, int year, std::chrono::minutes utcOffset)
{
    VllmStartup startup;
    MarkerScanner scanner(startup);
    std::string scratch;
    std::optional<SystemTime> previous;
    int currentYear = year;
    std::size_t position = 0;
    while (position < logText.size()) {
        std::size_t end = logText.find('\n', position);
        if (end == std::string_view::npos)
            end = logText.size();
        const std::string_view raw = logText.substr(position, end - position);
        position = end + 1;
        ++startup.lines;
        LogLine line = parseLogLine(raw, currentYear, utcOffset, scratch);
        // vLLM's dates have no year: a line far before the one above it is in the next year.
        if (line.format == LogLine::Format::Vllm && line.time && previous
            && *line.time + std::chrono::days(180) < *previous) {
            ++currentYear;
            line = parseLogLine(raw, currentYear, utcOffset, scratch);
        }
        if (line.time) {
            if (!startup.firstTimestamp)
                startup.firstTimestamp = line.time;
            startup.lastTimestamp = line.time;
            previous = line.time;
        }
        scanner.scan(line.message, line.time ? line.time : previous, startup.lines, line.format);
    }
    return startup;
}

} // namespace gantry::fleet
