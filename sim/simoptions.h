#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace gantry::sim {

/// How gantry-sim was asked to run, read from its command line.
struct SimOptions
{
    std::string listenHost = "127.0.0.1";
    std::uint16_t listenPort = 0; ///< 0 picks a free port
    bool insecureHttp = false;
    std::string writeKubeconfig;
    std::string credentials; ///< directory keeping tokens and certificates across restarts; "" = new ones each start
    bool logRequests = false;
    std::string scenario;
    double speed = 1.0;
    std::uint64_t seed = 1;
    bool showHelp = false;
    bool showVersion = false;
};

/// The outcome of reading a command line: options, or one message naming the bad argument.
struct SimOptionsResult
{
    std::optional<SimOptions> options;
    std::string error;
};

SimOptionsResult parseSimOptions(const std::vector<std::string> &arguments);

/// The text `gantry-sim --help` prints.
std::string simUsage();

} // namespace gantry::sim
