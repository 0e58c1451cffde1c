#include "backend/core/buildinfo.h"
#include "sim/simoptions.h"
#include "sim/simulator.h"

#include <csignal>
#include <iostream>

namespace {

// Blocks until SIGINT or SIGTERM; the server keeps running on its own threads.
int waitForTermination()
{
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    int received = 0;
    sigwait(&signals, &received);
    return received;
}

} // namespace

int main(int argc, char **argv)
{
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    const auto parsed = gantry::sim::parseSimOptions(arguments);
    if (!parsed.options) {
        std::cerr << "gantry-sim: " << parsed.error << '\n';
        return 2;
    }
    const gantry::sim::SimOptions &options = *parsed.options;
    if (options.showHelp) {
        std::cout << gantry::sim::simUsage();
        return 0;
    }
    if (options.showVersion) {
        std::cout << "gantry-sim " << gantry::buildinfo::versionLine() << '\n';
        return 0;
    }
    std::optional<gantry::sim::Scenario> scenario;
    if (!options.scenario.empty()) {
        gantry::sim::ScenarioLoadResult loaded = gantry::sim::loadScenarioFile(options.scenario);
        if (!loaded.scenario) {
            for (const gantry::sim::ScenarioError &problem : loaded.errors)
                std::cerr << problem.toString() << '\n';
            std::cerr << "gantry-sim: " << options.scenario << ": " << loaded.errors.size()
                      << (loaded.errors.size() == 1 ? " problem" : " problems") << ", not started\n";
            return 2;
        }
        scenario = std::move(loaded.scenario);
    }

    // Block the termination signals before any thread starts, so every server
    // thread inherits the mask and sigwait() below is the one to receive them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    gantry::sim::SimulatorOptions simulatorOptions;
    simulatorOptions.server.host = options.listenHost;
    simulatorOptions.server.port = options.listenPort;
    simulatorOptions.server.useTls = !options.insecureHttp;
    simulatorOptions.server.logRequests = options.logRequests;
    simulatorOptions.seed = options.seed;
    simulatorOptions.scenario = std::move(scenario);
    simulatorOptions.speed = options.speed;
    if (!options.credentials.empty()) {
        std::string credentialsError;
        simulatorOptions.credentials = gantry::sim::loadOrCreateCredentials(options.credentials, &credentialsError);
        if (!simulatorOptions.credentials) {
            std::cerr << "gantry-sim: " << credentialsError << '\n';
            return 2;
        }
        if (simulatorOptions.credentials->tls)
            simulatorOptions.server.tls =
                std::make_shared<const gantry::sim::TlsMaterial>(*simulatorOptions.credentials->tls);
    }
    gantry::sim::Simulator simulator(simulatorOptions);

    std::string error;
    if (!simulator.start(&error)) {
        std::cerr << "gantry-sim: " << error << '\n';
        return 1;
    }
    // The certificates just made are kept for the next start, so clients trust it again.
    const gantry::sim::TlsMaterial *served = simulator.server().tlsMaterial();
    if (!options.credentials.empty() && served && !simulatorOptions.server.tls
        && !gantry::sim::saveServerIdentity(options.credentials, *served, &error)) {
        std::cerr << "gantry-sim: " << error << '\n';
        return 1;
    }
    if (!options.writeKubeconfig.empty() && !simulator.writeKubeconfig(options.writeKubeconfig, &error)) {
        std::cerr << "gantry-sim: " << error << '\n';
        return 1;
    }
    std::cout << "gantry-sim serving on " << simulator.server().url() << std::endl;
    if (simulatorOptions.scenario)
        std::cout << "simulating \"" << simulatorOptions.scenario->name << "\" at " << options.speed
                  << "x real time (seed " << options.seed << ")" << std::endl;
    if (!options.writeKubeconfig.empty())
        std::cout << "kubeconfig written to " << options.writeKubeconfig
                  << " (contexts gantry-admin and gantry-viewer)" << std::endl;

    const int received = waitForTermination();
    std::cout << "gantry-sim: stopping (" << (received == SIGINT ? "SIGINT" : "SIGTERM") << ")" << std::endl;
    simulator.stop();
    return 0;
}
