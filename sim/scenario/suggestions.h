#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gantry::sim {

/// The candidate a typo most likely meant: equal ignoring case, or within a small
/// edit distance (about a third of the word). "" when nothing is close.
std::string closestMatch(std::string_view word, const std::vector<std::string> &candidates);

/// `; did you mean "gpusPerNode"?` for the closest candidate, or "".
std::string didYouMean(std::string_view word, const std::vector<std::string> &candidates);

/// "a, b, c or d", for "use one of …" messages.
std::string joinAlternatives(const std::vector<std::string> &words, std::string_view lastSeparator = " or ");

} // namespace gantry::sim
