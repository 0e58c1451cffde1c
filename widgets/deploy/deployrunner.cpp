#include "widgets/deploy/deployrunner.h"

#include "backend/actions/deployaction.h"
#include "backend/actions/deployobserver.h"

namespace gantry {

DeployRunner::DeployRunner(actions::ActionContext context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
{
    m_pool.setMaxThreadCount(2); // one deploy and one follow
}

DeployRunner::~DeployRunner()
{
    m_deployCancellation.cancel();
    m_followCancellation.cancel();
    m_pool.waitForDone();
}

void DeployRunner::deploy(const DeployRequest &request)
{
    m_deploying = true;
    m_pool.start([this, request, context = m_context, cancellation = m_deployCancellation] {
        actions::ActionOptions options;
        options.dryRunOnly = request.dryRun;
        options.cancellation = cancellation;
        const actions::DeployAction action(context);
        const auto result = request.spec ? action.deploy(*request.spec, options)
                                         : action.deployYaml(request.yaml, request.defaultNamespace, options);
        DeployOutcome outcome;
        outcome.dryRun = request.dryRun;
        outcome.generation = request.generation;
        if (result)
            outcome.object = *result;
        else
            outcome.error = result.error();
        QMetaObject::invokeMethod(
            this,
            [this, outcome] {
                m_deploying = false;
                Q_EMIT deployFinished(outcome);
            },
            Qt::QueuedConnection);
    });
}

void DeployRunner::follow(const std::string &namespaceName, const std::string &name,
                          std::chrono::milliseconds interval, std::chrono::milliseconds timeout)
{
    stopFollowing();
    m_following = true;
    m_pool.start([this, observer = actions::DeployObserver(m_context.client, namespaceName, name), interval, timeout,
                  cancellation = m_followCancellation] {
        const auto last = observer.follow(
            [&](const actions::DeployProgress &progress) {
                QMetaObject::invokeMethod(
                    this,
                    [this, progress, cancellation] {
                        if (!cancellation.isCancelled())
                            Q_EMIT progressChanged(progress);
                    },
                    Qt::QueuedConnection);
            },
            interval, timeout, cancellation);
        const QString error = last ? QString() : QString::fromStdString(last.error().summary());
        QMetaObject::invokeMethod(
            this,
            [this, error, cancellation] {
                if (cancellation.isCancelled())
                    return; // stopped on purpose: nobody waits for the verdict
                m_following = false;
                Q_EMIT followEnded(error);
            },
            Qt::QueuedConnection);
    });
}

void DeployRunner::stopFollowing()
{
    m_followCancellation.cancel();
    m_followCancellation = kube::Cancellation();
    m_following = false;
}

} // namespace gantry
