#include "backend/actions/auditlog.h"

#include "backend/kube/restclient.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

namespace gantry::actions {

AuditLog::AuditLog(const std::string &dataDirectory)
    : m_path((std::filesystem::path(dataDirectory) / "audit.jsonl").string())
{
    std::error_code error;
    const bool existed = std::filesystem::exists(dataDirectory, error);
    if (!existed && std::filesystem::create_directories(dataDirectory, error)) {
        // Only a folder created here is narrowed; a user's existing folder keeps its mode.
        ::chmod(dataDirectory.c_str(), 0700);
    }
    m_fd = ::open(m_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
    if (m_fd < 0)
        m_error = "cannot open the audit log " + m_path + ": " + std::strerror(errno);
}

AuditLog::~AuditLog()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

std::string AuditLog::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

std::string AuditLog::toJsonLine(const AuditRecord &record)
{
    // Ordered: time first, as a reader scanning the file expects.
    const nlohmann::ordered_json line = {
        { "time", formatRfc3339(record.time) },
        { "context", record.context },
        { "user", record.user },
        { "verb", record.verb },
        { "object", { { "kind", record.kind }, { "namespace", record.namespaceName }, { "name", record.name } } },
        { "summary", record.summary },
        { "dryRun", record.dryRun },
        { "result", record.result },
    };
    // Invalid UTF-8 from a user's input is replaced rather than failing the record.
    return line.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
}

bool AuditLog::append(const AuditRecord &record)
{
    const std::string line = toJsonLine(record) + "\n";
    std::lock_guard lock(m_mutex);
    if (m_fd < 0)
        return false;
    // One write() per line: with O_APPEND the kernel places it whole at the end,
    // whoever else is appending. A short write (disk full) is reported, not retried,
    // because a second write could land after another writer's line.
    ssize_t written;
    do {
        written = ::write(m_fd, line.data(), line.size());
    } while (written < 0 && errno == EINTR);
    if (written != static_cast<ssize_t>(line.size())) {
        m_error = "cannot write the audit log " + m_path + ": "
            + (written < 0 ? std::string(std::strerror(errno)) : std::string("short write"));
        return false;
    }
    m_error.clear();
    return true;
}

std::string defaultDataDirectory()
{
    const char *data = std::getenv("XDG_DATA_HOME");
    if (data && *data == '/')
        return std::string(data) + "/gantry";
    const char *home = std::getenv("HOME");
    return std::string(home && *home ? home : ".") + "/.local/share/gantry";
}

std::string defaultAuditPath()
{
    return defaultDataDirectory() + "/audit.jsonl";
}

std::string currentUserName(kube::RestClient &client)
{
    if (client.readOnly())
        return {};
    const kube::ResourceRef reviews { "authentication.k8s.io", "v1", "selfsubjectreviews", {}, {}, {} };
    const kube::JsonResult review =
        client.create(reviews, { { "apiVersion", "authentication.k8s.io/v1" }, { "kind", "SelfSubjectReview" } });
    if (!review)
        return {};
    const nlohmann::json *user = &*review;
    for (const char *key : { "status", "userInfo", "username" }) {
        if (!user->is_object() || !user->contains(key))
            return {};
        user = &(*user)[key];
    }
    return user->is_string() ? user->get<std::string>() : std::string();
}

std::string redactUri(std::string_view uri)
{
    std::string out(uri);
    const std::size_t scheme = out.find("://");
    if (scheme != std::string::npos) {
        const std::size_t hostStart = scheme + 3;
        const std::size_t pathStart = std::min(out.find('/', hostStart), out.size());
        const std::size_t at = out.rfind('@', pathStart);
        if (at != std::string::npos && at >= hostStart && at < pathStart)
            out.erase(hostStart, at + 1 - hostStart);
    }
    const std::size_t query = out.find('?');
    if (query != std::string::npos)
        out = out.substr(0, query) + "?…";
    return out;
}

} // namespace gantry::actions
