#pragma once

#include <QCoreApplication>
#include <QMetaObject>
#include <QPointer>
#include <QThreadPool>

#include <memory>
#include <utility>

namespace gantry {

/// Runs the blocking `work` on the global thread pool and hands its result to
/// `done` on the UI thread, unless `receiver` is gone by then. The result is
/// posted to the application object, not to `receiver`: that one may be deleted
/// while the request is in flight (a dialog closed mid-apply), and whether it
/// still exists can only be asked safely on its own thread. `work` must own
/// what it uses (copies, shared pointers), never `receiver`'s members.
template <typename Work, typename Done>
void runInBackground(QObject *receiver, Work work, Done done)
{
    QPointer<QObject> guard(receiver);
    QThreadPool::globalInstance()->start([guard, work = std::move(work), done = std::move(done)]() mutable {
        using Result = decltype(work());
        auto result = std::make_shared<Result>(work());
        QCoreApplication *application = QCoreApplication::instance();
        if (!application)
            return;
        QMetaObject::invokeMethod(
            application,
            [guard, done, result] {
                if (guard)
                    done(std::move(*result));
            },
            Qt::QueuedConnection);
    });
}

} // namespace gantry
