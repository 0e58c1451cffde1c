#include "sim/scenario/scenario.h"

#include "sim/scenario/sections.h"

#include "backend/core/yamlloadall.h"

#include <yaml-cpp/depthguard.h>

#include <cerrno>
#include <cstring>
#include <array>
#include <filesystem>
#include <fstream>
#include <variant>

namespace gantry::sim {

namespace {

// Scenario files are small by design (large.yaml generates its fleet); anything
// bigger is a mistake, and reading it whole must not exhaust memory (/dev/zero).
constexpr std::size_t kMaxFileBytes = 16 * 1024 * 1024;

ScenarioLoadResult failure(const std::string &fileName, int line, int column, const std::string &message)
{
    ScenarioLoadResult result;
    result.errors.push_back(ScenarioError{fileName, line, column, message});
    return result;
}

ScenarioLoadResult failure(const std::string &fileName, const YAML::Mark &mark, const std::string &message)
{
    const int line = mark.line >= 0 ? mark.line + 1 : 0;
    return failure(fileName, line, line > 0 && mark.column >= 0 ? mark.column + 1 : 0, message);
}

// The one document of the file, or the syntax error yaml-cpp reports.
std::variant<YAML::Node, ScenarioLoadResult> parseYaml(const std::string &text, const std::string &fileName)
{
    try {
        std::vector<YAML::Node> documents = gantry::loadAllYaml(text);
        if (documents.empty() || (documents.size() == 1 && documents.front().IsNull()))
            return failure(fileName, 0, 0, "the file is empty");
        if (documents.size() > 1)
            return failure(fileName, documents[1].Mark(), "a scenario is one YAML document; remove the second one");
        return documents.front();
    } catch (const YAML::DeepRecursion &error) {
        // yaml-cpp's own guard; its message is only "bad file".
        return failure(fileName, error.mark, "invalid YAML: nesting is too deep");
    } catch (const YAML::Exception &error) {
        return failure(fileName, error.mark, "invalid YAML: " + error.msg);
    }
}

void readScenario(const YamlValue &root, ScenarioBuild &build)
{
    const YamlMap map(root, {"name", "description", "duration", "pools", "storage", "models", "inferenceServices",
                             "traffic", "faults", "actions", "captions"});
    if (!map.valid())
        return;
    Scenario &scenario = build.scenario;
    if (map["name"].require()) {
        scenario.name = map["name"].text().value_or(std::string());
        if (scenario.name.empty() && map["name"].node().IsScalar())
            map["name"].error("must not be empty");
    }
    scenario.description = map["description"].text().value_or(std::string());
    scenario.durationSeconds = map["duration"].duration(Sign::NonNegative).value_or(0);
    readPools(map["pools"], build);
    readStorage(map["storage"], build);
    readModels(map["models"], build);
    readServices(map["inferenceServices"], build);
    readTraffic(map["traffic"], build);
    readFaults(map["faults"], build);
    readActions(map["actions"], build);
    readCaptions(map["captions"], build);
}

} // namespace

ScenarioLoadResult parseScenario(const std::string &text, const std::string &fileName)
{
    auto parsed = parseYaml(text, fileName);
    if (auto *result = std::get_if<ScenarioLoadResult>(&parsed))
        return std::move(*result);
    const YAML::Node &root = std::get<YAML::Node>(parsed);
    if (!root.IsMap()) {
        const std::string got = root.IsScalar() ? "\"" + printable(root.Scalar()) + "\"" : describeNode(root);
        return failure(fileName, root.Mark(), "a scenario is a map with name, pools, models, inferenceServices, …; got " + got);
    }
    ScenarioDiagnostics diagnostics(fileName);
    ScenarioBuild build;
    readScenario(YamlValue(diagnostics, root, root.Mark(), ""), build);
    ScenarioLoadResult result;
    if (diagnostics.empty())
        result.scenario = std::move(build.scenario);
    else
        result.errors = diagnostics.takeSorted();
    return result;
}

ScenarioLoadResult loadScenarioFile(const std::string &path)
{
    std::error_code error;
    if (std::filesystem::is_directory(path, error))
        return failure(path, 0, 0, "is a directory, not a scenario file");
    std::ifstream file(path, std::ios::binary);
    if (!file)
        return failure(path, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
    std::string text;
    std::array<char, 65536> buffer{};
    while (file.read(buffer.data(), buffer.size()) || file.gcount() > 0) {
        text.append(buffer.data(), static_cast<std::size_t>(file.gcount()));
        if (text.size() > kMaxFileBytes)
            return failure(path, 0, 0, "is larger than " + std::to_string(kMaxFileBytes / (1024 * 1024))
                                           + " MiB; scenario files are small (generate fleets with namePattern/count)");
    }
    if (file.bad())
        return failure(path, 0, 0, std::string("cannot read the file: ") + std::strerror(errno));
    return parseScenario(text, path);
}

} // namespace gantry::sim
