#include "backend/fleet/logline.h"

namespace gantry::fleet {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isUpper(char c)
{
    return c >= 'A' && c <= 'Z';
}

// The value of `count` digits at `at`, or -1.
int digits(std::string_view text, std::size_t at, std::size_t count)
{
    if (at + count > text.size())
        return -1;
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
        if (!isDigit(text[i]))
            return -1;
        value = value * 10 + (text[i] - '0');
    }
    return value;
}

// ESC [ params letter, and the same shown in caret notation ("^[[0;36m") when a
// log was copied from a terminal.
std::string stripAnsi(std::string_view line)
{
    std::string result;
    result.reserve(line.size());
    for (std::size_t i = 0; i < line.size();) {
        std::size_t introducer = 0;
        if (line[i] == '\x1b' && i + 1 < line.size() && line[i + 1] == '[')
            introducer = 2;
        else if (line.substr(i).starts_with("^[["))
            introducer = 3;
        if (introducer) {
            std::size_t j = i + introducer;
            while (j < line.size() && (isDigit(line[j]) || line[j] == ';'))
                ++j;
            if (j < line.size() && ((line[j] >= 'A' && line[j] <= 'Z') || (line[j] >= 'a' && line[j] <= 'z'))) {
                i = j + 1;
                continue;
            }
        }
        result.push_back(line[i]);
        ++i;
    }
    return result;
}

// "HH:MM:SS" at `at`.
bool clock(std::string_view text, std::size_t at, int &hour, int &minute, int &second)
{
    hour = digits(text, at, 2);
    minute = digits(text, at + 3, 2);
    second = digits(text, at + 6, 2);
    return hour >= 0 && minute >= 0 && second >= 0 && text[at + 2] == ':' && text[at + 5] == ':';
}

// What follows "file.py:123] " (or "[file.py:123] "), or nullopt when that is not there.
std::optional<std::string_view> afterFileInfo(std::string_view rest)
{
    if (rest.starts_with("["))
        rest.remove_prefix(1);
    const std::size_t close = rest.find("] ");
    if (close == std::string_view::npos || rest.substr(0, close).find(':') == std::string_view::npos)
        return std::nullopt;
    return rest.substr(close + 2);
}

std::optional<SystemTime> local(int year, int month, int day, int hour, int minute, double second,
                                std::chrono::minutes utcOffset)
{
    const auto time = civilTime(year, month, day, hour, minute, second);
    if (!time)
        return std::nullopt;
    return *time - utcOffset;
}

bool vllmLine(std::string_view line, int year, std::chrono::minutes utcOffset, LogLine &result)
{
    std::size_t level = 0;
    while (level < line.size() && isUpper(line[level]))
        ++level;
    if (level == 0 || level >= line.size())
        return false;
    if (line[level] == ':') {
        // uvicorn: "INFO:     Application startup complete."
        std::size_t start = level + 1;
        while (start < line.size() && line[start] == ' ')
            ++start;
        result.format = LogLine::Format::Uvicorn;
        result.message = line.substr(start);
        return true;
    }
    // "INFO 02-03 19:00:05 ": level, space, MM-DD, space, HH:MM:SS, space.
    const std::size_t at = level + 1;
    if (line[level] != ' ' || line.size() < at + 15 || line[at + 2] != '-' || line[at + 5] != ' ' || line[at + 14] != ' ')
        return false;
    const int month = digits(line, at, 2);
    const int day = digits(line, at + 3, 2);
    int hour = 0, minute = 0, second = 0;
    if (month < 0 || day < 0 || !clock(line, at + 6, hour, minute, second))
        return false;
    const auto message = afterFileInfo(line.substr(at + 15));
    if (!message)
        return false;
    if (!result.time)
        result.time = local(year, month, day, hour, minute, second, utcOffset);
    if (!result.time)
        return false; // "13-45 99:99:99" is not a vLLM stamp
    result.format = LogLine::Format::Vllm;
    result.message = *message;
    return true;
}

