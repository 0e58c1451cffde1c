#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace gantry::kube {

/// Why a kubeconfig could not be loaded or used. The message is complete on its
/// own: it names the file (and the line and column when the YAML is at fault)
/// and the problem, and it never contains a token, password or key.
struct KubeconfigError
{
    std::string message;
    std::string file; ///< the file at fault; empty when no single file is
    int line = 0;     ///< 1-based; 0 when unknown
    int column = 0;   ///< 1-based; 0 when unknown
};

/// A value or the KubeconfigError that prevented it; the kubeconfig API reports
/// failures this way and never throws.
template<typename T>
class KubeconfigResult
{
public:
    KubeconfigResult(T value)
        : m_state(std::move(value))
    {
    }
    KubeconfigResult(KubeconfigError error)
        : m_state(std::move(error))
    {
    }

    bool ok() const { return std::holds_alternative<T>(m_state); }
    explicit operator bool() const { return ok(); }

    /// The value; only valid when ok().
    const T &value() const &
    {
        assert(ok());
        return *std::get_if<T>(&m_state);
    }
    T &value() &
    {
        assert(ok());
        return *std::get_if<T>(&m_state);
    }
    T &&value() &&
    {
        assert(ok());
        return std::move(*std::get_if<T>(&m_state));
    }
    const T *operator->() const { return &value(); }
    const T &operator*() const { return value(); }

    /// The error; only valid when !ok().
    const KubeconfigError &error() const
    {
        assert(!ok());
        return *std::get_if<KubeconfigError>(&m_state);
    }

private:
    std::variant<T, KubeconfigError> m_state;
};

} // namespace gantry::kube
