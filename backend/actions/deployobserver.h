#pragma once

#include "backend/actions/deployprogress.h"
#include "backend/kube/objectstore.h"
#include "backend/kube/restclient.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>

namespace gantry::actions {

/// Follows one InferenceService to Ready or to a failure. Two sources, one verdict
/// (assessDeployment): the console's ObjectStore, which costs no I/O and suits a
/// store subscriber; or the API, which works without informers (a headless
/// `gantry` command, tests). The API calls block: never on the UI thread.
class DeployObserver {
public:
    using ProgressHandler = std::function<void(const DeployProgress &progress)>;

    DeployObserver(std::shared_ptr<kube::RestClient> client, std::string namespaceName, std::string name);

    /// One look through the API: the service, its pods (label
    /// serving.kserve.io/inferenceservice) and their FailedScheduling events.
    kube::ApiResult<DeployProgress> poll(const kube::Cancellation &cancellation = {}) const;

    /// Polls every `interval` until finished(), `timeout`, or cancellation, calling
    /// `onProgress` (on the calling thread) with each progress that differs from the
    /// last. Returns the last progress, or the error that stopped it.
    kube::ApiResult<DeployProgress> follow(const ProgressHandler &onProgress, std::chrono::milliseconds interval,
        std::chrono::milliseconds timeout, const kube::Cancellation &cancellation = {}) const;

    /// The progress of `namespaceName/name` as the store holds it; no I/O, any thread.
    static DeployProgress fromStore(
        const kube::ObjectStore &store, const std::string &namespaceName, const std::string &name);

private:
    std::shared_ptr<kube::RestClient> m_client;
    std::string m_namespace;
    std::string m_name;
};

} // namespace gantry::actions
