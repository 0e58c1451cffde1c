#include "backend/kube/kubeconfigloader.h"

#include "backend/core/utf8.h"
#include "backend/kube/kubeconfigio.h"
#include "backend/kube/kubeconfigyaml.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <string_view>

namespace gantry::kube {

namespace {

using detail::YamlFieldReader;
using detail::YamlKind;

// The three lists share one shape, `- name: x\n  <body>: {...}`.
struct NamedListShape
{
    const char *listKey; // "clusters"
    const char *bodyKey; // "cluster"
};

// How a plain field of an entry is read and where it is stored. Fields with
// structure of their own (exec, extensions, env…) are decoded by hand.
enum class FieldKind { Text, Path, Base64, Flag, TextList };

template<typename Entry>
struct FieldRule
{
    std::string_view name;
    FieldKind kind;
    std::string Entry::*text = nullptr;
    bool Entry::*flag = nullptr;
    std::vector<std::string> Entry::*list = nullptr;
};

template<typename Entry>
constexpr FieldRule<Entry> textField(std::string_view name, std::string Entry::*member,
                                     FieldKind kind = FieldKind::Text)
{
    return {name, kind, member};
}

template<typename Entry>
constexpr FieldRule<Entry> flagField(std::string_view name, bool Entry::*member)
{
    return {name, FieldKind::Flag, nullptr, member};
}

template<typename Entry>
constexpr FieldRule<Entry> listField(std::string_view name, std::vector<std::string> Entry::*member)
{
    return {name, FieldKind::TextList, nullptr, nullptr, member};
}

using Cluster = KubeconfigCluster;
using User = KubeconfigUser;
using Exec = KubeconfigExec;

constexpr FieldRule<Cluster> clusterFields[] = {
    textField("server", &Cluster::server),
    textField("certificate-authority", &Cluster::certificateAuthority, FieldKind::Path),
    textField("certificate-authority-data", &Cluster::certificateAuthorityData, FieldKind::Base64),
    flagField("insecure-skip-tls-verify", &Cluster::insecureSkipTlsVerify),
    textField("tls-server-name", &Cluster::tlsServerName),
    textField("proxy-url", &Cluster::proxyUrl),
    flagField("disable-compression", &Cluster::disableCompression),
};

constexpr FieldRule<User> userFields[] = {
    textField("client-certificate", &User::clientCertificate, FieldKind::Path),
    textField("client-certificate-data", &User::clientCertificateData, FieldKind::Base64),
    textField("client-key", &User::clientKey, FieldKind::Path),
    textField("client-key-data", &User::clientKeyData, FieldKind::Base64),
    textField("token", &User::token),
    textField("tokenFile", &User::tokenFile, FieldKind::Path),
    textField("username", &User::username),
    textField("password", &User::password),
    textField("as", &User::impersonate),
    textField("as-uid", &User::impersonateUid),
    listField("as-groups", &User::impersonateGroups),
};

constexpr FieldRule<KubeconfigContext> contextFields[] = {
    textField("cluster", &KubeconfigContext::cluster),
    textField("user", &KubeconfigContext::user),
    textField("namespace", &KubeconfigContext::namespaceName),
};

constexpr FieldRule<Exec> execFields[] = {
    textField("apiVersion", &Exec::apiVersion),
    textField("command", &Exec::command),
    listField("args", &Exec::args),
    textField("interactiveMode", &Exec::interactiveMode),
    textField("installHint", &Exec::installHint),
    flagField("provideClusterInfo", &Exec::provideClusterInfo),
};

// Decodes one file's YAML tree into a Kubeconfig, resolving its relative paths.
class KubeconfigDecoder
{
public:
    explicit KubeconfigDecoder(const std::string &file)
        : m_reader(file)
        , m_baseDirectory(detail::directoryOf(file))
    {
    }

