#include "backend/kube/watchevent.h"

namespace gantry::kube {

namespace {

std::optional<WatchEvent::Type> typeFromName(const std::string &name)
{
    using Type = WatchEvent::Type;
    if (name == "ADDED")
        return Type::Added;
    if (name == "MODIFIED")
        return Type::Modified;
    if (name == "DELETED")
        return Type::Deleted;
    if (name == "BOOKMARK")
        return Type::Bookmark;
    if (name == "ERROR")
        return Type::Error;
    return std::nullopt;
}

} // namespace

const char *WatchEvent::typeName() const
{
    switch (type) {
    case Type::Added: return "ADDED";
    case Type::Modified: return "MODIFIED";
    case Type::Deleted: return "DELETED";
    case Type::Bookmark: return "BOOKMARK";
    case Type::Error: return "ERROR";
    }
    return "";
}

std::string WatchEvent::resourceVersion() const
{
    const auto metadata = object.find("metadata");
    if (metadata == object.end() || !metadata->is_object())
        return {};
    const auto version = metadata->find("resourceVersion");
    return version != metadata->end() && version->is_string() ? version->get<std::string>() : std::string();
}

WatchEventParse parseWatchEvent(std::string_view line)
{
    if (line.find_first_not_of(" \t\r") == std::string_view::npos)
        return {};
    nlohmann::json document = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (document.is_discarded() || !document.is_object())
        return {{}, "a watch event is not a JSON object"};
    const auto type = document.find("type");
    const auto object = document.find("object");
    if (type == document.end() || !type->is_string() || object == document.end() || !object->is_object())
        return {{}, "a watch event lacks its \"type\" or \"object\""};
    const std::optional<WatchEvent::Type> kind = typeFromName(type->get<std::string>());
    if (!kind)
        return {{}, "unknown watch event type \"" + type->get<std::string>() + "\""};

    WatchEvent event;
    event.type = *kind;
    event.object = std::move(*object);
    if (event.type == WatchEvent::Type::Error) {
        const auto code = event.object.find("code");
        const int httpCode = code != event.object.end() && code->is_number_integer() ? code->get<int>() : 500;
        event.status = parseApiStatus(httpCode, event.object.dump());
    }
    return {std::move(event), {}};
}

} // namespace gantry::kube
