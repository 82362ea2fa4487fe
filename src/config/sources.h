// The files that [kernel] sources and [test] sources name, found on disk.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "config/config.h"

namespace kbuild {

// [kernel] sources: absolute paths, sorted, each once. A glob written in kernel.toml that matches
// nothing is an error at its place; the default globs may match nothing as long as some source
// is found.
bool expand_sources(const Config& config, std::vector<std::filesystem::path>* out, std::string* err);

// [test] sources: the test kernels, one per file, in the same form. Finding none is fine. With
// `glob_of`, beside each file: the index in [test] sources of the first glob that found it.
bool expand_test_sources(const Config& config, std::vector<std::filesystem::path>* out, std::string* err,
                         std::vector<size_t>* glob_of = nullptr);

}  // namespace kbuild
