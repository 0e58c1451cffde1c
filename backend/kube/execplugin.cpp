#include "backend/kube/execplugin.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <thread>

namespace gantry::kube::detail {

namespace {

constexpr std::size_t maxStdout = 4 * 1024 * 1024; // an ExecCredential is a few KiB
constexpr std::size_t maxStderr = 64 * 1024;
constexpr std::chrono::milliseconds pollSlice{50};

class Fd
{
public:
    Fd() = default;
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    ~Fd() { reset(); }

    int get() const { return m_fd; }
    void reset(int fd = -1)
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd = -1;
};

// One output of the plugin: reads what is there, keeps up to `limit` bytes.
struct Capture
{
    Fd fd;
    std::string *text = nullptr;
    std::size_t limit = 0;

    bool open() const { return fd.get() >= 0; }

    // Reads until the pipe is empty; closes it at end of file.
    void drain()
    {
        std::array<char, 8192> buffer{};
        while (open()) {
            const ssize_t n = ::read(fd.get(), buffer.data(), buffer.size());
            if (n > 0) {
                const std::size_t room = limit - std::min(limit, text->size());
                text->append(buffer.data(), std::min(room, static_cast<std::size_t>(n)));
            } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                fd.reset();
            } else if (errno == EAGAIN) {
                return;
            }
        }
    }
};

// Pipes are close-on-exec so that a plugin started by another thread at the same
// time does not inherit (and hold open) this one's pipe.
bool makePipe(Fd &readEnd, Fd &writeEnd)
{
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
    readEnd.reset(fds[0]);
    writeEnd.reset(fds[1]);
    ::fcntl(fds[0], F_SETFL, ::fcntl(fds[0], F_GETFL) | O_NONBLOCK);
    return true;
}

std::vector<char *> cStrings(const std::vector<std::string> &strings)
{
    std::vector<char *> pointers;
    pointers.reserve(strings.size() + 1);
    for (const std::string &s : strings)
        pointers.push_back(const_cast<char *>(s.c_str()));
    pointers.push_back(nullptr);
    return pointers;
}

void recordExit(PluginRun &run, int status)
{
    if (WIFEXITED(status))
        run.exitCode = WEXITSTATUS(status);
    else if (WIFSIGNALED(status))
        run.signal = WTERMSIG(status);
}

} // namespace

PluginRun runPlugin(const std::vector<std::string> &argv, const std::vector<std::string> &environment,
                    std::chrono::milliseconds timeout)
{
    PluginRun run;
    if (argv.empty() || argv.front().empty()) {
        run.spawnErrno = ENOENT;
        return run;
    }
    Capture out;
    Capture err;
    Fd outWrite;
    Fd errWrite;
    if (!makePipe(out.fd, outWrite) || !makePipe(err.fd, errWrite)) {
        run.spawnErrno = errno;
        return run;
    }
    out.text = &run.out;
    out.limit = maxStdout;
    err.text = &run.err;
    err.limit = maxStderr;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, outWrite.get(), STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, errWrite.get(), STDERR_FILENO);

    // Its own process group, so a timeout kills whatever it started too; default
    // signal handling, whatever this process ignores.
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

    std::vector<char *> args = cStrings(argv);
    std::vector<char *> env = cStrings(environment);
    pid_t pid = -1;
    const bool hasSlash = argv.front().find('/') != std::string::npos;
    const int spawned = hasSlash ? posix_spawn(&pid, args[0], &actions, &attributes, args.data(), env.data())
                                 : posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    outWrite.reset();
    errWrite.reset();
    if (spawned != 0) {
        run.spawnErrno = spawned;
        return run;
    }

    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool reaped = false;
    int status = 0;
    while (out.open() || err.open()) {
        std::array<pollfd, 2> fds{};
        nfds_t count = 0;
        for (Capture *capture : {&out, &err}) {
            if (capture->open())
                fds[count++] = pollfd{capture->fd.get(), POLLIN, 0};
        }
        const int ready = ::poll(fds.data(), count, static_cast<int>(pollSlice.count()));
        if (ready < 0 && errno != EINTR)
            break;
        out.drain();
        err.drain();
        // A plugin that exited while something it started still holds the pipes
        // open has said all it will say.
        if (::waitpid(pid, &status, WNOHANG) == pid) {
            reaped = true;
            out.drain();
            err.drain();
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline)
            break;
    }
    // Both outputs closed (or time ran out): wait for the exit, still within the deadline.
    while (!reaped) {
        const pid_t result = ::waitpid(pid, &status, WNOHANG);
        if (result == pid || (result < 0 && errno != EINTR)) {
            reaped = result == pid;
            break;
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            run.timedOut = true;
            ::kill(-pid, SIGKILL);
            while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
            }
            break;
        }
        std::this_thread::sleep_for(pollSlice / 5);
    }
    if (!run.timedOut)
        recordExit(run, status);
    return run;
}

} // namespace gantry::kube::detail
