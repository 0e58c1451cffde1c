#include "backend/actions/prewarmaction.h"

#include "backend/actions/jsonaccess.h"
#include "backend/actions/templaterenderer.h"
#include "backend/actions/validation.h"
#include "backend/core/fnv1a.h"
#include "backend/core/yamljson.h"

#include <cctype>
#include <cstdio>
#include <set>

namespace gantry::actions {

namespace {

using nlohmann::json;

const kube::ResourceRef kJobs { "batch", "v1", "jobs", {}, {}, {} };
const kube::ResourceRef kCaches { "serving.kserve.io", "v1alpha1", "localmodelcaches", {}, {}, {} };

std::string hashOf(const std::string &text)
{
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "%08llx", static_cast<unsigned long long>(fnv1a64(text) & 0xffffffffULL));
    return buffer;
}

// The longest prefix of `text` (at most `limit`) that ends in an alphanumeric.
std::string trimmedName(std::string text, std::size_t limit)
{
    if (text.size() > limit)
        text.resize(limit);
    while (!text.empty() && !std::isalnum(static_cast<unsigned char>(text.back())))
        text.pop_back();
    return text;
}

void append(Problems &to, Problems from)
{
    for (Problem &problem : from)
        to.push_back(std::move(problem));
}

Result<json, TemplateError> render(
    const TemplateLibrary &templates, std::string_view name, const TemplateValues &values)
{
    const auto source = templates.text(name);
    if (!source)
        return source.error();
    const auto rendered = renderTemplate(*source, values);
    if (!rendered)
        return TemplateError { std::string(name) + ": " + rendered.error().message };
    YamlToJsonResult parsed = yamlToJson(*rendered);
    if (!parsed.json || !parsed.json->is_object())
        return TemplateError { std::string(name) + ": the rendered template is not a YAML mapping ("
            + std::to_string(parsed.line) + ":" + std::to_string(parsed.column) + " " + parsed.error + ")" };
    json object = std::move(*parsed.json);
    pruneNullMembers(object);
    return object;
}

} // namespace

PrewarmAction::PrewarmAction(ActionContext context)
    : m_context(std::move(context))
{
}

std::string PrewarmAction::jobNameFor(const std::string &node, const std::string &modelUri)
{
    // 8 + 45 + 1 + 8 = 62: the name doubles as the pods' job-name label value (≤ 63).
    return "prewarm-" + trimmedName(node, 45) + "-" + hashOf(modelUri);
}

std::string PrewarmAction::cacheNameFor(const std::string &modelUri)
{
    std::string base =
        modelUri.substr(modelUri.find_last_of("/:") == std::string::npos ? 0 : modelUri.find_last_of("/:") + 1);
    std::string name;
    for (const char c : base) {
        const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        name += std::isalnum(static_cast<unsigned char>(lower)) ? lower : '-';
    }
    while (!name.empty() && !std::isalnum(static_cast<unsigned char>(name.front())))
        name.erase(name.begin());
    name = trimmedName(name, 40);
    return (name.empty() ? std::string("model") : name) + "-" + hashOf(modelUri);
}

Problems PrewarmAction::validate(const PrewarmSpec &spec)
{
    Problems problems;
    std::set<std::string> seen;
    for (std::size_t i = 0; i < spec.nodes.size(); ++i) {
        const std::string field = "nodes[" + std::to_string(i) + "]";
        append(problems, validateDns1123Subdomain(field, spec.nodes[i]));
        if (!seen.insert(spec.nodes[i]).second)
            problems.push_back({ field, "is listed twice", spec.nodes[i] });
    }
    if (spec.method == PrewarmMethod::Jobs) {
        if (!parsePvcUri(spec.modelUri)) {
            Problems uri = validateStorageUri("modelUri", spec.modelUri);
            if (uri.empty())
                uri.push_back(
                    { "modelUri", "a prewarm Job reads a shared volume: use pvc://<claim>/<path>", spec.modelUri });
            append(problems, std::move(uri));
        }
        if (spec.nodes.empty())
            problems.push_back({ "nodes", "choose at least one node to warm", {} });
        append(problems, validateDns1123Label("metadata.namespace", spec.namespaceName));
        if (spec.image.empty() || spec.image.find_first_of(" \t\r\n") != std::string::npos)
            problems.push_back(
                { "spec.template.spec.containers[0].image", "must be an image reference without spaces", spec.image });
        return problems;
    }
    append(problems, validateStorageUri("spec.sourceModelUri", spec.modelUri));
    if (spec.nodeGroups.empty())
        problems.push_back({ "spec.nodeGroups", "needs at least one node group", {} });
    for (std::size_t i = 0; i < spec.nodeGroups.size(); ++i)
        append(problems, validateDns1123Subdomain("spec.nodeGroups[" + std::to_string(i) + "]", spec.nodeGroups[i]));
    append(problems, validateQuantity("spec.modelSize", spec.modelSize));
    if (!spec.cacheName.empty())
        append(problems, validateDns1123Subdomain("metadata.name", spec.cacheName));
    return problems;
}

