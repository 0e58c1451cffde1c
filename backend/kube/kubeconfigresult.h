#pragma once

#include "backend/core/result.h"

#include <string>

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
using KubeconfigResult = Result<T, KubeconfigError>;

} // namespace gantry::kube
