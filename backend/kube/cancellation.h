#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

namespace gantry::kube {

/// A shared flag that stops a request from another thread. Copies share the
/// flag: hand one to the request and keep one to call cancel() with. A
/// default-constructed Cancellation owns a flag of its own that nobody else
/// can set. A request waiting for data registers a wake-up with onCancel(), so
/// it stops at once without polling the flag (an idle console must not wake up
/// for nothing).
class Cancellation
{
    struct State
    {
        std::atomic<bool> flag{false};
        std::mutex mutex;
        std::map<int, std::function<void()>> wakers;
        int nextWaker = 0;
    };

public:
    /// Unregisters its wake-up when destroyed; after that it is never called.
    class Subscription
    {
    public:
        Subscription() = default;
        Subscription(std::shared_ptr<State> state, int id)
            : m_state(std::move(state))
            , m_id(id)
        {
        }
        Subscription(Subscription &&other) noexcept
            : m_state(std::move(other.m_state))
            , m_id(other.m_id)
        {
        }
        Subscription &operator=(Subscription &&) = delete;
        Subscription(const Subscription &) = delete;
        Subscription &operator=(const Subscription &) = delete;
        ~Subscription()
        {
            if (!m_state)
                return;
            std::lock_guard lock(m_state->mutex);
            m_state->wakers.erase(m_id);
        }

    private:
        std::shared_ptr<State> m_state;
        int m_id = 0;
    };

    Cancellation()
        : m_state(std::make_shared<State>())
    {
    }

    void cancel() const
    {
        m_state->flag.store(true, std::memory_order_release);
        std::lock_guard lock(m_state->mutex);
        for (const auto &entry : m_state->wakers)
            entry.second();
    }
    bool isCancelled() const { return m_state->flag.load(std::memory_order_acquire); }

    /// Calls `wake` (on the cancelling thread) when cancel() is called, while the
    /// returned subscription lives. Already cancelled: calls it at once.
    [[nodiscard]] Subscription onCancel(std::function<void()> wake) const
    {
        std::lock_guard lock(m_state->mutex);
        if (isCancelled())
            wake();
        const int id = m_state->nextWaker++;
        m_state->wakers.emplace(id, std::move(wake));
        return Subscription(m_state, id);
    }

private:
    std::shared_ptr<State> m_state;
};

} // namespace gantry::kube
