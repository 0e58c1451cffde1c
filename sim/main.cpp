#include "backend/core/buildinfo.h"
#include "sim/simoptions.h"

#include <iostream>

int main(int argc, char **argv)
{
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    const auto parsed = gantry::sim::parseSimOptions(arguments);
    if (!parsed.options) {
        std::cerr << "gantry-sim: " << parsed.error << '\n';
        return 2;
    }
    if (parsed.options->showHelp) {
        std::cout << gantry::sim::simUsage();
        return 0;
    }
    if (parsed.options->showVersion) {
        std::cout << "gantry-sim " << gantry::buildinfo::versionLine() << '\n';
        return 0;
    }
    std::cerr << "gantry-sim: the API server is not part of this build yet; see --help\n";
    return 3;
}