    KubeconfigResult<Kubeconfig> decode(const YAML::Node &root)
    {
        Kubeconfig config;
        config.loadedFiles.push_back(m_reader.file());
        const YamlKind kind = detail::yamlKind(root);
        if (kind == YamlKind::Null)
            return config;
        if (kind != YamlKind::Mapping) {
            m_reader.fail(root,
                "a kubeconfig must be a mapping with apiVersion, kind, clusters, users, contexts "
                "and current-context at the top level, got "
                    + std::string(kind == YamlKind::List ? "a list" : "a single value"));
            return m_reader.error();
        }
        for (const auto &entry : root) {
            if (!decodeTopLevel(entry.first, entry.second, config))
                return m_reader.error();
        }
        return config;
    }

private:
    bool decodeTopLevel(const YAML::Node &key, const YAML::Node &value, Kubeconfig &config)
    {
        const std::string &name = key.Scalar();
        if (name == "apiVersion" || name == "kind") {
            std::string text;
            if (!m_reader.readString(key, value, name, text))
                return false;
            // client-go decodes with v1/Config as the default, so absent is fine.
            const char *expected = name == "kind" ? "Config" : "v1";
            if (!text.empty() && text != expected) {
                m_reader.fail(value, name + " is \"" + text + "\", but a kubeconfig has " + name + ": " + expected);
                return false;
            }
            return true;
        }
        if (name == "current-context") {
            if (!m_reader.readString(key, value, name, config.currentContext))
                return false;
            config.currentContextOrigin = location(key);
            return true;
        }
        if (name == "clusters")
            return decodeNamedList(key, value, {"clusters", "cluster"}, config.clusters,
                [this](const YAML::Node &body, const std::string &of, KubeconfigCluster &out) {
                    return decodeCluster(body, of, out);
                });
        if (name == "users")
            return decodeNamedList(key, value, {"users", "user"}, config.users,
                [this](const YAML::Node &body, const std::string &of, KubeconfigUser &out) {
                    return decodeUser(body, of, out);
                });
        if (name == "contexts")
            return decodeNamedList(key, value, {"contexts", "context"}, config.contexts,
                [this](const YAML::Node &body, const std::string &of, KubeconfigContext &out) {
                    return decodeContext(body, of, out);
                });
        // preferences, extensions and unknown keys are ignored, as client-go ignores them.
        return true;
    }

    template<typename Entry, typename DecodeBody>
    bool decodeNamedList(const YAML::Node &key, const YAML::Node &list, NamedListShape shape,
        std::map<std::string, Entry> &out, DecodeBody decodeBody)
    {
        if (!m_reader.expectList(key, list, shape.listKey) || !list.IsSequence())
            return !m_reader.failed();
        std::map<std::string, int> firstLine;
        std::size_t index = 0;
        for (const YAML::Node &item : list) {
            const std::string position = std::string(shape.listKey) + '[' + std::to_string(index++) + ']';
            if (!m_reader.expectMapping(item, item, position))
                return false;

            // The name decides how messages about the body read, and kubectl
            // writes it after the body, so find it first. A null entry is an
            // unnamed, empty one, as client-go decodes it.
            std::string name;
            YAML::Node body;
            YAML::Node bodyKey;
            for (const auto &field : item.IsMap() ? item : YAML::Node(YAML::NodeType::Map)) {
                if (field.first.Scalar() == "name") {
                    if (!m_reader.readString(field.first, field.second, "name of " + position, name))
                        return false;
                } else if (field.first.Scalar() == shape.bodyKey) {
                    bodyKey = field.first;
                    body = field.second;
                }
            }
            const std::string of = std::string(shape.bodyKey) + " \"" + name + '"';
            if (const auto seen = firstLine.find(name); seen != firstLine.end()) {
                m_reader.fail(item,
                    "duplicate name \"" + name + "\" in " + shape.listKey + " (first defined at line "
                        + std::to_string(seen->second) + ")");
                return false;
            }

            Entry entry;
            entry.origin = location(item);
            firstLine[name] = entry.origin.line;
            if (bodyKey.IsDefined()) {
                if (!m_reader.expectMapping(bodyKey, body, std::string(shape.bodyKey) + " of " + of))
                    return false;
                if (body.IsMap() && !decodeBody(body, of, entry))
                    return false;
            }
            out.emplace(name, std::move(entry));
        }
        return true;
    }

