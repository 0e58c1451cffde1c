#include "sim/simoptions.h"

#include <charconv>
#include <cmath>

namespace gantry::sim {

namespace {

bool parseUnsigned(const std::string &text, std::uint64_t &value)
{
    const auto *end = text.data() + text.size();
    const auto result = std::from_chars(text.data(), end, value);
    return !text.empty() && result.ec == std::errc() && result.ptr == end;
}

// "HOST:PORT", ":PORT" or "[::1]:PORT".
bool parseListen(const std::string &text, SimOptions &options, std::string &error)
{
    const auto colon = text.rfind(':');
    if (colon == std::string::npos) {
        error = "--listen expects HOST:PORT (e.g. 127.0.0.1:0), got \"" + text + "\"";
        return false;
    }
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    std::uint64_t port = 0;
    if (!parseUnsigned(text.substr(colon + 1), port) || port > 65535) {
        error = "--listen: \"" + text.substr(colon + 1) + "\" is not a port number (0-65535)";
        return false;
    }
    options.listenHost = host.empty() ? "127.0.0.1" : host;
    options.listenPort = static_cast<std::uint16_t>(port);
    return true;
}

} // namespace

SimOptionsResult parseSimOptions(const std::vector<std::string> &arguments)
{
    SimOptions options;
    std::string error;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string argument = arguments[i];
        std::string value;
        bool hasInlineValue = false;
        if (const auto eq = argument.find('='); argument.rfind("--", 0) == 0 && eq != std::string::npos) {
            value = argument.substr(eq + 1);
            argument = argument.substr(0, eq);
            hasInlineValue = true;
        }
        auto takeValue = [&](std::string &out) {
            if (hasInlineValue) {
                out = value;
                return true;
            }
            if (i + 1 >= arguments.size()) {
                error = argument + " needs a value";
                return false;
            }
            out = arguments[++i];
            return true;
        };

        if (argument == "-h" || argument == "--help") {
            options.showHelp = true;
        } else if (argument == "-v" || argument == "--version") {
            options.showVersion = true;
        } else if (argument == "--insecure-http") {
            options.insecureHttp = true;
        } else if (argument == "--log-requests") {
            options.logRequests = true;
        } else if (argument == "--listen") {
            if (!takeValue(value) || !parseListen(value, options, error))
                return {std::nullopt, error};
        } else if (argument == "--write-kubeconfig") {
            if (!takeValue(options.writeKubeconfig))
                return {std::nullopt, error};
        } else if (argument == "--credentials") {
            if (!takeValue(options.credentials))
                return {std::nullopt, error};
        } else if (argument == "--scenario") {
            if (!takeValue(options.scenario))
                return {std::nullopt, error};
        } else if (argument == "--speed") {
            if (!takeValue(value))
                return {std::nullopt, error};
            double speed = 0;
            const auto result = std::from_chars(value.data(), value.data() + value.size(), speed);
            if (result.ec != std::errc() || result.ptr != value.data() + value.size() || !std::isfinite(speed)
                || speed <= 0) {
                return {std::nullopt, "--speed expects a positive number, got \"" + value + "\""};
            }
            options.speed = speed;
        } else if (argument == "--seed") {
            if (!takeValue(value))
                return {std::nullopt, error};
            if (!parseUnsigned(value, options.seed))
                return {std::nullopt, "--seed expects a non-negative integer, got \"" + value + "\""};
        } else {
            return {std::nullopt, "unknown argument \"" + arguments[i] + "\" (see --help)"};
        }
    }
    return {options, {}};
}

std::string simUsage()
{
    return "Usage: gantry-sim [options]\n"
           "\n"
           "A simulated AI factory: a Kubernetes-style API server with KServe, GPU node\n"
           "pools and vLLM replicas, for Gantry's demo mode, tests and benchmarks.\n"
           "\n"
           "Options:\n"
           "  --listen HOST:PORT       address to serve on (default 127.0.0.1:0, a free port)\n"
           "  --insecure-http          serve plain HTTP instead of HTTPS\n"
           "  --write-kubeconfig FILE  write a kubeconfig with admin and viewer contexts\n"
           "  --credentials DIR        keep the users' tokens and the server's certificates in DIR\n"
           "                           (created if missing), so a restarted server accepts the\n"
           "                           clients of the last one\n"
           "  --log-requests           log one line per request to stderr\n"
           "  --scenario FILE          the factory to simulate (YAML)\n"
           "  --speed N                virtual clock speed, N times real time (default 1)\n"
           "  --seed N                 random seed; same scenario and seed, same run (default 1)\n"
           "  -h, --help               show this help\n"
           "  -v, --version            show the version\n";
}

} // namespace gantry::sim
