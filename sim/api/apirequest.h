#pragma once

#include "sim/api/accesscontrol.h"

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

namespace gantry::sim {

/// A request as the handlers see it, independent of the HTTP library.
struct ApiRequest
{
    std::string method; ///< GET, POST, PUT, PATCH, DELETE
    std::string path;
    std::multimap<std::string, std::string> query;
    std::string contentType; ///< without parameters, lower case
    std::string body;
    Identity identity;

    /// The first value of a query parameter, or `fallback`.
    std::string param(const std::string &name, const std::string &fallback = {}) const;
    bool flag(const std::string &name) const; ///< "true" or "1"
};

/// A body that is written in pieces as it becomes available (watch, log follow).
class ReplyStream
{
public:
    using Writer = std::function<bool(std::string_view)>;
    virtual ~ReplyStream() = default;
    /// Writes what is ready (possibly waiting a little for it). Returns false when
    /// the stream has ended normally; throws nothing. `write` returns false once
    /// the client has gone, which must end the stream too.
    virtual bool pump(const Writer &write) = 0;
};

struct ApiReply
{
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::shared_ptr<ReplyStream> stream; ///< when set, body is ignored
};

} // namespace gantry::sim