bool storageInitializerLine(std::string_view line, std::chrono::minutes utcOffset, LogLine &result)
{
    // "2025-08-27 10:42:55.912 1 kserve INFO [storage.py:download():111] Model downloaded in …"
    const int year = digits(line, 0, 4);
    if (year >= 0 && line.size() > 24 && line[4] == '-' && line[7] == '-' && line[10] == ' ' && line[19] == '.') {
        const int month = digits(line, 5, 2);
        const int day = digits(line, 8, 2);
        const int millis = digits(line, 20, 3);
        int hour = 0, minute = 0, second = 0;
        const std::size_t open = line.find(" [", 23);
        if (month < 0 || day < 0 || millis < 0 || !clock(line, 11, hour, minute, second) || open == std::string_view::npos)
            return false;
        const auto message = afterFileInfo(line.substr(open + 1));
        if (!message)
            return false;
        if (!result.time)
            result.time = local(year, month, day, hour, minute, second + millis / 1000.0, utcOffset);
        if (!result.time)
            return false;
        result.format = LogLine::Format::StorageInitializer;
        result.message = *message;
        return true;
    }
    // The older tornado-style "[I 211023 00:43:21 storage:52] …".
    if (line.size() > 20 && line[0] == '[' && isUpper(line[1]) && line[2] == ' ' && line[9] == ' ') {
        const int yy = digits(line, 3, 2), month = digits(line, 5, 2), day = digits(line, 7, 2);
        int hour = 0, minute = 0, second = 0;
        if (yy < 0 || month < 0 || day < 0 || !clock(line, 10, hour, minute, second))
            return false;
        const std::size_t close = line.find("] ", 18);
        if (close == std::string_view::npos)
            return false;
        if (!result.time)
            result.time = local(2000 + yy, month, day, hour, minute, second, utcOffset);
        if (!result.time)
            return false;
        result.format = LogLine::Format::StorageInitializer;
        result.message = line.substr(close + 2);
        return true;
    }
    return false;
}

} // namespace

std::optional<SystemTime> civilTime(int year, int month, int day, int hour, int minute, double second)
{
    using namespace std::chrono;
    const year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                              std::chrono::day(static_cast<unsigned>(day))};
    if (!date.ok() || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second >= 61)
        return std::nullopt;
    return SystemTime(sys_days(date)) + hours(hour) + minutes(minute)
        + duration_cast<system_clock::duration>(duration<double>(second));
}

LogLine parseLogLine(std::string_view line, int year, std::chrono::minutes utcOffset, std::string &scratch)
{
    while (!line.empty() && (line.back() == '\r' || line.back() == '\n'))
        line.remove_suffix(1);
    if (line.find('\x1b') != std::string_view::npos || line.find("^[[") != std::string_view::npos) {
        scratch = stripAnsi(line);
        line = scratch;
    }
    LogLine result;
    // kubectl logs --timestamps: "2026-11-23T10:00:05.123456789Z " in UTC, finer than the line's own.
    if (line.size() > 21 && line[4] == '-' && line[10] == 'T') {
        const std::size_t space = line.find(' ');
        if (const auto time = parseRfc3339(line.substr(0, space)); time && space != std::string_view::npos) {
            result.time = time;
            line.remove_prefix(space + 1);
        }
    }
    // vLLM's process prefix "(EngineCore_DP0 pid=441) ", written outside the formatter.
    if (line.starts_with("(")) {
        const std::size_t close = line.find(") ");
        if (close != std::string_view::npos && line.substr(0, close).find(" pid=") != std::string_view::npos)
            line.remove_prefix(close + 2);
    }
    if (vllmLine(line, year, utcOffset, result) || storageInitializerLine(line, utcOffset, result))
        return result;
    result.format = LogLine::Format::Plain;
    result.message = line;
    return result;
}

} // namespace gantry::fleet
