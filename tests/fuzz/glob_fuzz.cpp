// Globs: the input is a pattern, a newline, and a path to match it against. Checked patterns are
// also expanded in a small fixed tree.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/glob.h"
#include "fuzz_support.h"

using namespace kbuild;
namespace fs = std::filesystem;

namespace {

const fs::path& tree() {
  static const fs::path root = [] {
    fs::path dir = fuzz::scratch_dir() / "tree";
    for (const char* d : {"src/a/b", "src/.hidden", "build/dev", "lib", "x y"}) fs::create_directories(dir / d);
    for (const char* f : {"src/main.cpp", "src/a/one.cpp", "src/a/b/two.c", "src/a/b/[x].S",
                          "src/.hidden/h.cpp", "build/dev/gen.cpp", "lib/*star.cpp", "x y/z.cpp", "top.h"})
      fuzz::write_bytes(dir / f, "");
    return dir;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t nl = input.find('\n');
  std::string_view pattern = input.substr(0, nl);
  std::string_view path = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
  glob_match(pattern, path);
  std::string err;
  if (!check_glob(pattern, &err)) {
    fuzz::check(!err.empty(), "a refused glob has a reason");
    return 0;
  }
  std::vector<fs::path> found;
  if (expand_glob(tree(), pattern, &found, &err)) {
    for (size_t i = 1; i < found.size(); ++i) fuzz::check(found[i - 1] < found[i], "matches are sorted, each once");
  }
  return 0;
}
