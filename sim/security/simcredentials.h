#pragma once

#include "sim/security/tlsmaterial.h"

#include <optional>
#include <string>

namespace gantry::sim {

/// What a client of gantry-sim holds on to: the bearer tokens of its two users
/// and, over TLS, the server's certificates.
struct SimCredentials
{
    std::string adminToken;
    std::string viewerToken;
    /// The server's identity from an earlier run; nullopt until one was saved.
    std::optional<TlsMaterial> tls;
};

/// The credentials kept in `directory` (`gantry-sim --credentials`), so a
/// restarted server accepts the clients of the last one, as a real API server
/// would. The directory (created, owner only, when missing) holds `tokens`, two
/// lines "admin <token>" and "viewer <token>", created with new random tokens
/// when missing; and, once saveServerIdentity() ran, `ca.crt`, `server.crt` and
/// `server.key`. Nullopt and `error` ("FILE:LINE: what") when anything there
/// cannot be read, written or understood.
std::optional<SimCredentials> loadOrCreateCredentials(const std::string &directory, std::string *error);

/// Writes the CA and server certificates and the server key into `directory`
/// (owner only); the CA's own key is never written.
bool saveServerIdentity(const std::string &directory, const TlsMaterial &tls, std::string *error);

} // namespace gantry::sim
