#include "build/source_check.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace kbuild {
namespace {

constexpr std::string_view kCompilable[] = {".c", ".cpp", ".cc", ".cxx", ".c++", ".C", ".S", ".s"};

std::string advice(const std::string& name, std::string_view ext) {
  if (ext == ".asm" || ext == ".nasm")
    return name + ": kbuild cannot assemble NASM sources; rewrite it for the GNU assembler as a .S "
                  "file (`.intel_syntax noprefix` keeps Intel syntax), or narrow [kernel] sources "
                  "so it is not matched";
  if (ext == ".h" || ext == ".hpp" || ext == ".hh" || ext == ".hxx" || ext == ".inc")
    return name + ": a header is not compiled on its own; narrow [kernel] sources (e.g. "
                  "\"src/**/*.cpp\") so it is not matched, and list its directory in include-dirs";
  return name + ": kbuild does not know how to compile '" +
         std::string(ext.empty() ? "(no extension)" : ext) +
         "' files (it compiles .c, .cpp, .cc, .cxx, .S and .s); narrow [kernel] sources so it is "
         "not matched";
}

}  // namespace

bool check_compilable(const std::vector<std::filesystem::path>& sources, std::string* err) {
  for (const auto& source : sources) {
    std::string ext = source.extension().string();
    if (std::find(std::begin(kCompilable), std::end(kCompilable), ext) != std::end(kCompilable))
      continue;
    *err = advice(source.string(), ext);
    return false;
  }
  return true;
}

}  // namespace kbuild
