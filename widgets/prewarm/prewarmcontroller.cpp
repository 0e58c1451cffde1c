#include "widgets/prewarm/prewarmcontroller.h"

#include "widgets/scaling/backgroundcall.h"

#include <QTimer>

#include <algorithm>

namespace gantry {

namespace {

QString qs(const std::string &text)
{
    QString words = QString::fromStdString(text);
    if (!words.isEmpty())
        words[0] = words[0].toUpper();
    return words;
}

} // namespace

PrewarmController::PrewarmController(actions::ActionContext context, QObject *parent)
    : QObject(parent)
    , m_context(std::move(context))
    , m_action(std::make_shared<const actions::PrewarmAction>(m_context))
    , m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    m_timer->setInterval(std::chrono::milliseconds(1000));
    connect(m_timer, &QTimer::timeout, this, &PrewarmController::poll);
}

bool PrewarmController::readOnlyClient() const
{
    return m_context.client && m_context.client->readOnly();
}

void PrewarmController::setPollInterval(std::chrono::milliseconds interval)
{
    m_timer->setInterval(interval);
}

void PrewarmController::setBusy(bool busy)
{
    if (busy == m_busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

void PrewarmController::start(const actions::PrewarmSpec &spec)
{
    if (m_busy || !m_context.client)
        return;
    const std::uint64_t generation = ++m_generation;
    m_handle.reset();
    m_finished = false;
    m_timer->stop();
    setBusy(true);
    runInBackground(
        this, [action = m_action, spec] { return action->start(spec); },
        [this, generation](actions::ActionResult<actions::PrewarmHandle> result) {
            setBusy(false);
            if (generation != m_generation)
                return;
            if (!result) {
                Q_EMIT failed(qs(result.error().message()));
                return;
            }
            m_handle = std::move(*result);
            Q_EMIT started();
            poll();
        });
}

void PrewarmController::cancel()
{
    if (m_busy || !m_handle)
        return;
    setBusy(true);
    const std::uint64_t generation = m_generation;
    runInBackground(
        this, [action = m_action, handle = *m_handle] { return action->cancel(handle); },
        [this, generation](actions::ActionResult<std::size_t> result) {
            setBusy(false);
            if (generation != m_generation)
                return;
            if (!result) {
                Q_EMIT failed(qs(result.error().message()));
                return;
            }
            Q_EMIT cancelled(static_cast<int>(*result));
            m_finished = false; // follow until every node reports gone
            poll();
        });
}

void PrewarmController::poll()
{
    if (!m_handle || m_polling)
        return;
    m_polling = true;
    const std::uint64_t generation = m_generation;
    runInBackground(
        this, [action = m_action, handle = *m_handle] { return action->progress(handle); },
        [this, generation](kube::ApiResult<std::vector<actions::NodePrewarmProgress>> result) {
            m_polling = false;
            if (generation != m_generation)
                return;
            if (!result) {
                // A failed read is no failed prewarm: say so and try again.
                Q_EMIT failed(tr("Could not read the progress: %1").arg(qs(result.error().summary())));
                m_timer->start();
                return;
            }
            const bool done = !result->empty() && std::all_of(result->begin(), result->end(),
                                                              [](const auto &node) { return node.finished(); });
            Q_EMIT progressChanged(*result);
            if (done) {
                m_finished = true;
                Q_EMIT finished();
                return;
            }
            m_timer->start();
        });
}

} // namespace gantry
