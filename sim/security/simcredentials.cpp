#include "sim/security/simcredentials.h"

#include "sim/security/privatefile.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace gantry::sim {

namespace {

constexpr const char *tokensName = "tokens";
constexpr const char *caName = "ca.crt";
constexpr const char *certificateName = "server.crt";
constexpr const char *keyName = "server.key";

bool isTokenCharacter(char c)
{
    // Bearer tokens are printable ASCII without spaces (RFC 6750's b64token and more).
    return c > ' ' && c < 0x7f;
}

bool readWhole(const std::string &path, std::string &text, std::string *error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error)
            *error = path + ": cannot read: " + std::strerror(errno);
        return false;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    text = buffer.str();
    return true;
}

std::optional<SimCredentials> parseTokens(const std::string &path, const std::string &text, std::string *error)
{
    const auto fail = [&](const std::string &message) -> std::optional<SimCredentials> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    SimCredentials credentials;
    std::istringstream lines(text);
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        const std::string where = path + ":" + std::to_string(number) + ": ";
        if (line.empty() || line.front() == '#')
            continue;
        std::istringstream words(line);
        std::string user, token, extra;
        words >> user >> token >> extra;
        if (token.empty() || !extra.empty())
            return fail(where + "expected \"admin <token>\" or \"viewer <token>\"");
        for (const char c : token) {
            if (!isTokenCharacter(c))
                return fail(where + "the token has a character a bearer token cannot have");
        }
        if (user == "admin")
            credentials.adminToken = token;
        else if (user == "viewer")
            credentials.viewerToken = token;
        else
            return fail(where + "unknown user \"" + user + "\" (admin or viewer)");
    }
    if (credentials.adminToken.empty() || credentials.viewerToken.empty())
        return fail(path + ": needs a token for both admin and viewer");
    if (credentials.adminToken == credentials.viewerToken)
        return fail(path + ": admin and viewer must have different tokens");
    return credentials;
}

} // namespace

std::optional<SimCredentials> loadOrCreateCredentials(const std::string &directory, std::string *error)
{
    namespace fs = std::filesystem;
    std::error_code code;
    if (!fs::is_directory(directory, code)) {
        if (fs::exists(directory, code) || !fs::create_directories(directory, code) || code) {
            if (error)
                *error = directory + ": cannot use as the credentials directory: "
                         + (code ? code.message() : std::string("not a directory"));
            return std::nullopt;
        }
        ::chmod(directory.c_str(), S_IRWXU);
    }
    const std::string tokensPath = directory + "/" + tokensName;
    std::optional<SimCredentials> credentials;
    if (!fs::exists(tokensPath, code)) {
        credentials = SimCredentials{randomToken(), randomToken(), std::nullopt};
        if (!writePrivateFile(tokensPath, "admin " + credentials->adminToken + "\nviewer " + credentials->viewerToken + "\n",
                              error))
            return std::nullopt;
    } else {
        std::string text;
        if (!readWhole(tokensPath, text, error))
            return std::nullopt;
        credentials = parseTokens(tokensPath, text, error);
        if (!credentials)
            return std::nullopt;
    }

    const std::string certificatePath = directory + "/" + certificateName;
    if (fs::exists(certificatePath, code)) {
        TlsMaterial tls;
        if (!readWhole(directory + "/" + caName, tls.caCertificatePem, error)
            || !readWhole(certificatePath, tls.serverCertificatePem, error)
            || !readWhole(directory + "/" + keyName, tls.serverKeyPem, error))
            return std::nullopt;
        if (!certificateFromPem(tls.caCertificatePem) || !certificateFromPem(tls.serverCertificatePem)) {
            if (error)
                *error = directory + ": " + caName + " or " + certificateName + " is not a PEM certificate";
            return std::nullopt;
        }
        if (!privateKeyFromPem(tls.serverKeyPem)) {
            if (error)
                *error = directory + "/" + keyName + ": not a PEM private key";
            return std::nullopt;
        }
        credentials->tls = std::move(tls);
    }
    return credentials;
}

bool saveServerIdentity(const std::string &directory, const TlsMaterial &tls, std::string *error)
{
    return writePrivateFile(directory + "/" + caName, tls.caCertificatePem, error)
           && writePrivateFile(directory + "/" + certificateName, tls.serverCertificatePem, error)
           && writePrivateFile(directory + "/" + keyName, tls.serverKeyPem, error);
}

} // namespace gantry::sim
