#pragma once

#include <string>

namespace gantry::buildinfo {

/// The project version from CMake, e.g. "0.1.0".
std::string projectVersion();

/// `git describe` of the tree the binary was built from, or "" outside a checkout.
std::string gitDescribe();

/// What `--version` prints: "0.1.0" or "0.1.0 (a1b2c3d-dirty)".
std::string versionLine();

} // namespace gantry::buildinfo