void PrewarmAction::audit(const char *verb, const char *kind, const std::string &namespaceName, const std::string &name,
    std::string summary, bool dryRun, std::string result) const
{
    AuditRecord record;
    record.verb = verb;
    record.kind = kind;
    record.namespaceName = namespaceName;
    record.name = name;
    record.summary = std::move(summary);
    record.dryRun = dryRun;
    record.result = std::move(result);
    m_context.record(std::move(record));
}

ActionResult<PrewarmHandle> PrewarmAction::start(const PrewarmSpec &spec, const ActionOptions &options) const
{
    const bool jobs = spec.method == PrewarmMethod::Jobs;
    const char *kind = jobs ? "Job" : "LocalModelCache";
    const std::string firstName = jobs ? (spec.nodes.empty() ? std::string() : jobNameFor(spec.nodes[0], spec.modelUri))
                                       : (spec.cacheName.empty() ? cacheNameFor(spec.modelUri) : spec.cacheName);
    const std::string ns = jobs ? spec.namespaceName : std::string();
    const std::string summary = "prewarm " + redactUri(spec.modelUri) + " on "
        + (jobs ? std::to_string(spec.nodes.size()) + " node(s)"
                : std::to_string(spec.nodeGroups.size()) + " node group(s)");
    if (m_context.client->readOnly()) {
        ActionError error = ActionError::readOnly("prewarm of " + redactUri(spec.modelUri));
        audit("prewarm", kind, ns, firstName, summary, options.dryRunOnly, error.auditResult());
        return error;
    }
    if (Problems problems = validate(spec); !problems.empty()) {
        ActionError error = ActionError::invalid(std::move(problems));
        audit("prewarm", kind, ns, firstName, summary, options.dryRunOnly, error.auditResult());
        return error;
    }
    return jobs ? startJobs(spec, options) : startCache(spec, options);
}

ActionResult<PrewarmHandle> PrewarmAction::startJobs(const PrewarmSpec &spec, const ActionOptions &options) const
{
    const PvcUri pvc = *parsePvcUri(spec.modelUri);
    PrewarmHandle handle;
    handle.method = PrewarmMethod::Jobs;
    handle.namespaceName = spec.namespaceName;
    handle.modelUri = spec.modelUri;
    std::vector<json> objects;
    for (const std::string &node : spec.nodes) {
        const std::string name = jobNameFor(node, spec.modelUri);
        const TemplateValues values = {
            { "jobName", name },
            { "namespace", spec.namespaceName },
            { "node", node },
            { "modelUri", spec.modelUri },
            { "image", spec.image },
            { "claimName", pvc.claim },
            { "subPath", pvc.path.empty() ? TemplateValue() : TemplateValue(pvc.path) },
        };
        auto job = render(m_context.templateLibrary(), kPrewarmJobTemplate, values);
        if (!job) {
            ActionError error = ActionError::invalid({ { std::string(kPrewarmJobTemplate), job.error().message, {} } });
            audit("prewarm", "Job", spec.namespaceName, name, "prewarm " + redactUri(spec.modelUri) + " on " + node,
                options.dryRunOnly, error.auditResult());
            return error;
        }
        objects.push_back(std::move(*job));
        handle.nodes.push_back(node);
        handle.jobs.push_back(name);
    }

    const kube::ResourceRef collection = kJobs.inNamespace(spec.namespaceName);
    kube::WriteOptions write;
    write.fieldManager = "gantry";
    write.cancellation = options.cancellation;
    write.dryRun = true;
    // Every Job passes the server's checks before the first is created.
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const kube::JsonResult dryRun = m_context.client->create(collection, objects[i], write);
        if (!dryRun && !dryRun.error().isAlreadyExists()) {
            ActionError error = ActionError::fromApi(dryRun.error(), "prewarm Job " + handle.jobs[i]);
            audit("prewarm", "Job", spec.namespaceName, handle.jobs[i],
                "prewarm " + redactUri(spec.modelUri) + " on " + handle.nodes[i], true, error.auditResult());
            return error;
        }
    }
    for (std::size_t i = 0; i < objects.size(); ++i) {
        const std::string summary = "prewarm " + redactUri(spec.modelUri) + " on " + handle.nodes[i];
        if (options.dryRunOnly) {
            audit("prewarm", "Job", spec.namespaceName, handle.jobs[i], summary, true, "applied");
            continue;
        }
        write.dryRun = false;
        const kube::JsonResult created = m_context.client->create(collection, objects[i], write);
        if (created) {
            audit("prewarm", "Job", spec.namespaceName, handle.jobs[i], summary, false, "applied");
            continue;
        }
        if (created.error().isAlreadyExists()) {
            // The same model on the same node is already being (or was) warmed: adopt it.
            const kube::JsonResult existing = m_context.client->get(collection.named(handle.jobs[i]));
            if (existing && jsonString(*existing, { "metadata", "annotations", "gantry.io/model-uri" }) == spec.modelUri
                && jsonString(*existing, { "metadata", "annotations", "gantry.io/node" }) == handle.nodes[i]) {
                audit("prewarm", "Job", spec.namespaceName, handle.jobs[i], summary + " (already running: adopted)",
                    false, "applied");
                continue;
            }
        }
        ActionError error = ActionError::fromApi(created.error(), "prewarm Job " + handle.jobs[i]);
        audit("prewarm", "Job", spec.namespaceName, handle.jobs[i], summary, false, error.auditResult());
        return error;
    }
    return handle;
}

