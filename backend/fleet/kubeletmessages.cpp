#include "backend/fleet/kubeletmessages.h"

#include "backend/fleet/goduration.h"

#include <charconv>

namespace gantry::fleet {

namespace {

// The text between the first pair of double quotes, and the position after the closing one.
std::string quoted(std::string_view text, std::size_t &after)
{
    const std::size_t open = text.find('"');
    const std::size_t close = open == std::string_view::npos ? open : text.find('"', open + 1);
    if (close == std::string_view::npos) {
        after = std::string_view::npos;
        return {};
    }
    after = close + 1;
    return std::string(text.substr(open + 1, close - open - 1));
}

// The first word; a sentence's full stop or comma is not part of it.
std::string_view word(std::string_view text)
{
    std::string_view result = text.substr(0, text.find_first_of(" ()"));
    while (!result.empty() && (result.back() == '.' || result.back() == ','))
        result.remove_suffix(1);
    return result;
}

template<typename T>
std::optional<T> number(std::string_view text)
{
    T value{};
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end == text.data())
        return std::nullopt;
    return value;
}

} // namespace

PulledMessage parsePulledMessage(std::string_view message)
{
    PulledMessage result;
    std::size_t after = 0;
    if (message.starts_with("Container image \"")) {
        result.image = quoted(message, after);
        result.alreadyPresent = after != std::string_view::npos
            && message.substr(after).find("already present on machine") != std::string_view::npos;
        result.recognized = result.alreadyPresent;
        return result;
    }
    if (!message.starts_with("Successfully pulled image \""))
        return result;
    result.image = quoted(message, after);
    if (after == std::string_view::npos)
        return result;
    std::string_view rest = message.substr(after);
    if (!rest.starts_with(" in "))
        return result;
    rest.remove_prefix(4);
    result.seconds = parseGoDuration(word(rest));
    result.recognized = result.seconds.has_value();
    if (const std::size_t open = rest.find(" ("); open != std::string_view::npos) {
        const std::string_view inner = rest.substr(open + 2);
        if (inner.find(" including waiting)") != std::string_view::npos)
            result.secondsIncludingWaiting = parseGoDuration(word(inner));
    }
    if (const std::size_t size = rest.find("Image size: "); size != std::string_view::npos)
        result.imageBytes = number<std::int64_t>(word(rest.substr(size + 12)));
    return result;
}

std::vector<ScaleUpGroup> parseScaleUpMessage(std::string_view message)
{
    std::vector<ScaleUpGroup> groups;
    std::size_t position = message.find("[{");
    while (position != std::string_view::npos && position < message.size()) {
        const std::size_t open = message.find('{', position);
        const std::size_t close = open == std::string_view::npos ? open : message.find('}', open);
        if (close == std::string_view::npos)
            break;
        // "<group> 1->2 (max: 5)"; group names contain no spaces.
        const std::string_view inner = message.substr(open + 1, close - open - 1);
        position = close + 1;
        const std::size_t space = inner.find(' ');
        const std::size_t arrow = inner.find("->");
        const std::size_t max = inner.find("(max: ");
        if (space == std::string_view::npos || arrow == std::string_view::npos || max == std::string_view::npos)
            continue;
        ScaleUpGroup group;
        group.group = std::string(inner.substr(0, space));
        const auto from = number<int>(inner.substr(space + 1, arrow - space - 1));
        const auto to = number<int>(word(inner.substr(arrow + 2)));
        const auto limit = number<int>(word(inner.substr(max + 6)));
        if (!from || !to || !limit)
            continue;
        group.from = *from;
        group.to = *to;
        group.max = *limit;
        groups.push_back(std::move(group));
    }
    return groups;
}

} // namespace gantry::fleet
