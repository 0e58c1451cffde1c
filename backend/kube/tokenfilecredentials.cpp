#include "backend/kube/tokenfilecredentials.h"

#include "backend/kube/kubeconfigio.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace gantry::kube {

namespace {

bool sameTime(const std::timespec &a, const std::timespec &b)
{
    return a.tv_sec == b.tv_sec && a.tv_nsec == b.tv_nsec;
}

std::string trimmed(const std::string &text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos)
        return {};
    const auto last = text.find_last_not_of(" \t\r\n");
    return text.substr(first, last - first + 1);
}

} // namespace

TokenFileCredentialProvider::TokenFileCredentialProvider(std::string path, std::chrono::milliseconds recheck)
    : m_path(std::move(path))
    , m_recheck(recheck)
{
}

CredentialResult TokenFileCredentialProvider::current()
{
    std::lock_guard lock(m_mutex);
    struct stat info{};
    // stat follows the ..data symlink a projected volume swaps on rotation, so
    // the time changes with the token.
    if (::stat(m_path.c_str(), &info) != 0)
        return {{}, "cannot read token file " + m_path + ": " + std::strerror(errno)};
    const auto now = std::chrono::steady_clock::now();
    const bool fresh = m_valid && sameTime(info.st_mtim, m_modified) && now - m_readAt < m_recheck;
    if (!fresh) {
        const detail::FileContents file = detail::readWholeFile(m_path);
        if (file.status != detail::FileContents::Status::Ok)
            return {{}, "cannot read token file " + m_path + ": " + file.problem};
        std::string token = trimmed(file.content);
        if (token.empty())
            return {{}, "token file " + m_path + " is empty"};
        m_token = std::move(token);
        m_modified = info.st_mtim;
        m_readAt = now;
        m_valid = true;
    }
    Credential credential;
    credential.bearerToken = m_token;
    return {std::move(credential), {}};
}

void TokenFileCredentialProvider::invalidate()
{
    std::lock_guard lock(m_mutex);
    m_valid = false;
}

std::string TokenFileCredentialProvider::describe() const
{
    return "token file " + m_path;
}

} // namespace gantry::kube
