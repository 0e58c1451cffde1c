#include "sim/security/kubeconfigwriter.h"
#include "sim/security/privatefile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <system_error>
#include <vector>

namespace gantry::sim {

namespace {

bool failWithErrno(std::string *error, const std::string &what, int code)
{
    if (error != nullptr)
        *error = what + ": " + std::generic_category().message(code);
    return false;
}

bool writeAll(int fd, const std::string &text)
{
    std::size_t written = 0;
    while (written < text.size()) {
        const ssize_t result = ::write(fd, text.data() + written, text.size() - written);
        if (result < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        written += static_cast<std::size_t>(result);
    }
    return true;
}

// Makes the rename itself durable; best effort, the file is already complete.
void syncParentDirectory(const std::string &path)
{
    const std::size_t slash = path.rfind('/');
    const std::string directory = slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

// Removes the temporary file unless it was renamed into place.
class TemporaryFile
{
public:
    explicit TemporaryFile(const std::string &target)
        : m_name(target.begin(), target.end())
    {
        static constexpr char suffix[] = ".tmp-XXXXXX";
        m_name.insert(m_name.end(), suffix, suffix + sizeof suffix);
        // mkostemp creates the file with mode 0600 before anything is written to it.
        m_fd = ::mkostemp(m_name.data(), O_CLOEXEC);
        m_created = m_fd >= 0;
    }
    TemporaryFile(const TemporaryFile &) = delete;
    TemporaryFile &operator=(const TemporaryFile &) = delete;
    ~TemporaryFile()
    {
        if (m_fd >= 0)
            ::close(m_fd);
        if (m_created && !m_renamed)
            ::unlink(m_name.data());
    }

    bool isOpen() const { return m_fd >= 0; }
    int fd() const { return m_fd; }
    bool close()
    {
        const int fd = m_fd;
        m_fd = -1;
        return ::close(fd) == 0;
    }
    bool renameTo(const std::string &target)
    {
        m_renamed = ::rename(m_name.data(), target.c_str()) == 0;
        return m_renamed;
    }

private:
    std::vector<char> m_name;
    int m_fd = -1;
    bool m_created = false;
    bool m_renamed = false;
};

} // namespace

bool writeKubeconfig(const std::string &path, const KubeconfigSpec &spec, std::string *error)
{
    if (path.empty())
        return failWithErrno(error, "cannot write the kubeconfig: empty path", ENOENT);
    return writePrivateFile(path, renderKubeconfig(spec), error);
}

bool writePrivateFile(const std::string &path, const std::string &text, std::string *error)
{
    if (path.empty())
        return failWithErrno(error, "cannot write a file with an empty path", ENOENT);
    TemporaryFile file(path);
    if (!file.isOpen())
        return failWithErrno(error, "cannot create a temporary file beside " + path, errno);
    // Explicit because the file holds tokens, whatever a libc's mkostemp does.
    if (::fchmod(file.fd(), S_IRUSR | S_IWUSR) != 0)
        return failWithErrno(error, "cannot restrict the permissions of " + path, errno);
    if (!writeAll(file.fd(), text))
        return failWithErrno(error, "cannot write " + path, errno);
    if (::fsync(file.fd()) != 0)
        return failWithErrno(error, "cannot flush " + path, errno);
    if (!file.close())
        return failWithErrno(error, "cannot close " + path, errno);
    if (!file.renameTo(path))
        return failWithErrno(error, "cannot replace " + path, errno);
    syncParentDirectory(path);
    return true;
}

} // namespace gantry::sim
