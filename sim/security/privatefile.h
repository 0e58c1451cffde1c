#pragma once

#include <string>

namespace gantry::sim {

/// Replaces `path` with `text` atomically (a temporary file beside it, renamed),
/// readable by the owner only because it holds credentials. False and `error`
/// naming the file and the system's reason when it cannot.
bool writePrivateFile(const std::string &path, const std::string &text, std::string *error);

} // namespace gantry::sim