    // Reads every field of `body` that `rules` names into `entry`; any other key
    // goes to `special`, which returns false on error (unknown keys are ignored).
    template<typename Entry, std::size_t count, typename Special>
    bool decodeFields(const YAML::Node &body, const std::string &prefix, const std::string &of, Entry &entry,
        const FieldRule<Entry> (&rules)[count], Special special)
    {
        for (const auto &field : body) {
            const YAML::Node &key = field.first;
            const YAML::Node &value = field.second;
            const std::string described = prefix + key.Scalar() + " of " + of;
            const auto rule = std::find_if(std::begin(rules), std::end(rules),
                [&key](const FieldRule<Entry> &candidate) { return candidate.name == key.Scalar(); });
            const bool ok = rule == std::end(rules) ? special(key, value, described)
                                                    : readField(key, value, described, *rule, entry);
            if (!ok)
                return false;
        }
        return true;
    }

    template<typename Entry>
    bool readField(const YAML::Node &key, const YAML::Node &value, const std::string &described,
        const FieldRule<Entry> &rule, Entry &entry)
    {
        switch (rule.kind) {
        case FieldKind::Text:
            return m_reader.readString(key, value, described, entry.*rule.text);
        case FieldKind::Path:
            if (!m_reader.readString(key, value, described, entry.*rule.text))
                return false;
            entry.*rule.text = detail::resolvePath(entry.*rule.text, m_baseDirectory);
            return true;
        case FieldKind::Base64:
            return m_reader.readBase64(key, value, described, entry.*rule.text);
        case FieldKind::Flag:
            return m_reader.readBool(key, value, described, entry.*rule.flag);
        case FieldKind::TextList:
            return m_reader.readStringList(key, value, described, entry.*rule.list);
        }
        return false;
    }

    bool decodeCluster(const YAML::Node &body, const std::string &of, KubeconfigCluster &cluster)
    {
        return decodeFields(body, "", of, cluster, clusterFields,
            [&](const YAML::Node &key, const YAML::Node &value, const std::string &described) {
                return key.Scalar() != "extensions" || decodeClusterExtensions(key, value, described, cluster);
            });
    }

    bool decodeClusterExtensions(
        const YAML::Node &key, const YAML::Node &value, const std::string &described, KubeconfigCluster &cluster)
    {
        if (!m_reader.expectList(key, value, described) || !value.IsSequence())
            return !m_reader.failed();
        for (const YAML::Node &item : value) {
            if (!m_reader.expectMapping(item, item, "an entry of " + described))
                return false;
            if (!item.IsMap())
                continue;
            std::string name;
            YAML::Node extension;
            for (const auto &field : item) {
                if (field.first.Scalar() == "name"
                    && !m_reader.readString(field.first, field.second, "name in " + described, name))
                    return false;
                if (field.first.Scalar() == "extension")
                    extension = field.second;
            }
            if (name == execClusterExtensionName)
                cluster.execExtension = detail::yamlToJson(extension);
        }
        return true;
    }

    bool decodeUser(const YAML::Node &body, const std::string &of, KubeconfigUser &user)
    {
        return decodeFields(body, "", of, user, userFields,
            [&](const YAML::Node &key, const YAML::Node &value, const std::string &described) {
                const std::string &name = key.Scalar();
                if (name == "as-user-extra")
                    return m_reader.readStringListMap(key, value, described, user.impersonateExtra);
                if (name == "auth-provider")
                    return decodeAuthProvider(key, value, described, user);
                if (name == "exec")
                    return decodeExec(key, value, of, user);
                return true;
            });
    }

    bool decodeAuthProvider(
        const YAML::Node &key, const YAML::Node &value, const std::string &described, KubeconfigUser &user)
    {
        if (!m_reader.expectMapping(key, value, described) || !value.IsMap())
            return !m_reader.failed();
        // Only the name is kept: the provider's config holds refresh and id tokens.
        user.authProvider.emplace();
        for (const auto &field : value) {
            if (field.first.Scalar() == "name"
                && !m_reader.readString(field.first, field.second, "name in " + described, *user.authProvider))
                return false;
        }
        return true;
    }

