#pragma once

#include "backend/actions/actioncontext.h"
#include "backend/actions/prewarmaction.h"

#include <QObject>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

class QTimer;

namespace gantry {

/// Starts a prewarm, follows its per-node progress and cancels it, with every
/// blocking call on the thread pool. Progress is read once per interval until
/// every node has finished; one read at a time, and reads of a run that was
/// replaced are dropped. Deleting the controller stops following; the Jobs or
/// the cache on the cluster carry on (only cancel() stops them).
class PrewarmController : public QObject
{
    Q_OBJECT

public:
    explicit PrewarmController(actions::ActionContext context, QObject *parent = nullptr);

    void start(const actions::PrewarmSpec &spec);
    /// Deletes what start() created; progress is followed until every node reports gone.
    void cancel();
    void setPollInterval(std::chrono::milliseconds interval);

    /// A start or cancel request is in flight.
    bool busy() const { return m_busy; }
    /// Started, and not every node has finished.
    bool following() const { return m_handle.has_value() && !m_finished; }
    const std::optional<actions::PrewarmHandle> &handle() const { return m_handle; }
    bool readOnlyClient() const;

Q_SIGNALS:
    void started();
    void progressChanged(const std::vector<gantry::actions::NodePrewarmProgress> &progress);
    /// Every node succeeded, failed or is gone.
    void finished();
    void cancelled(int deleted);
    /// A start, cancel or progress read failed, in words.
    void failed(const QString &message);
    void busyChanged(bool busy);

private:
    void poll();
    void setBusy(bool busy);

    actions::ActionContext m_context;
    std::shared_ptr<const actions::PrewarmAction> m_action;
    std::optional<actions::PrewarmHandle> m_handle;
    std::uint64_t m_generation = 0;
    bool m_busy = false;
    bool m_polling = false;
    bool m_finished = false;
    QTimer *m_timer = nullptr;
};

} // namespace gantry
