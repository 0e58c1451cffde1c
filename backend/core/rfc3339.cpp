#include "backend/core/rfc3339.h"

#include <cstdio>

namespace gantry {

namespace {

using namespace std::chrono;

std::string formatDate(SystemTime time, bool micro)
{
    const auto seconds = floor<std::chrono::seconds>(time);
    const auto days = floor<std::chrono::days>(seconds);
    const year_month_day date{days};
    const hh_mm_ss clock{seconds - days};
    char buffer[64];
    if (micro) {
        const auto fraction = duration_cast<microseconds>(time - seconds).count();
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%06lldZ", int(date.year()),
                      unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                      int(clock.minutes().count()), int(clock.seconds().count()), static_cast<long long>(fraction));
    } else {
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()), unsigned(date.month()),
                      unsigned(date.day()), int(clock.hours().count()), int(clock.minutes().count()),
                      int(clock.seconds().count()));
    }
    return buffer;
}

bool readDigits(std::string_view text, std::size_t &pos, std::size_t count, int &value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9')
            return false;
        value = value * 10 + (c - '0');
    }
    pos += count;
    return true;
}

bool expect(std::string_view text, std::size_t &pos, char c)
{
    if (pos >= text.size() || (text[pos] != c && !(c == 'T' && text[pos] == 't')))
        return false;
    ++pos;
    return true;
}

} // namespace

std::string formatRfc3339(SystemTime time)
{
    return formatDate(time, false);
}

std::string formatRfc3339Micro(SystemTime time)
{
    return formatDate(time, true);
}

std::optional<SystemTime> parseRfc3339(std::string_view text)
{
    std::size_t pos = 0;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!readDigits(text, pos, 4, y) || !expect(text, pos, '-') || !readDigits(text, pos, 2, mo)
        || !expect(text, pos, '-') || !readDigits(text, pos, 2, d) || !expect(text, pos, 'T')
        || !readDigits(text, pos, 2, h) || !expect(text, pos, ':') || !readDigits(text, pos, 2, mi)
        || !expect(text, pos, ':') || !readDigits(text, pos, 2, s))
        return std::nullopt;
    const year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
    if (!date.ok() || h > 23 || mi > 59 || s > 60)
        return std::nullopt;

    nanoseconds fraction{0};
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        long long scale = 100000000;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += nanoseconds((text[pos] - '0') * scale);
            scale /= 10;
            ++pos;
            ++digits;
        }
        if (digits == 0)
            return std::nullopt;
    }

    minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        ++pos;
        int oh = 0, om = 0;
        if (!readDigits(text, pos, 2, oh) || !expect(text, pos, ':') || !readDigits(text, pos, 2, om) || oh > 23
            || om > 59)
            return std::nullopt;
        offset = minutes(sign * (oh * 60 + om));
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;

    // Whole seconds first: they cannot overflow, while system_clock's 64-bit
    // nanoseconds only reach the years 1678 to 2262, and a four-digit year can
    // lie outside that.
    const sys_seconds utc = sys_days(date) + hours(h) + minutes(mi) + seconds(s) - offset;
    if (utc <= floor<seconds>(SystemTime::min()) || utc >= floor<seconds>(SystemTime::max()))
        return std::nullopt;
    return time_point_cast<system_clock::duration>(utc) + duration_cast<system_clock::duration>(fraction);
}

} // namespace gantry
