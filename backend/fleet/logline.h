#pragma once

#include "backend/core/rfc3339.h"

#include <chrono>
#include <optional>
#include <string_view>

namespace gantry::fleet {

/// One log line with its decorations taken off.
struct LogLine
{
    enum class Format { Plain, Vllm, Uvicorn, StorageInitializer };
    Format format = Format::Plain;
    std::optional<SystemTime> time; ///< the line's own timestamp, else kubelet's --timestamps prefix
    std::string_view message;       ///< a view into the caller's buffer or `scratch`
};

/// Splits a line into its timestamp and message: vLLM's "LEVEL MM-DD HH:MM:SS
/// [file.py:123] msg" (with or without the bracket, after an optional ANSI-coloured
/// "(proc pid=N) " prefix), uvicorn's "INFO:     msg", KServe's "YYYY-MM-DD
/// HH:MM:SS.mmm pid name LEVEL [where] msg" and its older "[I 211023 00:43:21 file:52] msg".
/// `year` completes vLLM's date; `scratch` holds the line when ANSI codes had to be removed.
LogLine parseLogLine(std::string_view line, int year, std::chrono::minutes utcOffset, std::string &scratch);

/// A calendar time from fields, or nullopt when they are out of range.
std::optional<SystemTime> civilTime(int year, int month, int day, int hour, int minute, double second);

} // namespace gantry::fleet
