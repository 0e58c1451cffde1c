#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace gantry::kube::detail {

// How a credential plugin run ended. `spawnErrno` is set when the program
// could not be started at all (ENOENT: not installed; EACCES: not executable).
struct PluginRun
{
    int spawnErrno = 0;
    bool timedOut = false;
    int exitCode = -1;  // valid when neither spawnErrno, timedOut nor signal
    int signal = 0;     // the signal that ended it, 0 when it exited
    std::string out;    // standard output (bounded)
    std::string err;    // standard error (bounded)
};

// Runs `argv` (argv[0] looked up in PATH when it has no '/') with exactly
// `environment` ("NAME=value"), standard input from /dev/null and no shell,
// capturing both outputs. Kills it after `timeout`. Safe to call from any thread.
PluginRun runPlugin(const std::vector<std::string> &argv, const std::vector<std::string> &environment,
                    std::chrono::milliseconds timeout);

} // namespace gantry::kube::detail
