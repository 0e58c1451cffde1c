#include "backend/actions/problem.h"

namespace gantry::actions {

namespace {

// Values come from users and files: keep one line and a bounded length in messages.
std::string quoted(const std::string &value)
{
    constexpr std::size_t limit = 80;
    std::string out = "\"";
    for (std::size_t i = 0; i < value.size() && i < limit; ++i) {
        const unsigned char c = static_cast<unsigned char>(value[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c == '\n') {
            out += "\\n";
        } else if (c < 0x20 || c == 0x7f) {
            out += '?';
        } else {
            out += static_cast<char>(c);
        }
    }
    if (value.size() > limit)
        out += "…";
    return out + "\"";
}

} // namespace

std::string Problem::text() const
{
    std::string out = field.empty() ? message : field + ": " + message;
    if (!value.empty())
        out += " (got " + quoted(value) + ")";
    return out;
}

std::string problemsText(const Problems &problems)
{
    std::string out;
    for (const Problem &problem : problems)
        out += (out.empty() ? "" : "; ") + problem.text();
    return out;
}

} // namespace gantry::actions