    bool decodeExec(const YAML::Node &key, const YAML::Node &value, const std::string &of, KubeconfigUser &user)
    {
        if (!m_reader.expectMapping(key, value, "exec of " + of) || !value.IsMap())
            return !m_reader.failed();
        KubeconfigExec exec;
        const bool ok = decodeFields(value, "exec.", of, exec, execFields,
            [&](const YAML::Node &fieldKey, const YAML::Node &fieldValue, const std::string &described) {
                return fieldKey.Scalar() != "env" || decodeExecEnv(fieldKey, fieldValue, described, exec);
            });
        if (!ok)
            return false;
        // client-go's v1 defaulting: before v1, plugins were run as IfAvailable.
        if (exec.interactiveMode.empty()
            && (exec.apiVersion == "client.authentication.k8s.io/v1beta1"
                || exec.apiVersion == "client.authentication.k8s.io/v1alpha1"))
            exec.interactiveMode = "IfAvailable";
        // A bare command name is looked up in PATH; only a path is resolved.
        if (exec.command.find('/') != std::string::npos)
            exec.command = detail::resolvePath(exec.command, m_baseDirectory);
        user.exec = std::move(exec);
        return true;
    }

    bool decodeExecEnv(
        const YAML::Node &key, const YAML::Node &value, const std::string &described, KubeconfigExec &exec)
    {
        if (!m_reader.expectList(key, value, described) || !value.IsSequence())
            return !m_reader.failed();
        std::size_t index = 0;
        for (const YAML::Node &item : value) {
            const std::string position = described + '[' + std::to_string(index++) + ']';
            if (!m_reader.expectMapping(item, item, position))
                return false;
            KubeconfigExecEnv variable;
            if (item.IsMap()) {
                for (const auto &field : item) {
                    const std::string &name = field.first.Scalar();
                    if (name == "name"
                        && !m_reader.readString(field.first, field.second, position + ".name", variable.name))
                        return false;
                    if (name == "value"
                        && !m_reader.readString(field.first, field.second, position + ".value", variable.value))
                        return false;
                }
            }
            exec.env.push_back(std::move(variable));
        }
        return true;
    }

    bool decodeContext(const YAML::Node &body, const std::string &of, KubeconfigContext &context)
    {
        return decodeFields(body, "", of, context, contextFields,
            [](const YAML::Node &, const YAML::Node &, const std::string &) { return true; });
    }

    KubeconfigLocation location(const YAML::Node &node) const
    {
        const YAML::Mark mark = node.Mark();
        return {m_reader.file(), mark.is_null() ? 0 : mark.line + 1};
    }

    YamlFieldReader m_reader;
    std::string m_baseDirectory;
};

} // namespace

KubeconfigResult<Kubeconfig> parseKubeconfig(std::string_view yaml, const std::string &path)
{
    // kubectl's YAML reader refuses bytes that are not UTF-8, and so does this
    // one: yaml-cpp would pass them on into server URLs and into the JSON an
    // exec plugin is handed, which cannot be written with them. A stream that
    // opens with a NUL or a byte-order mark is UTF-16 or UTF-32, which yaml-cpp
    // converts itself.
    const bool mayBeUtf16Or32 = yaml.substr(0, 4).find('\0') != std::string_view::npos
        || yaml.starts_with("\xFF\xFE") || yaml.starts_with("\xFE\xFF");
    if (const std::size_t bad = firstInvalidUtf8(yaml); bad != std::string_view::npos && !mayBeUtf16Or32) {
        const std::string_view before = yaml.substr(0, bad);
        const std::size_t lineStart = before.rfind('\n') + 1; // npos + 1 == 0: the first line
        char byte[8];
        std::snprintf(byte, sizeof byte, "0x%02X", static_cast<unsigned char>(yaml[bad]));
        return detail::loadError(path, std::string("invalid YAML: not UTF-8 text (byte ") + byte + ")",
                                 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n')),
                                 1 + static_cast<int>(bad - lineStart));
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::ParserException &error) {
        return detail::loadError(path, "invalid YAML: " + error.msg, error.mark.line + 1, error.mark.column + 1);
    } catch (const YAML::Exception &error) {
        return detail::loadError(path, "invalid YAML: " + error.msg);
    }
    try {
        return KubeconfigDecoder(path).decode(root);
    } catch (const YAML::Exception &error) {
        // Not expected (the decoder only walks what exists), but nothing may escape.
        return detail::loadError(path, "unexpected YAML structure: " + error.msg);
    }
}

KubeconfigResult<Kubeconfig> loadKubeconfigFile(const std::string &path)
{
    const detail::FileContents file = detail::readWholeFile(path);
    if (file.status != detail::FileContents::Status::Ok)
        return detail::loadError(path, "cannot read the file: " + file.problem);
    return parseKubeconfig(file.content, path);
}

} // namespace gantry::kube
