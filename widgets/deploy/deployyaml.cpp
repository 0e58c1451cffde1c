#include "widgets/deploy/deployyaml.h"

#include "backend/actions/jsonaccess.h"
#include "backend/actions/templaterenderer.h"
#include "backend/core/yamljson.h"

#include <algorithm>
#include <charconv>

namespace gantry {

namespace {

using nlohmann::json;

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    while (!text.empty()) {
        const std::size_t end = text.find('\n');
        lines.push_back(text.substr(0, end));
        text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    }
    return lines;
}

std::size_t indentOf(std::string_view line)
{
    const std::size_t first = line.find_first_not_of(' ');
    return first == std::string_view::npos ? line.size() : first;
}

bool isComment(std::string_view line)
{
    const std::size_t first = line.find_first_not_of(' ');
    return first != std::string_view::npos && line[first] == '#';
}

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

bool endsWith(std::string_view text, std::string_view suffix)
{
    return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// The renderer writes an unset value as null, which is dropped before sending;
// the user should not have to read those lines, nor the comments about them.
std::string withoutUnsetLines(std::string_view rendered)
{
    const std::vector<std::string_view> lines = splitLines(rendered);
    std::vector<bool> keep(lines.size(), true);
    std::size_t i = 0;
    for (; i < lines.size() && (isComment(lines[i]) || isBlank(lines[i])); ++i)
        keep[i] = false; // the template's header speaks to template authors
    for (std::size_t line = i; line < lines.size(); ++line) {
        if (isComment(lines[line]) || !endsWith(lines[line], ": null"))
            continue;
        keep[line] = false;
        for (std::size_t above = line; above > i && isComment(lines[above - 1])
             && indentOf(lines[above - 1]) == indentOf(lines[line]);
             --above)
            keep[above - 1] = false;
    }
    // A mapping whose members all went goes too (and, in turn, its parent).
    for (bool changed = true; changed;) {
        changed = false;
        for (std::size_t line = i; line < lines.size(); ++line) {
            if (!keep[line] || isComment(lines[line]) || !endsWith(lines[line], ":"))
                continue;
            std::size_t next = line + 1;
            while (next < lines.size() && (!keep[next] || isComment(lines[next]) || isBlank(lines[next])))
                ++next;
            if (next == lines.size() || indentOf(lines[next]) <= indentOf(lines[line])) {
                keep[line] = false;
                changed = true;
            }
        }
    }
    std::string text;
    for (std::size_t line = 0; line < lines.size(); ++line) {
        if (keep[line])
            text.append(lines[line]).push_back('\n');
    }
    return text;
}

std::string scalarText(const json &value)
{
    if (value.is_string())
        return value.get<std::string>();
    return value.is_null() ? std::string() : value.dump();
}

std::optional<std::int64_t> parseInteger(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// "/metadata/annotations/autoscaling.knative.dev~1target" → "metadata.annotations[autoscaling.knative.dev/target]",
// the way Problem names fields.
std::string fieldOfPointer(const std::string &pointer)
{
    std::string field;
    std::size_t start = 1;
    while (start <= pointer.size()) {
        std::size_t end = pointer.find('/', start);
        if (end == std::string::npos)
            end = pointer.size();
        std::string token;
        for (std::size_t c = start; c < end; ++c) {
            if (pointer[c] == '~' && c + 1 < end) {
                token.push_back(pointer[c + 1] == '1' ? '/' : '~');
                ++c;
            } else {
                token.push_back(pointer[c]);
            }
        }
        const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
        if (field.empty() && !index)
            field = token;
        else if (index || token.find_first_of("./") != std::string::npos)
            field += "[" + token + "]";
        else
            field += "." + token;
        start = end + 1;
    }
    return field;
}

// A user may write `nvidia.com/gpu: 1` or a delay of "5m" where the template
// writes "1" and "300s"; the cluster reads both the same, so they are no
// difference the form must own up to.
bool sameScalar(const json &a, const json &b)
{
    if (!a.is_primitive() || !b.is_primitive() || a.is_null() || b.is_null())
        return false;
    if (scalarText(a) == scalarText(b))
        return true;
    const auto first = a.is_string() ? actions::parseGoDuration(a.get<std::string>()) : std::nullopt;
    const auto second = b.is_string() ? actions::parseGoDuration(b.get<std::string>()) : std::nullopt;
    return first && second && *first == *second;
}

std::vector<std::string> differences(const json &written, const json &rendered)
{
    std::vector<std::string> fields;
    for (const json &op : json::diff(written, rendered)) {
        const std::string pointer = op.value("path", std::string());
        // The template always writes args; an empty list says what no list says.
        if (op.value("op", std::string()) == "add" && op.contains("value") && op["value"].is_array()
            && op["value"].empty())
            continue;
        if (op.value("op", std::string()) == "replace") {
            const json::json_pointer at(pointer);
            if (written.contains(at) && sameScalar(written.at(at), op["value"]))
                continue;
        }
        fields.push_back(fieldOfPointer(pointer));
    }
    std::sort(fields.begin(), fields.end());
    fields.erase(std::unique(fields.begin(), fields.end()), fields.end());
    return fields;
}

bool isStructural(const actions::Problem &problem)
{
    return problem.field == "yaml" || problem.field == "apiVersion" || problem.field == "kind";
}

} // namespace

Result<std::string, actions::Problems> formYaml(const actions::DeploySpec &spec,
                                                const actions::TemplateLibrary &templates)
{
    const auto rendered = actions::renderDeploySpec(spec, templates);
    if (!rendered)
        return rendered.error();
    return withoutUnsetLines(*rendered);
}

actions::DeploySpec deploySpecOf(const json &object)
{
    using actions::jsonAt;
    using actions::jsonString;
    actions::DeploySpec spec;
    spec.name = jsonString(object, {"metadata", "name"});
    spec.namespaceName = jsonString(object, {"metadata", "namespace"});
    const json &model = jsonAt(object, {"spec", "predictor", "model"});
    spec.storageUri = jsonString(model, {"storageUri"});
    spec.runtime = jsonString(model, {"runtime"});
    const json &limits = jsonAt(model, {"resources", "limits"});
    if (const auto gpus = parseInteger(scalarText(jsonAt(limits, {"nvidia.com/gpu"}))))
        spec.gpus = *gpus;
    spec.cpu = scalarText(jsonAt(limits, {"cpu"}));
    spec.memory = scalarText(jsonAt(limits, {"memory"}));
    const json &args = jsonAt(model, {"args"});
    if (args.is_array()) {
        for (const json &arg : args)
            spec.extraArgs.push_back(scalarText(arg));
    }
    // The form has a field of its own for the first argument when it is --max-model-len=N.
    constexpr std::string_view maxModelLen = "--max-model-len=";
    if (!spec.extraArgs.empty() && spec.extraArgs.front().rfind(maxModelLen, 0) == 0) {
        if (const auto value = parseInteger(std::string_view(spec.extraArgs.front()).substr(maxModelLen.size()))) {
            spec.maxModelLen = *value;
            spec.extraArgs.erase(spec.extraArgs.begin());
        }
    }
    spec.scaling = actions::scalingSettingsOf(object);
    return spec;
}

DeployYamlReading readDeployYaml(std::string_view text, const std::string &defaultNamespace,
                                 const actions::TemplateLibrary &templates)
{
    DeployYamlReading reading;
    auto parsed = actions::parseInferenceServiceYaml(text, defaultNamespace);
    if (parsed) {
        reading.object = std::move(parsed).value();
    } else {
        reading.problems = parsed.error();
        if (std::any_of(reading.problems.begin(), reading.problems.end(), isStructural))
            return reading;
        // It is an InferenceService with invalid fields: the form can still show them, marked.
        YamlToJsonResult single = yamlToJson(text);
        if (!single.json || !single.json->is_object())
            return reading;
        reading.object = std::move(*single.json);
        if (!reading.object["metadata"].is_object())
            reading.object["metadata"] = json::object();
        if (actions::jsonString(reading.object, {"metadata", "namespace"}).empty())
            reading.object["metadata"]["namespace"] = defaultNamespace;
    }
    actions::pruneNullMembers(reading.object);
    reading.readable = true;
    reading.spec = deploySpecOf(reading.object);

    const auto rendered = actions::renderDeploySpec(reading.spec, templates);
    YamlToJsonResult renderedObject = rendered ? yamlToJson(*rendered) : YamlToJsonResult();
    if (!renderedObject.json) {
        // Without the form's rendering nothing can be compared: the YAML stays in charge.
        if (!rendered)
            reading.problems.insert(reading.problems.end(), rendered.error().begin(), rendered.error().end());
        reading.formCannotShow.push_back("(the deploy template could not be rendered)");
        return reading;
    }
    actions::pruneNullMembers(*renderedObject.json);
    reading.formCannotShow = differences(reading.object, *renderedObject.json);
    // The form edits the engine arguments as one line split at spaces.
    for (std::size_t i = 0; i < reading.spec.extraArgs.size(); ++i) {
        const std::string &arg = reading.spec.extraArgs[i];
        if (arg.empty() || arg.find_first_of(" \t") != std::string::npos)
            reading.formCannotShow.push_back("spec.predictor.model.args["
                                             + std::to_string(i + (reading.spec.maxModelLen ? 1 : 0)) + "]");
    }
    return reading;
}

} // namespace gantry
