#include "backend/kube/execcredentialjson.h"

#include "backend/kube/base64encode.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace gantry::kube {

namespace {

using nlohmann::json;

// "line 3, column 7" of a byte offset; the text itself stays out of messages
// because the JSON around an error may be the token.
std::string positionOf(std::string_view text, std::size_t offset)
{
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const std::size_t line = 1 + static_cast<std::size_t>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t lastBreak = before.rfind('\n');
    const std::size_t column = lastBreak == std::string_view::npos ? offset + 1 : offset - lastBreak;
    return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

const char *typeName(const json &value)
{
    return value.type_name();
}

// Reads an optional string member; a present value of another type is an error.
bool readString(const json &object, const char *key, std::string &target, std::string &error)
{
    const auto it = object.find(key);
    if (it == object.end() || it->is_null())
        return true;
    if (!it->is_string()) {
        error = std::string("status.") + key + " is a " + typeName(*it) + ", not a string";
        return false;
    }
    target = it->get<std::string>();
    return true;
}

} // namespace

std::string execInfoJson(const ExecAuth &plugin, const ResolvedConnection &connection)
{
    json info = {{"apiVersion", plugin.exec.apiVersion},
                 {"kind", "ExecCredential"},
                 {"spec", {{"interactive", false}}}};
    if (plugin.exec.provideClusterInfo) {
        // Field names and omitempty as in client-go's clientauthentication Cluster.
        json cluster = {{"server", connection.server}};
        if (!connection.tlsServerName.empty())
            cluster["tls-server-name"] = connection.tlsServerName;
        if (connection.insecureSkipTlsVerify)
            cluster["insecure-skip-tls-verify"] = true;
        if (!connection.caPem.empty())
            cluster["certificate-authority-data"] = encodeBase64(connection.caPem);
        if (!connection.proxyUrl.empty())
            cluster["proxy-url"] = connection.proxyUrl;
        if (connection.disableCompression)
            cluster["disable-compression"] = true;
        if (plugin.clusterConfig)
            cluster["config"] = *plugin.clusterConfig;
        info["spec"]["cluster"] = std::move(cluster);
    }
    return info.dump();
}

ExecCredentialParse parseExecCredential(std::string_view output, const std::string &expectedApiVersion)
{
    if (output.find_first_not_of(" \t\r\n") == std::string_view::npos)
        return {{}, "printed nothing on standard output; expected an ExecCredential"};
    json document;
    try {
        document = json::parse(output);
    } catch (const json::parse_error &error) {
        return {{}, "printed invalid JSON on standard output (at " + positionOf(output, error.byte ? error.byte - 1 : 0)
                        + "); expected an ExecCredential"};
    }
    if (!document.is_object())
        return {{}, std::string("printed a JSON ") + typeName(document) + " instead of an ExecCredential object"};

    const std::string kind = document.value("kind", std::string());
    if (kind != "ExecCredential")
        return {{}, "printed kind \"" + kind + "\" instead of ExecCredential"};
    const auto apiVersion = document.find("apiVersion");
    const std::string returned = apiVersion != document.end() && apiVersion->is_string() ? apiVersion->get<std::string>()
                                                                                         : std::string();
    if (returned != expectedApiVersion)
        return {{}, "is configured to use API version " + expectedApiVersion + ", but the plugin returned version \""
                        + returned + "\""};

    const auto status = document.find("status");
    if (status == document.end() || status->is_null())
        return {{}, "did not return a status field"};
    if (!status->is_object())
        return {{}, std::string("returned a status that is a ") + typeName(*status) + ", not an object"};

    ExecCredentialStatus credential;
    std::string expiration;
    std::string error;
    if (!readString(*status, "token", credential.token, error)
        || !readString(*status, "clientCertificateData", credential.clientCertificatePem, error)
        || !readString(*status, "clientKeyData", credential.clientKeyPem, error)
        || !readString(*status, "expirationTimestamp", expiration, error))
        return {{}, "returned an invalid ExecCredential: " + error};

    const bool hasCertificate = !credential.clientCertificatePem.empty();
    const bool hasKey = !credential.clientKeyPem.empty();
    if (credential.token.empty() && !hasCertificate && !hasKey)
        return {{}, "did not return a token or a certificate/key pair"};
    if (hasCertificate != hasKey)
        return {{}, "returned only a client certificate or only a key, not both"};
    if (!expiration.empty()) {
        credential.expiration = parseRfc3339(expiration);
        if (!credential.expiration)
            return {{}, "returned an expirationTimestamp that is not RFC 3339: \"" + expiration + "\""};
    }
    return {std::move(credential), {}};
}

} // namespace gantry::kube
