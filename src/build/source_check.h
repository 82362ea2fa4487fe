// Which sources kbuild can compile: C (.c), C++ (.cpp .cc .cxx .c++ .C) and assembly for the GNU
// assembler (.S, .s). Anything else a glob matched stops the build before any compile starts,
// with one line naming the file and what to do, instead of clang's errors.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kbuild {

bool check_compilable(const std::vector<std::filesystem::path>& sources, std::string* err);

}  // namespace kbuild