ActionResult<PrewarmHandle> PrewarmAction::startCache(const PrewarmSpec &spec, const ActionOptions &options) const
{
    PrewarmHandle handle;
    handle.method = PrewarmMethod::LocalModelCache;
    handle.modelUri = spec.modelUri;
    handle.nodes = spec.nodes;
    handle.cacheName = spec.cacheName.empty() ? cacheNameFor(spec.modelUri) : spec.cacheName;
    std::string groups;
    for (const std::string &group : spec.nodeGroups)
        groups += (groups.empty() ? "" : ",") + group;
    const std::string summary =
        "cache " + redactUri(spec.modelUri) + " (" + spec.modelSize + ") on node groups " + groups;
    auto cache = render(m_context.templateLibrary(), kLocalModelCacheTemplate,
        { { "name", handle.cacheName }, { "sourceModelUri", spec.modelUri }, { "modelSize", spec.modelSize },
            { "nodeGroups", spec.nodeGroups } });
    if (!cache) {
        ActionError error =
            ActionError::invalid({ { std::string(kLocalModelCacheTemplate), cache.error().message, {} } });
        audit("prewarm", "LocalModelCache", {}, handle.cacheName, summary, options.dryRunOnly, error.auditResult());
        return error;
    }
    kube::WriteOptions write;
    write.fieldManager = "gantry";
    write.cancellation = options.cancellation;
    for (const bool dryRun : { true, false }) {
        if (!dryRun && options.dryRunOnly)
            break;
        write.dryRun = dryRun;
        const kube::JsonResult created = m_context.client->create(kCaches, *cache, write);
        if (!created) {
            ActionError error = ActionError::fromApi(created.error(), "LocalModelCache " + handle.cacheName);
            audit("prewarm", "LocalModelCache", {}, handle.cacheName, summary, dryRun, error.auditResult());
            return error;
        }
    }
    audit("prewarm", "LocalModelCache", {}, handle.cacheName, summary, options.dryRunOnly, "applied");
    return handle;
}

ActionResult<std::size_t> PrewarmAction::cancel(const PrewarmHandle &handle, const ActionOptions &options) const
{
    const bool jobs = handle.method == PrewarmMethod::Jobs;
    const char *kind = jobs ? "Job" : "LocalModelCache";
    std::vector<kube::ResourceRef> refs;
    if (jobs) {
        for (const std::string &job : handle.jobs)
            refs.push_back(kJobs.inNamespace(handle.namespaceName).named(job));
    } else {
        refs.push_back(kCaches.named(handle.cacheName));
    }
    const std::string summary = "cancel prewarm of " + redactUri(handle.modelUri);
    if (m_context.client->readOnly()) {
        ActionError error = ActionError::readOnly("cancel of the prewarm of " + redactUri(handle.modelUri));
        audit("cancel", kind, refs.empty() ? std::string() : refs[0].namespaceName,
            refs.empty() ? std::string() : refs[0].name, summary, options.dryRunOnly, error.auditResult());
        return error;
    }
    std::size_t deleted = 0;
    for (const kube::ResourceRef &ref : refs) {
        kube::DeleteOptions remove;
        remove.propagationPolicy = "Background";
        remove.dryRun = options.dryRunOnly;
        remove.cancellation = options.cancellation;
        const kube::JsonResult result = m_context.client->remove(ref, remove);
        if (!result && !result.error().isNotFound()) {
            ActionError error = ActionError::fromApi(result.error(), "cancel of " + std::string(kind) + " " + ref.name);
            audit("cancel", kind, ref.namespaceName, ref.name, summary, options.dryRunOnly, error.auditResult());
            return error;
        }
        deleted += result ? 1 : 0;
        audit("cancel", kind, ref.namespaceName, ref.name, summary + (result ? "" : " (already gone)"),
            options.dryRunOnly, "applied");
    }
    return deleted;
}

} // namespace gantry::actions
