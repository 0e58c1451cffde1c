#pragma once

#include <cstddef>
#include <string_view>

namespace gantry {

/// Length of the well-formed UTF-8 sequence starting at `pos`, or 0 (overlong
/// forms, surrogates and code points above U+10FFFF are not well-formed).
std::size_t utf8SequenceLength(std::string_view text, std::size_t pos);

/// The offset of the first byte that does not start a well-formed UTF-8
/// sequence, or std::string_view::npos when all of `text` is well-formed.
std::size_t firstInvalidUtf8(std::string_view text);

} // namespace gantry
