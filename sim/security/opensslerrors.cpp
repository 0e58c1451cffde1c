#include "sim/security/opensslsupport.h"

#include <openssl/err.h>

#include <array>

namespace gantry::sim::detail {

std::string opensslFailure(std::string_view what)
{
    std::string message(what);
    const char *separator = ": ";
    const char *data = nullptr;
    int flags = 0;
    while (const unsigned long code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) {
        std::array<char, 256> reason{};
        ERR_error_string_n(code, reason.data(), reason.size());
        message += separator;
        message += reason.data();
        // Extra text such as the offending field name says more than the code alone.
        if ((flags & ERR_TXT_STRING) != 0 && data != nullptr && *data != '\0') {
            message += " (";
            message += data;
            message += ')';
        }
        separator = "; ";
    }
    return message;
}

bool fail(std::string *error, std::string message)
{
    if (error != nullptr)
        *error = std::move(message);
    return false;
}

} // namespace gantry::sim::detail
