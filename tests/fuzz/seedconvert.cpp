// Seeds for the JSON fuzzers from the YAML fixtures, which hold real objects:
//   fuzz_seedconvert json  FILE  prints each YAML document of FILE as one JSON line
//   fuzz_seedconvert watch FILE  prints each as a watch event line {"type":…,"object":…}
// Files that are not YAML objects (describe output, tables) print nothing.
#include "backend/core/yamljson.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <string_view>

int main(int argc, char **argv)
{
    if (argc != 3 || (std::string_view(argv[1]) != "json" && std::string_view(argv[1]) != "watch")) {
        std::fprintf(stderr, "usage: %s json|watch FILE\n", argv[0]);
        return 2;
    }
    const bool watch = std::string_view(argv[1]) == "watch";
    std::ifstream file(argv[2], std::ios::binary);
    if (!file) {
        std::fprintf(stderr, "%s: cannot read %s\n", argv[0], argv[2]);
        return 1;
    }
    std::ostringstream text;
    text << file.rdbuf();
    const gantry::YamlDocumentsResult parsed = gantry::yamlDocumentsToJson(text.str());
    const char *types[] = {"ADDED", "MODIFIED", "DELETED"};
    std::size_t index = 0;
    const auto replace = nlohmann::json::error_handler_t::replace;
    for (const nlohmann::json &document : parsed.documents) {
        if (!document.is_object())
            continue;
        const nlohmann::json line = watch ? nlohmann::json {{"type", types[index++ % 3]}, {"object", document}} : document;
        std::cout << line.dump(-1, ' ', false, replace) << '\n';
    }
    return 0;
}
