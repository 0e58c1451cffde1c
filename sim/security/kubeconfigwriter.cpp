#include "sim/security/kubeconfigwriter.h"

#include <openssl/evp.h>

#include <climits>
#include <cstdint>
#include <stdexcept>
#include <string_view>

namespace gantry::sim {

namespace {

struct DecodedCharacter
{
    std::uint32_t codePoint = 0;
    std::size_t length = 0; ///< 0 for a byte that starts no valid UTF-8 sequence
};

DecodedCharacter decodeUtf8(std::string_view text, std::size_t at)
{
    const auto lead = static_cast<unsigned char>(text[at]);
    if (lead < 0x80)
        return {lead, 1};
    std::size_t length = 0;
    std::uint32_t codePoint = 0;
    std::uint32_t smallest = 0;
    if ((lead & 0xe0) == 0xc0) {
        length = 2, codePoint = lead & 0x1fu, smallest = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3, codePoint = lead & 0x0fu, smallest = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4, codePoint = lead & 0x07u, smallest = 0x10000;
    } else {
        return {};
    }
    if (text.size() - at < length)
        return {};
    for (std::size_t i = 1; i < length; ++i) {
        const auto next = static_cast<unsigned char>(text[at + i]);
        if ((next & 0xc0) != 0x80)
            return {};
        codePoint = (codePoint << 6) | (next & 0x3fu);
    }
    // Overlong forms and surrogates are not UTF-8, and YAML parsers reject them.
    if (codePoint < smallest || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return {};
    return {codePoint, length};
}

// YAML treats these as line breaks or byte-order marks, or forbids them outright,
// so they must be escaped even inside a double-quoted scalar.
bool needsEscape(std::uint32_t codePoint)
{
    return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f) || codePoint == 0x2028
        || codePoint == 0x2029 || codePoint == 0xfeff || codePoint == 0xfffe || codePoint == 0xffff;
}

void appendEscape(std::string &out, std::uint32_t codePoint)
{
    static constexpr char hexDigits[] = "0123456789ABCDEF";
    switch (codePoint) {
    case '\n': out += "\\n"; return;
    case '\t': out += "\\t"; return;
    case '\r': out += "\\r"; return;
    default: break;
    }
    const int digits = codePoint <= 0xff ? 2 : 4;
    out += digits == 2 ? "\\x" : "\\u";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4)
        out += hexDigits[(codePoint >> shift) & 0xfu];
}

// Every value is double-quoted, so no name, URL or token can be read back as a
// number, a boolean, a comment or more YAML structure.
std::string quoted(std::string_view text)
{
    std::string out = "\"";
    for (std::size_t at = 0; at < text.size();) {
        const DecodedCharacter character = decodeUtf8(text, at);
        if (character.length == 0) {
            // Not representable in a YAML document; U+FFFD is what readers would show.
            out += "\\uFFFD";
            ++at;
            continue;
        }
        if (character.codePoint == '"' || character.codePoint == '\\') {
            out += '\\';
            out += static_cast<char>(character.codePoint);
        } else if (needsEscape(character.codePoint)) {
            appendEscape(out, character.codePoint);
        } else {
            out.append(text.substr(at, character.length));
        }
        at += character.length;
    }
    out += '"';
    return out;
}

std::string base64(std::string_view bytes)
{
    if (bytes.size() > static_cast<std::size_t>(INT_MAX / 4 * 3))
        throw std::length_error("the CA certificate is too large to embed");
    std::string encoded(4 * ((bytes.size() + 2) / 3) + 1, '\0');
    const int length = EVP_EncodeBlock(reinterpret_cast<unsigned char *>(encoded.data()),
                                       reinterpret_cast<const unsigned char *>(bytes.data()),
                                       static_cast<int>(bytes.size()));
    encoded.resize(static_cast<std::size_t>(length));
    return encoded;
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix)
{
    if (text.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const char c = text[i];
        if ((c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) != prefix[i])
            return false;
    }
    return true;
}

void appendUser(std::string &out, std::string_view name, const std::string &token)
{
    out += "- name: " + quoted(name) + '\n';
    if (token.empty()) {
        out += "  user: {}\n";
        return;
    }
    out += "  user:\n";
    out += "    token: " + quoted(token) + '\n';
}

void appendContext(std::string &out, std::string_view name, const KubeconfigSpec &spec)
{
    out += "- name: " + quoted(name) + '\n';
    out += "  context:\n";
    out += "    cluster: " + quoted(spec.clusterName) + '\n';
    out += "    user: " + quoted(name) + '\n';
    out += "    namespace: " + quoted(spec.defaultNamespace) + '\n';
}

} // namespace

std::string renderKubeconfig(const KubeconfigSpec &spec)
{
    constexpr std::string_view admin = "gantry-admin";
    constexpr std::string_view viewer = "gantry-viewer";
    std::string out;
    out += "# Written by gantry-sim. It holds bearer tokens: keep it private.\n";
    out += "apiVersion: v1\n";
    out += "kind: Config\n";
    out += "clusters:\n";
    out += "- name: " + quoted(spec.clusterName) + '\n';
    out += "  cluster:\n";
    out += "    server: " + quoted(spec.serverUrl) + '\n';
    // client-go refuses a CA for a plain-HTTP server, and there is none to pin.
    if (!spec.caCertificatePem.empty() && !startsWithIgnoringCase(spec.serverUrl, "http://"))
        out += "    certificate-authority-data: " + quoted(base64(spec.caCertificatePem)) + '\n';
    out += "users:\n";
    appendUser(out, admin, spec.adminToken);
    appendUser(out, viewer, spec.viewerToken);
    out += "contexts:\n";
    appendContext(out, admin, spec);
    appendContext(out, viewer, spec);
    out += "current-context: " + quoted(spec.currentContext) + '\n';
    out += "preferences: {}\n";
    return out;
}

} // namespace gantry::sim
