#include "backend/kube/kubeconfigio.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <unistd.h>

namespace gantry::kube::detail {

namespace {

// Kubeconfigs are a few KiB; the cap keeps a mistaken KUBECONFIG=/dev/zero from
// eating memory.
constexpr std::size_t maxFileSize = 16u * 1024u * 1024u;

FileContents failure(int error)
{
    FileContents result;
    result.status = error == ENOENT ? FileContents::Status::Missing : FileContents::Status::Failed;
    result.problem = std::strerror(error);
    return result;
}

} // namespace

FileContents readWholeFile(const std::string &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return failure(errno);

    FileContents result;
    char buffer[16384];
    for (;;) {
        const ssize_t count = ::read(fd, buffer, sizeof buffer);
        if (count < 0) {
            if (errno == EINTR)
                continue;
            const int error = errno;
            ::close(fd);
            return failure(error);
        }
        if (count == 0)
            break;
        result.content.append(buffer, static_cast<std::size_t>(count));
        if (result.content.size() > maxFileSize) {
            ::close(fd);
            result.content.clear();
            result.problem = "file is larger than 16 MiB, which no kubeconfig is";
            return result;
        }
    }
    ::close(fd);
    result.status = FileContents::Status::Ok;
    return result;
}

std::string resolvePath(const std::string &path, const std::string &baseDirectory)
{
    if (path.empty())
        return path;
    const std::filesystem::path given(path);
    if (given.is_absolute())
        return path;
    return (std::filesystem::path(baseDirectory) / given).lexically_normal().string();
}

std::string directoryOf(const std::string &file)
{
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::absolute(std::filesystem::path(file), error);
    if (error)
        absolute = std::filesystem::path(file);
    return absolute.lexically_normal().parent_path().string();
}

} // namespace gantry::kube::detail
