#pragma once

#include <cassert>
#include <utility>
#include <variant>

namespace gantry {

/// A value or the error that prevented it. Backend APIs report failures this way
/// and never throw; each area names its own error type (ApiError, KubeconfigError).
template<typename T, typename E>
class Result
{
public:
    Result(T value)
        : m_state(std::in_place_index<0>, std::move(value))
    {
    }
    Result(E error)
        : m_state(std::in_place_index<1>, std::move(error))
    {
    }

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    /// The value; only valid when ok().
    const T &value() const &
    {
        assert(ok());
        return *std::get_if<0>(&m_state);
    }
    T &value() &
    {
        assert(ok());
        return *std::get_if<0>(&m_state);
    }
    T &&value() &&
    {
        assert(ok());
        return std::move(*std::get_if<0>(&m_state));
    }
    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }

    /// The error; only valid when !ok().
    const E &error() const
    {
        assert(!ok());
        return *std::get_if<1>(&m_state);
    }

private:
    std::variant<T, E> m_state;
};

} // namespace gantry
