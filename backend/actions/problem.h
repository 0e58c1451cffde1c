#pragma once

#include <string>
#include <vector>

namespace gantry::actions {

/// One thing wrong with an action's input, found before anything is sent.
struct Problem {
    std::string field; ///< the object path or form field, e.g. "spec.predictor.minReplicas"
    std::string message; ///< what is wrong and what is allowed
    std::string value; ///< the offending value as the user gave it ("" when absent)

    /// "spec.predictor.minReplicas: must be at most maxReplicas (5) (got \"7\")".
    std::string text() const;
};

using Problems = std::vector<Problem>;

/// The problems as one line each, joined by "; ".
std::string problemsText(const Problems &problems);

} // namespace gantry::actions
