#include "backend/kube/curlsession.h"

#include <mutex>

namespace gantry::kube::detail {

namespace {

// The longest a transfer waits for data before it looks again. Cancellation wakes
// it at once (curl_multi_wakeup), so this only bounds the wait; curl shortens it
// by itself when one of its own timeouts is due.
constexpr int pollSliceMs = 30000;

void initializeCurlOnce()
{
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

} // namespace

CurlSession::CurlSession()
{
    initializeCurlOnce();
    m_easy = curl_easy_init();
    m_multi = curl_multi_init();
}

CurlSession::~CurlSession()
{
    if (m_multi)
        curl_multi_cleanup(m_multi);
    if (m_easy)
        curl_easy_cleanup(m_easy);
}

CURLcode CurlSession::perform(const Cancellation &cancellation)
{
    if (!m_easy || !m_multi)
        return CURLE_OUT_OF_MEMORY;
    if (cancellation.isCancelled())
        return CURLE_ABORTED_BY_CALLBACK;
    if (curl_multi_add_handle(m_multi, m_easy) != CURLM_OK)
        return CURLE_FAILED_INIT;

    CURLM *multi = m_multi;
    const Cancellation::Subscription wakeOnCancel = cancellation.onCancel([multi] { curl_multi_wakeup(multi); });
    CURLcode result = CURLE_OK;
    bool finished = false;
    while (!finished) {
        int running = 0;
        if (curl_multi_perform(m_multi, &running) != CURLM_OK) {
            result = CURLE_FAILED_INIT;
            break;
        }
        int queued = 0;
        while (CURLMsg *message = curl_multi_info_read(m_multi, &queued)) {
            if (message->msg == CURLMSG_DONE && message->easy_handle == m_easy) {
                result = message->data.result;
                finished = true;
            }
        }
        if (finished)
            break;
        if (cancellation.isCancelled()) {
            result = CURLE_ABORTED_BY_CALLBACK;
            break;
        }
        curl_multi_poll(m_multi, nullptr, 0, pollSliceMs, nullptr);
    }
    curl_multi_remove_handle(m_multi, m_easy);
    return result;
}

void CurlSession::reset()
{
    if (m_easy)
        curl_easy_reset(m_easy);
}

CurlSessionPool::CurlSessionPool(std::size_t maxIdle)
    : m_maxIdle(maxIdle)
{
}

std::unique_ptr<CurlSession> CurlSessionPool::take()
{
    {
        std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            auto session = std::move(m_idle.back());
            m_idle.pop_back();
            return session;
        }
    }
    return std::make_unique<CurlSession>();
}

void CurlSessionPool::give(std::unique_ptr<CurlSession> session)
{
    session->reset();
    std::lock_guard lock(m_mutex);
    if (m_idle.size() < m_maxIdle)
        m_idle.push_back(std::move(session));
}

} // namespace gantry::kube::detail
