#pragma once

#include <exception>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gantry::sim {

/// Input the API server would refuse, with the message it gives. Thrown inside the
/// apimachinery functions to unwind from deep in a parse or merge, and always
/// caught before they return: none of them throws to its caller.
struct ApiFailure
{
    std::string message;
};

[[noreturn]] inline void throwFailure(std::string message)
{
    throw ApiFailure{std::move(message)};
}

/// What `body` returns, or nullopt once it throws: then `*error` (when given) is
/// the ApiFailure's text, or for any other exception (bad_alloc, a json type
/// error) `context` followed by what().
template <typename Body>
auto catchFailures(Body &&body, std::string *error, std::string_view context) -> std::optional<decltype(body())>
{
    std::string message;
    try {
        return body();
    } catch (const ApiFailure &failure) {
        message = failure.message;
    } catch (const std::exception &failure) {
        message = std::string(context) + failure.what();
    }
    if (error)
        *error = std::move(message);
    return std::nullopt;
}

} // namespace gantry::sim
