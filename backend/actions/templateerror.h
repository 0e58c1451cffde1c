#pragma once

#include <string>

namespace gantry::actions {

/// Why a template could not be read or rendered, naming the template or line.
struct TemplateError {
    std::string message;
};

} // namespace gantry::actions
