#pragma once

#include "backend/kube/cancellation.h"

#include <curl/curl.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace gantry::kube::detail {

// One easy handle driven by its own multi handle. The multi handle keeps the
// connection cache (TCP + TLS sessions, HTTP/2 connections), so a session
// reused for the next request reuses its connection; driving the transfer
// ourselves lets a cancel take effect within one poll slice.
class CurlSession
{
public:
    CurlSession();
    ~CurlSession();
    CurlSession(const CurlSession &) = delete;
    CurlSession &operator=(const CurlSession &) = delete;

    CURL *easy() const { return m_easy; }

    // Runs the transfer configured on easy() to its end. Returns CURLE_ABORTED_BY_CALLBACK
    // when `cancellation` fired (the transfer is then abandoned and its connection closed).
    CURLcode perform(const Cancellation &cancellation);

    // Clears the request options, keeping the connection cache, for the next request.
    void reset();

private:
    CURL *m_easy = nullptr;
    CURLM *m_multi = nullptr;
};

// Idle sessions for reuse, most recently used first. Thread-safe.
class CurlSessionPool
{
public:
    explicit CurlSessionPool(std::size_t maxIdle);

    std::unique_ptr<CurlSession> take();
    void give(std::unique_ptr<CurlSession> session);

private:
    const std::size_t m_maxIdle;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<CurlSession>> m_idle;
};

} // namespace gantry::kube::detail
