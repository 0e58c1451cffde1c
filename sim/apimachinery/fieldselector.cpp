#include "sim/apimachinery/fieldselector.h"

#include "sim/apimachinery/apifailure.h"
#include "sim/apimachinery/gotext.h"
#include "sim/apimachinery/jsonaccess.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <initializer_list>

namespace gantry::sim {

namespace {

// How the server converts field labels for a kind: a registered conversion
// function with its own list, or runtime.DefaultMetaV1FieldSelectorConversion for
// built-in kinds that register none (its error text differs).
enum class Conversion { Listed, MetaDefault };

struct KindFields
{
    std::string_view kind;
    Conversion conversion;
    std::initializer_list<std::string_view> fields;
};

const KindFields kKindFields[] = {
    {"Pod", Conversion::Listed,
     {"metadata.name", "metadata.namespace", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
      "spec.serviceAccountName", "spec.hostNetwork", "status.phase", "status.podIP", "status.podIPs",
      "status.nominatedNodeName"}},
    {"Node", Conversion::Listed, {"metadata.name", "spec.unschedulable"}},
    {"Namespace", Conversion::Listed, {"metadata.name", "status.phase"}},
    {"Event", Conversion::Listed,
     {"metadata.name", "metadata.namespace", "involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
      "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
      "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"}},
    {"Secret", Conversion::Listed, {"metadata.name", "metadata.namespace", "type"}},
    {"Service", Conversion::Listed, {"metadata.name", "metadata.namespace", "spec.clusterIP", "spec.type"}},
    {"ReplicationController", Conversion::Listed, {"metadata.name", "metadata.namespace", "status.replicas"}},
    {"Job", Conversion::Listed, {"metadata.name", "metadata.namespace", "status.successful"}},
    {"PersistentVolumeClaim", Conversion::MetaDefault, {}},
    {"PersistentVolume", Conversion::MetaDefault, {}},
    {"ConfigMap", Conversion::MetaDefault, {}},
    {"ServiceAccount", Conversion::MetaDefault, {}},
    {"Endpoints", Conversion::MetaDefault, {}},
    {"Deployment", Conversion::MetaDefault, {}},
    {"DaemonSet", Conversion::MetaDefault, {}},
    {"CronJob", Conversion::MetaDefault, {}},
    {"PodTemplate", Conversion::MetaDefault, {}},
    {"LimitRange", Conversion::MetaDefault, {}},
    {"ResourceQuota", Conversion::MetaDefault, {}},
};

// Custom resources (InferenceService, LocalModelCache, MachineSet, …) select on
// object metadata only and say "field label not supported" like the listed kinds.
const KindFields kCustomResourceFields{"", Conversion::Listed, {"metadata.name", "metadata.namespace"}};

const KindFields &fieldsForKind(std::string_view kind)
{
    for (const KindFields &entry : kKindFields) {
        if (entry.kind == kind)
            return entry;
    }
    return kCustomResourceFields;
}

std::string convertFieldLabel(std::string_view kind, const std::string &field)
{
    const KindFields &entry = fieldsForKind(kind);
    if (entry.conversion == Conversion::MetaDefault) {
        if (field == "metadata.name" || field == "metadata.namespace")
            return field;
        throwFailure(goQuote(field) + " is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }
    if (std::find(entry.fields.begin(), entry.fields.end(), field) != entry.fields.end())
        return field;
    // Old v1 clients send spec.host; the server still maps it.
    if (kind == "Pod" && field == "spec.host")
        return "spec.nodeName";
    throwFailure("field label not supported: " + field);
}

// Splits on commas that are not escaped with a backslash; escapes stay in place.
std::vector<std::string> splitTerms(std::string_view text)
{
    std::vector<std::string> terms;
    if (text.empty())
        return terms;
    std::size_t start = 0;
    bool escaped = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (escaped) {
            escaped = false;
        } else if (text[i] == '\\') {
            escaped = true;
        } else if (text[i] == ',') {
            terms.emplace_back(text.substr(start, i - start));
            start = i + 1;
        }
    }
    terms.emplace_back(text.substr(start));
    return terms;
}

// The first operator in the term splits it; "!=" and "==" win over "=".
bool splitTerm(std::string_view term, std::string &field, bool &equals, std::string_view &value)
{
    for (std::size_t i = 0; i < term.size(); ++i) {
        for (std::string_view op : {"!=", "==", "="}) {
            if (term.substr(i, op.size()) == op) {
                field = std::string(term.substr(0, i));
                equals = op != "!=";
                value = term.substr(i + op.size());
                return true;
            }
        }
    }
    return false;
}

std::size_t utf8Length(unsigned char lead)
{
    if (lead >= 0xF0)
        return 4;
    if (lead >= 0xE0)
        return 3;
    return lead >= 0xC0 ? 2 : 1;
}

std::string unescapeValue(std::string_view text)
{
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '\\') {
            if (i + 1 == text.size())
                throwFailure("invalid field selector: invalid escape sequence: \\");
            const char next = text[++i];
            if (next != '\\' && next != ',' && next != '=') {
                const std::size_t length = std::min(utf8Length(static_cast<unsigned char>(next)), text.size() - i);
                throwFailure("invalid field selector: invalid escape sequence: \\"
                                    + std::string(text.substr(i, length)));
            }
            out += next;
        } else if (c == ',' || c == '=') {
            // Go prints the rune with %v, i.e. as its number.
            throwFailure("invalid field selector: unescaped character in value: " + std::to_string(int(c)));
        } else {
            out += c;
        }
    }
    return out;
}

std::string scalarText(const nlohmann::json &value)
{
    return value.is_string() || value.is_boolean() || value.is_number() ? goFormat(value) : std::string();
}

// The primary pod IP, as the server derives status.podIP from status.podIPs.
std::string podIP(const nlohmann::json &object)
{
    const nlohmann::json &ips = memberAt(object, "status.podIPs");
    if (ips.is_array() && !ips.empty())
        return scalarText(memberOf(ips.front(), "ip"));
    return scalarText(memberAt(object, "status.podIP"));
}

} // namespace

