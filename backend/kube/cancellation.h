#pragma once

#include <atomic>
#include <memory>

namespace gantry::kube {

/// A shared flag that stops a request from another thread. Copies share the
/// flag: hand one to the request and keep one to call cancel() with. A
/// default-constructed Cancellation owns a flag of its own that nobody else
/// can set. A cancelled request stops within about a tenth of a second.
class Cancellation
{
public:
    Cancellation()
        : m_flag(std::make_shared<std::atomic<bool>>(false))
    {
    }

    void cancel() const { m_flag->store(true, std::memory_order_release); }
    bool isCancelled() const { return m_flag->load(std::memory_order_acquire); }

private:
    std::shared_ptr<std::atomic<bool>> m_flag;
};

} // namespace gantry::kube
