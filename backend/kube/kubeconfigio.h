#pragma once

#include <string>

namespace gantry::kube::detail {

// The outcome of reading a whole file. kubectl skips a kubeconfig that does
// not exist but fails on one it cannot read, so "missing" is kept apart.
struct FileContents
{
    enum class Status { Ok, Missing, Failed };
    Status status = Status::Failed;
    std::string content;
    std::string problem; // strerror text, e.g. "Is a directory"; empty when Ok
};

FileContents readWholeFile(const std::string &path);

// `path` made absolute against `baseDirectory` when relative, then normalized,
// as client-go's ResolvePaths does. An empty path stays empty.
std::string resolvePath(const std::string &path, const std::string &baseDirectory);

// The absolute directory a file lives in, the base for its relative paths.
std::string directoryOf(const std::string &file);

} // namespace gantry::kube::detail