std::optional<FieldSelector> FieldSelector::parse(std::string_view text, std::string_view kind, std::string *error)
{
    return catchFailures(
        [&] {
            std::vector<std::string> parts = splitTerms(text);
            std::sort(parts.begin(), parts.end());
            FieldSelector selector;
            for (const std::string &part : parts) {
                if (part.empty())
                    continue;
                Requirement requirement;
                std::string_view rawValue;
                if (!splitTerm(part, requirement.field, requirement.equals, rawValue))
                    throwFailure("invalid selector: '" + std::string(text) + "'; can't understand '" + part + "'");
                requirement.value = unescapeValue(rawValue);
                selector.m_requirements.push_back(std::move(requirement));
            }
            // Conversion runs only once every term has parsed, as Transform does.
            for (Requirement &requirement : selector.m_requirements)
                requirement.field = convertFieldLabel(kind, requirement.field);
            return selector;
        },
        error, "unable to parse field selector: ");
}

bool FieldSelector::matches(const nlohmann::json &object) const
{
    for (const Requirement &requirement : m_requirements) {
        if ((fieldValue(object, requirement.field) == requirement.value) != requirement.equals)
            return false;
    }
    return true;
}

std::string FieldSelector::fieldValue(const nlohmann::json &object, std::string_view field)
{
    if (field == "spec.host")
        field = "spec.nodeName";
    if (field == "status.podIP")
        return podIP(object);
    // Listed by the conversion but absent from the pod's selectable field set.
    if (field == "status.podIPs")
        return {};
    if (field == "source") {
        const std::string component = scalarText(memberAt(object, "source.component"));
        return component.empty() ? scalarText(memberAt(object, "reportingComponent")) : component;
    }
    if (field == "status.successful")
        field = "status.succeeded";
    std::string value = scalarText(memberAt(object, field));
    if (value.empty() && (field == "spec.hostNetwork" || field == "spec.unschedulable"))
        return "false";
    if (value.empty() && (field == "status.succeeded" || field == "status.replicas"))
        return "0";
    return value;
}

} // namespace gantry::sim
