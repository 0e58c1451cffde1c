#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/actionerror.h"
#include "backend/actions/deploymanifest.h"
#include "backend/actions/deployprogress.h"

#include <QObject>
#include <QThreadPool>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace gantry {

/// What to deploy: the form's spec, or a user's YAML when the YAML is in charge.
struct DeployRequest
{
    std::optional<actions::DeploySpec> spec; ///< set: deploy the form
    std::string yaml;                        ///< otherwise: this text
    std::string defaultNamespace = "default";
    bool dryRun = false;
    std::uint64_t generation = 0; ///< the caller's input generation, handed back in the outcome
};

/// How a deploy or dry run ended.
struct DeployOutcome
{
    bool dryRun = false;
    std::uint64_t generation = 0;
    std::optional<actions::ActionError> error; ///< none: the server accepted it
    nlohmann::json object;                     ///< the server's answer on success

    bool ok() const { return !error.has_value(); }
};

/// Runs DeployAction and DeployObserver, which block on the network, on a pool
/// of its own, and hands their results back on the thread the runner lives on.
/// Destroying it cancels what runs and waits for it (a cancelled request stops
/// within about a tenth of a second), so no result outlives the receiver.
class DeployRunner : public QObject
{
    Q_OBJECT

public:
    explicit DeployRunner(actions::ActionContext context, QObject *parent = nullptr);
    ~DeployRunner() override;

    const actions::ActionContext &context() const { return m_context; }
    bool deploying() const { return m_deploying; }
    bool following() const { return m_following; }

    /// Starts a dry run or a create; deployFinished() follows. One at a time.
    void deploy(const DeployRequest &request);
    /// Polls namespace/name until Ready, Failed, `timeout` or stopFollowing().
    void follow(const std::string &namespaceName, const std::string &name, std::chrono::milliseconds interval,
                std::chrono::milliseconds timeout);
    void stopFollowing();

Q_SIGNALS:
    void deployFinished(const gantry::DeployOutcome &outcome);
    /// Each progress that differs from the one before.
    void progressChanged(const gantry::actions::DeployProgress &progress);
    /// Following ended by itself: `error` is "" when the service reached Ready or Failed.
    void followEnded(const QString &error);

private:
    const actions::ActionContext m_context;
    kube::Cancellation m_deployCancellation;
    kube::Cancellation m_followCancellation;
    bool m_deploying = false;
    bool m_following = false;
    QThreadPool m_pool;
};

} // namespace gantry
