#pragma once

// Runs a program the way a user would, capturing what it prints. Header-only so
// any test can use it without a Qt or GoogleTest dependency of its own.

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>
#include <poll.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace gantry::test {

struct ProcessResult
{
    int exitCode = -1; ///< -1 when killed by a signal or timed out
    bool timedOut = false;
    std::string out;
    std::string err;
};

/// A child started in the background (for `kubectl get -w`); stop() ends it.
class BackgroundProcess
{
public:
    BackgroundProcess(const std::vector<std::string> &argv, const std::map<std::string, std::string> &environment);
    ~BackgroundProcess() { stop(); }
    /// Sends SIGTERM, collects everything the child printed and waits for it.
    ProcessResult stop();
    /// Reads what is available without blocking longer than `wait`.
    void drain(std::chrono::milliseconds wait);
    const std::string &output() const { return m_result.out; }

private:
    pid_t m_pid = -1;
    int m_out = -1;
    int m_err = -1;
    ProcessResult m_result;
    bool m_stopped = false;
};

namespace detail {

inline void setEnvironment(const std::map<std::string, std::string> &environment)
{
    for (const auto &[key, value] : environment)
        ::setenv(key.c_str(), value.c_str(), 1);
}

inline pid_t spawn(const std::vector<std::string> &argv, const std::map<std::string, std::string> &environment,
                   int &outFd, int &errFd, int &inFd)
{
    int out[2], err[2], in[2];
    if (::pipe(out) != 0 || ::pipe(err) != 0 || ::pipe(in) != 0)
        return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(in[0], 0);
        ::dup2(out[1], 1);
        ::dup2(err[1], 2);
        for (int fd : {out[0], out[1], err[0], err[1], in[0], in[1]})
            ::close(fd);
        setEnvironment(environment);
        std::vector<char *> args;
        for (const std::string &arg : argv)
            args.push_back(const_cast<char *>(arg.c_str()));
        args.push_back(nullptr);
        ::execvp(args[0], args.data());
        std::fprintf(stderr, "cannot run %s: %s\n", args[0], std::strerror(errno));
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(in[0]);
    outFd = out[0];
    errFd = err[0];
    inFd = in[1];
    return pid;
}

// Reads from both pipes until both close or `deadline` passes.
inline bool pump(int outFd, int errFd, std::string &out, std::string &err,
                 std::chrono::steady_clock::time_point deadline, bool untilClosed)
{
    pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
    char buffer[65536];
    int open = (outFd >= 0) + (errFd >= 0);
    while (open > 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        const int ready = ::poll(fds, 2, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            return !untilClosed;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n > 0) {
                (i == 0 ? out : err).append(buffer, static_cast<std::size_t>(n));
            } else {
                fds[i].fd = -1;
                --open;
            }
        }
    }
    return true;
}

} // namespace detail

/// Runs `argv` with extra `environment`, feeding `input` on stdin, for at most `timeout`.
inline ProcessResult runProcess(const std::vector<std::string> &argv,
                                const std::map<std::string, std::string> &environment = {},
                                const std::string &input = {},
                                std::chrono::milliseconds timeout = std::chrono::seconds(60))
{
    ProcessResult result;
    int outFd = -1, errFd = -1, inFd = -1;
    const pid_t pid = detail::spawn(argv, environment, outFd, errFd, inFd);
    if (pid < 0) {
        result.err = "fork failed";
        return result;
    }
    if (!input.empty())
        [[maybe_unused]] auto written = ::write(inFd, input.data(), input.size());
    ::close(inFd);
    const bool finished =
        detail::pump(outFd, errFd, result.out, result.err, std::chrono::steady_clock::now() + timeout, true);
    if (!finished) {
        ::kill(pid, SIGKILL);
        result.timedOut = true;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    ::close(outFd);
    ::close(errFd);
    result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline BackgroundProcess::BackgroundProcess(const std::vector<std::string> &argv,
                                            const std::map<std::string, std::string> &environment)
{
    int inFd = -1;
    m_pid = detail::spawn(argv, environment, m_out, m_err, inFd);
    if (inFd >= 0)
        ::close(inFd);
}

inline void BackgroundProcess::drain(std::chrono::milliseconds wait)
{
    if (m_pid > 0 && !m_stopped)
        detail::pump(m_out, m_err, m_result.out, m_result.err, std::chrono::steady_clock::now() + wait, false);
}

inline ProcessResult BackgroundProcess::stop()
{
    if (m_pid <= 0 || m_stopped)
        return m_result;
    m_stopped = true;
    ::kill(m_pid, SIGTERM);
    detail::pump(m_out, m_err, m_result.out, m_result.err, std::chrono::steady_clock::now() + std::chrono::seconds(10),
                 true);
    int status = 0;
    ::waitpid(m_pid, &status, 0);
    ::close(m_out);
    ::close(m_err);
    m_result.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return m_result;
}

} // namespace gantry::test
