#include "backend/actions/validation.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <regex>

namespace gantry::actions {

namespace {

constexpr std::size_t kMaxUriLength = 2048;
constexpr std::size_t kMaxArgLength = 4096;

bool isLowerAlnum(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

bool hasControl(std::string_view text)
{
    return std::any_of(text.begin(), text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
    });
}

bool matches(std::string_view text, const std::regex &pattern)
{
    return std::regex_match(text.begin(), text.end(), pattern);
}

// The label rule's message when `label` breaks it, or "".
std::string labelError(std::string_view label, std::size_t maxLength)
{
    if (label.empty())
        return "must not be empty";
    if (label.size() > maxLength)
        return "must be no more than " + std::to_string(maxLength) + " characters";
    const bool charsOk = std::all_of(label.begin(), label.end(), [](char c) { return isLowerAlnum(c) || c == '-'; });
    if (!charsOk || !isLowerAlnum(label.front()) || !isLowerAlnum(label.back()))
        return "must consist of lower case alphanumeric characters or '-', and must start and end with an "
               "alphanumeric character (e.g. 'my-name' or '123-abc')";
    return {};
}

std::optional<std::int64_t> parseInt(std::string_view text)
{
    std::int64_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

std::optional<double> parseDouble(std::string_view text)
{
    double value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

Problems validatePvc(const std::string &field, std::string_view uri, std::string_view rest)
{
    const std::size_t slash = rest.find('/');
    const std::string_view claim = rest.substr(0, slash);
    const std::string_view path = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    Problems problems;
    if (claim.empty()) {
        problems.push_back({ field, "pvc:// needs a claim name: pvc://<claim>/<path>", std::string(uri) });
        return problems;
    }
    if (!validateDns1123Subdomain(field, claim).empty())
        problems.push_back(
            { field, "the claim name in pvc://<claim>/<path> must be a lowercase RFC 1123 name", std::string(uri) });
    std::size_t start = 0;
    while (start <= path.size() && !path.empty()) {
        const std::size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment == "..") {
            problems.push_back({ field, "the path in a pvc:// URI must not contain '..'", std::string(uri) });
            break;
        }
        if (segment.empty() && end != path.size()) {
            problems.push_back(
                { field, "the path in a pvc:// URI must not contain empty segments ('//')", std::string(uri) });
            break;
        }
        start = end + 1;
    }
    return problems;
}

Problems validateOci(const std::string &field, std::string_view uri, std::string_view rest)
{
    // registry[:port]/repo(/repo)*[:tag|@sha256:hex], the distribution reference grammar.
    static const std::regex pattern(
        R"(([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?(\.[a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?)*(:[0-9]{1,5})?))"
        R"((/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)+)"
        R"((:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}|@[a-z0-9]+([+._-][a-z0-9]+)*:[0-9a-fA-F]{32,})?)");
    if (!matches(rest, pattern))
        return { { field, "must be oci://<registry>/<repository>[:<tag>|@<digest>] with a lowercase repository path",
            std::string(uri) } };
    return {};
}

Problems validateHf(const std::string &field, std::string_view uri, std::string_view rest)
{
    static const std::regex pattern(
        R"([A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}(:[A-Za-z0-9._/-]{1,255})?)");
    if (!matches(rest, pattern) || rest.find("..") != std::string_view::npos)
        return { { field, "must be hf://<owner>/<model>[:<revision>]", std::string(uri) } };
    return {};
}

Problems validateBucket(
    const std::string &field, std::string_view uri, std::string_view rest, const char *scheme, std::size_t maxBucket)
{
    const std::string_view bucket = rest.substr(0, rest.find('/'));
    static const std::regex pattern(R"([a-z0-9][a-z0-9._-]*[a-z0-9])");
    if (bucket.size() < 3 || bucket.size() > maxBucket || !matches(bucket, pattern))
        return { { field,
            std::string("must be ") + scheme + "<bucket>[/<path>] with a bucket name of 3–" + std::to_string(maxBucket)
                + " lowercase letters, digits, '.', '-' or '_'",
            std::string(uri) } };
    return {};
}

Problems validateHttps(const std::string &field, std::string_view uri, std::string_view rest)
{
    static const std::regex pattern(R"([A-Za-z0-9.-]+(:[0-9]{1,5})?(/[^\s]*)?)");
    const std::string_view host = rest.substr(0, rest.find_first_of(":/"));
    if (host.empty() || !matches(rest, pattern))
        return { { field, "must be https://<host>/<path>", std::string(uri) } };
    return {};
}

struct KnownFlag {
    const char *name;
    enum class Kind { PositiveInt, Fraction, Text, Choice, Switch, Refused } kind;
    std::vector<std::string> choices = {};
};

const std::vector<KnownFlag> &knownFlags()
{
    using K = KnownFlag::Kind;
    static const std::vector<KnownFlag> flags = {
        { "--max-model-len", K::PositiveInt },
        { "--tensor-parallel-size", K::PositiveInt },
        { "--pipeline-parallel-size", K::PositiveInt },
        { "--max-num-seqs", K::PositiveInt },
        { "--max-num-batched-tokens", K::PositiveInt },
        { "--gpu-memory-utilization", K::Fraction },
        { "--dtype", K::Choice, { "auto", "half", "float16", "bfloat16", "float", "float32" } },
        { "--kv-cache-dtype", K::Choice, { "auto", "fp8", "fp8_e4m3", "fp8_e5m2" } },
        { "--quantization", K::Text },
        { "--served-model-name", K::Text },
        { "--enable-prefix-caching", K::Switch },
        { "--enforce-eager", K::Switch },
        { "--trust-remote-code", K::Switch },
        // The runtime passes these itself; a second copy would fight it.
        { "--port", K::Refused },
        { "--model", K::Refused },
    };
    return flags;
}

void checkFlagValue(const std::string &field, const KnownFlag &flag, const std::string &arg,
    const std::optional<std::string> &value, std::optional<std::int64_t> gpus, Problems &problems)
{
    using K = KnownFlag::Kind;
    const std::string name = flag.name;
    if (flag.kind == K::Refused) {
        problems.push_back({ field, name + " is set by the serving runtime and must not be given", arg });
        return;
    }
    if (flag.kind == K::Switch) {
        if (value && *value != "true" && *value != "false")
            problems.push_back({ field, name + " is a switch and takes no value", arg });
        return;
    }
    if (!value || value->empty()) {
        problems.push_back({ field, name + " needs a value", arg });
        return;
    }
    if (flag.kind == K::PositiveInt) {
        const auto number = parseInt(*value);
        if (!number || *number < 1) {
            problems.push_back({ field, name + " must be a positive integer", *value });
        } else if (name == "--tensor-parallel-size" && gpus && *number > *gpus) {
            problems.push_back(
                { field, name + " must not exceed the GPUs per replica (" + std::to_string(*gpus) + ")", *value });
        }
    } else if (flag.kind == K::Fraction) {
        const auto number = parseDouble(*value);
        if (!number || *number <= 0 || *number > 1)
            problems.push_back({ field, name + " must be a number above 0 and at most 1", *value });
    } else if (flag.kind == K::Choice) {
        if (std::find(flag.choices.begin(), flag.choices.end(), *value) == flag.choices.end()) {
            std::string allowed;
            for (const std::string &choice : flag.choices)
                allowed += (allowed.empty() ? "" : ", ") + choice;
            problems.push_back({ field, name + " must be one of " + allowed, *value });
        }
    }
}

} // namespace

std::optional<DeploymentMode> parseDeploymentMode(std::string_view value)
{
    if (value == "Knative" || value == "Serverless")
        return DeploymentMode::Knative;
    if (value == "Standard" || value == "RawDeployment")
        return DeploymentMode::Standard;
    return std::nullopt;
}

DeploymentMode deploymentModeOf(const nlohmann::json &object)
{
    const nlohmann::json *annotations = nullptr;
    if (object.is_object() && object.contains("metadata") && object["metadata"].is_object()
        && object["metadata"].contains("annotations"))
        annotations = &object["metadata"]["annotations"];
    if (annotations && annotations->is_object()) {
        const auto it = annotations->find("serving.kserve.io/deploymentMode");
        if (it != annotations->end() && it->is_string())
            if (const auto mode = parseDeploymentMode(it->get<std::string>()))
                return *mode;
    }
    if (object.is_object() && object.contains("status") && object["status"].is_object()) {
        const auto it = object["status"].find("deploymentMode");
        if (it != object["status"].end() && it->is_string())
            if (const auto mode = parseDeploymentMode(it->get<std::string>()))
                return *mode;
    }
    return DeploymentMode::Knative;
}

const char *deploymentModeName(DeploymentMode mode)
{
    return mode == DeploymentMode::Knative ? "Knative" : "Standard";
}

Problems validateDns1123Label(const std::string &field, std::string_view value)
{
    const std::string error = labelError(value, 63);
    if (error.empty())
        return {};
    return { { field, "a lowercase RFC 1123 label " + error, std::string(value) } };
}

Problems validateDns1123Subdomain(const std::string &field, std::string_view value)
{
    if (value.empty())
        return { { field, "must not be empty", {} } };
    if (value.size() > 253)
        return { { field, "a lowercase RFC 1123 subdomain must be no more than 253 characters", std::string(value) } };
    std::size_t start = 0;
    while (start <= value.size()) {
        const std::size_t end = std::min(value.find('.', start), value.size());
        if (!labelError(value.substr(start, end - start), 253).empty())
            return { { field,
                "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', "
                "and must start and end with an alphanumeric character (e.g. 'example.com')",
                std::string(value) } };
        start = end + 1;
    }
    return {};
}

Problems validateInferenceServiceName(const std::string &field, std::string_view value)
{
    Problems problems = validateDns1123Label(field, value);
    if (problems.empty() && !(value.front() >= 'a' && value.front() <= 'z'))
        problems.push_back(
            { field, "an InferenceService name must start with a lowercase letter", std::string(value) });
    return problems;
}

Problems validateStorageUri(const std::string &field, std::string_view uri)
{
    if (uri.empty())
        return { { field, "is required: the model's location, e.g. pvc://models/llama-3.1-8b or hf://owner/model",
            {} } };
    if (uri.size() > kMaxUriLength)
        return { { field, "must be at most " + std::to_string(kMaxUriLength) + " characters",
            std::string(uri.substr(0, 80)) } };
    if (hasControl(uri) || uri.find(' ') != std::string_view::npos)
        return { { field, "must not contain spaces or control characters", std::string(uri) } };
    const std::size_t sep = uri.find("://");
    const std::string_view scheme = sep == std::string_view::npos ? std::string_view() : uri.substr(0, sep);
    const std::string_view rest = sep == std::string_view::npos ? std::string_view() : uri.substr(sep + 3);
    if (scheme == "pvc")
        return validatePvc(field, uri, rest);
    if (scheme == "oci")
        return validateOci(field, uri, rest);
    if (scheme == "hf")
        return validateHf(field, uri, rest);
    if (scheme == "s3")
        return validateBucket(field, uri, rest, "s3://", 63);
    if (scheme == "gs")
        return validateBucket(field, uri, rest, "gs://", 222);
    if (scheme == "https")
        return validateHttps(field, uri, rest);
    if (scheme == "http")
        return { { field, "plain http:// would fetch the model without TLS; use https://", std::string(uri) } };
    return { { field, "unsupported scheme: use pvc://, oci://, hf://, s3://, gs:// or https://", std::string(uri) } };
}

std::optional<PvcUri> parsePvcUri(std::string_view uri)
{
    if (uri.substr(0, 6) != "pvc://" || !validateStorageUri("uri", uri).empty())
        return std::nullopt;
    const std::string_view rest = uri.substr(6);
    const std::size_t slash = rest.find('/');
    PvcUri parts;
    parts.claim = std::string(rest.substr(0, slash));
    if (slash != std::string_view::npos)
        parts.path = std::string(rest.substr(slash + 1));
    while (!parts.path.empty() && parts.path.back() == '/')
        parts.path.pop_back();
    return parts;
}

Problems validateGpuCount(const std::string &field, std::int64_t count, bool allowZero)
{
    const std::int64_t low = allowZero ? 0 : 1;
    if (count < low || count > 16)
        return { { field, "GPUs per replica must be a whole number from " + std::to_string(low) + " to 16",
            std::to_string(count) } };
    return {};
}

Problems validateQuantity(const std::string &field, std::string_view value)
{
    // k8s.io/apimachinery/pkg/api/resource: number, then a binary or decimal SI suffix or an exponent.
    static const std::regex pattern(
        R"(\+?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?)");
    if (value.empty())
        return { { field, "must not be empty: a quantity such as 500m, 8, 64Gi", {} } };
    if (value.size() > 64 || !matches(value, pattern))
        return { { field, "must be a non-negative Kubernetes quantity such as 500m, 8, 1.5 or 64Gi",
            std::string(value) } };
    return {};
}

Problems validateRuntimeArgs(
    const std::string &field, const std::vector<std::string> &args, std::optional<std::int64_t> gpus)
{
    Problems problems;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string &arg = args[i];
        const std::string at = field + "[" + std::to_string(i) + "]";
        if (arg.size() > kMaxArgLength || hasControl(arg)) {
            problems.push_back(
                { at, "must be one line of at most " + std::to_string(kMaxArgLength) + " characters", arg });
            continue;
        }
        if (arg.rfind("--", 0) != 0 || arg.size() < 3) {
            problems.push_back({ at, "expected a flag such as --max-model-len=8192", arg });
            continue;
        }
        const std::size_t equals = arg.find('=');
        const std::string name = arg.substr(0, equals);
        std::optional<std::string> value;
        if (equals != std::string::npos) {
            value = arg.substr(equals + 1);
        } else if (i + 1 < args.size() && args[i + 1].rfind("--", 0) != 0) {
            value = args[i + 1];
        }
        const auto &flags = knownFlags();
        const auto known = std::find_if(flags.begin(), flags.end(), [&](const KnownFlag &f) { return name == f.name; });
        if (known == flags.end()) {
            if (value && equals == std::string::npos)
                ++i; // an unknown flag's separate value: not ours to judge
            continue;
        }
        if (known->kind != KnownFlag::Kind::Switch && value && equals == std::string::npos)
            ++i;
        checkFlagValue(at, *known, arg,
            known->kind == KnownFlag::Kind::Switch && equals == std::string::npos ? std::nullopt : value, gpus,
            problems);
    }
    return problems;
}

} // namespace gantry::actions
