#include "sim/scenario/suggestions.h"

#include <algorithm>
#include <cctype>

namespace gantry::sim {

namespace {

// Words longer than this are not typos of a schema key; skipping them keeps a
// hostile file with megabyte-long keys from costing quadratic time.
constexpr std::size_t kMaxComparedLength = 64;

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Edit distance counting a swap of neighbours as one edit ("chta" → "chat"), as
// typos go (optimal string alignment), with case differences free.
std::size_t editDistance(std::string_view a, std::string_view b)
{
    const std::size_t width = b.size() + 1;
    std::vector<std::size_t> previous2(width);
    std::vector<std::size_t> previous(width);
    std::vector<std::size_t> current(width);
    for (std::size_t j = 0; j < width; ++j)
        previous[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        current[0] = i;
        for (std::size_t j = 1; j < width; ++j) {
            const std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]))
                current[j] = std::min(current[j], previous2[j - 2] + 1);
        }
        std::swap(previous2, previous);
        std::swap(previous, current);
    }
    return previous[b.size()];
}

} // namespace

std::string closestMatch(std::string_view word, const std::vector<std::string> &candidates)
{
    if (word.empty() || word.size() > kMaxComparedLength)
        return {};
    // About a third of the word may differ, but never all of it ("x" is no typo of "m").
    const std::size_t allowed = std::min(std::max<std::size_t>(1, word.size() / 3), word.size() - 1);
    std::string best;
    std::size_t bestDistance = allowed + 1;
    for (const std::string &candidate : candidates) {
        if (candidate.size() > kMaxComparedLength || candidate == word)
            continue;
        const std::size_t distance = editDistance(word, candidate);
        if (distance < bestDistance) {
            best = candidate;
            bestDistance = distance;
        }
    }
    return best;
}

std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates)
{
    const std::string match = closestMatch(word, candidates);
    return match.empty() ? std::string() : "; did you mean \"" + match + "\"?";
}

std::string joinAlternatives(const std::vector<std::string> &words, std::string_view lastSeparator)
{
    std::string out;
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i > 0)
            out += i + 1 == words.size() ? std::string(lastSeparator) : std::string(", ");
        out += words[i];
    }
    return out;
}

} // namespace gantry::sim
