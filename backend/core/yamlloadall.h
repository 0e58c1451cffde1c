#pragma once

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <sstream>
#include <string>
#include <vector>

namespace gantry {

namespace detail {

// Remembers where the last document began; the other events do not matter.
class DocumentStarts final : public YAML::EventHandler
{
public:
    void OnDocumentStart(const YAML::Mark &mark) override { start = mark; }
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark &, YAML::anchor_t) override {}
    void OnAlias(const YAML::Mark &, YAML::anchor_t) override {}
    void OnScalar(const YAML::Mark &, const std::string &, YAML::anchor_t, const std::string &) override {}
    void OnSequenceStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnSequenceEnd() override {}
    void OnMapStart(const YAML::Mark &, const std::string &, YAML::anchor_t, YAML::EmitterStyle::value) override {}
    void OnMapEnd() override {}

    YAML::Mark start;
};

} // namespace detail

/// YAML::LoadAll() without its endless loop. yaml-cpp 0.7 (Debian 12's) reads a
/// ',' outside [ ] or { } as an empty document and then reads it again, forever,
/// growing the list until memory runs out (yaml-cpp issue #1040). The stream is
/// walked once first: a document starting where the previous one did is that
/// loop, reported as a YAML::ParserException at the offending character.
/// Otherwise the same documents, or the same exceptions, as YAML::LoadAll().
/// Header-only, so the simulator's scenario library uses it without the backend.
inline std::vector<YAML::Node> loadAllYaml(const std::string &text)
{
    std::istringstream stream(text);
    YAML::Parser parser(stream);
    detail::DocumentStarts starts;
    int previous = -1;
    while (parser.HandleNextDocument(starts)) {
        if (starts.start.pos == previous) {
            const char at = starts.start.pos >= 0 && static_cast<std::size_t>(starts.start.pos) < text.size()
                ? text[static_cast<std::size_t>(starts.start.pos)]
                : ' ';
            throw YAML::ParserException(starts.start, std::string("unexpected '") + at + "' where a value should start");
        }
        previous = starts.start.pos;
    }
    return YAML::LoadAll(text);
}

} // namespace gantry
