// kernel.toml reading on arbitrary text, in a small project that has the files the default
// globs, include dirs and linker script point at, so checks run past the file system.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "config/config_reader.h"
#include "fuzz_support.h"

using namespace kbuild;
namespace fs = std::filesystem;

namespace {

const fs::path& project() {
  static const fs::path root = [] {
    fs::path dir = fuzz::scratch_dir() / "project";
    fs::create_directories(dir / "src/lib");
    fs::create_directories(dir / "include");
    fs::create_directories(dir / "tests");
    fuzz::write_bytes(dir / "src/main.cpp", "extern \"C\" void kernel_main() {}\n");
    fuzz::write_bytes(dir / "src/lib/util.cpp", "int util() { return 1; }\n");
    fuzz::write_bytes(dir / "src/boot.S", ".text\n");
    fuzz::write_bytes(dir / "tests/basic.cpp", "\n");
    fuzz::write_bytes(dir / "linker.ld", "ENTRY(_kbuild_start)\n");
    return dir;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  fs::path manifest = project() / "kernel.toml";
  fuzz::write_bytes(manifest, std::string_view(reinterpret_cast<const char*>(data), size));
  Config config;
  std::string err;
  if (!read_config(manifest, &config, &err)) {
    fuzz::check(!err.empty(), "a refused kernel.toml has a reason");
    fuzz::check(err.find('\n') == std::string::npos, "a kernel.toml error is one line");
    return 0;
  }
  for (const char* name : {"dev", "release"}) {
    std::string profile_err;
    fuzz::check(find_profile(config, name, &profile_err) != nullptr, "dev and release always exist");
  }
  return 0;
}
