// The runtime's one source list (runtime/sources.list): `kbuild build`, a CMake build through
// kbuild.cmake and a Meson build through the cross file compile the same runtime sources.
#include <regex>
#include <set>

#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

// The runtime paths (from "src/" on) that `pattern`'s first group captures in `text`.
std::set<std::string> runtime_paths(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

std::string joined(const std::set<std::string>& paths) {
  std::string out;
  for (const std::string& p : paths) out += p + "\n";
  return out;
}

TEST_F(CliTest, KbuildCMakeAndMesonCompileTheSameRuntimeSources) {
  fs::path share = fs::path(KBUILD_BINARY).parent_path().parent_path() / "share/kbuild";

  // kbuild build: the runtime compiles of compile_commands.json.
  ASSERT_EQ(kbuild({"new", "hello"}).status, 0);
  CliRun build = kbuild({"build"}, dir_ / "hello");
  ASSERT_EQ(build.status, 0) << build.err;
  std::set<std::string> by_kbuild =
      runtime_paths(read("hello/build/compile_commands.json"), "\"file\": \"[^\"]*/runtime/(src/[^\"]+)\"");

  // CMake: the compile database of a project that includes kbuild.cmake (configure only).
  write("cmake/CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.20)\n"
        "project(k LANGUAGES C CXX ASM)\n"
        "include(${KBUILD_CMAKE_DIR}/kbuild.cmake)\n"
        "kbuild_add_kernel(k main.cpp)\n");
  write("cmake/main.cpp", "extern \"C\" void kernel_main() {}\n");
  ProcessResult configure = run_command(
      {"cmake", "-S", ".", "-B", "build", "-G", "Ninja", "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
       "-DCMAKE_TOOLCHAIN_FILE=" + (share / "cmake/kbuild-toolchain.cmake").string()},
      dir_ / "cmake");
  ASSERT_EQ(configure.exit_code, 0) << configure.out << configure.err;
  std::set<std::string> by_cmake =
      runtime_paths(read("cmake/build/compile_commands.json"), "\"file\": \"[^\"]*/runtime/(src/[^\"]+)\"");

  // Meson: the cross file's kbuild_runtime_sources.
  std::string ini;
  std::string err;
  ASSERT_TRUE(read_file(share / "meson/kbuild-x86_64.ini", &ini, &err)) << err;
  std::smatch line;
  ASSERT_TRUE(std::regex_search(ini, line, std::regex("kbuild_runtime_sources = \\[([^\\]]*)\\]"))) << ini;
  std::set<std::string> by_meson = runtime_paths(line[1].str(), "kbuild_data / 'runtime/(src/[^']+)'");

  EXPECT_TRUE(by_kbuild.count("src/arch/x86_64/start.S")) << joined(by_kbuild);
  EXPECT_TRUE(by_kbuild.count("src/string.cpp")) << joined(by_kbuild);
  EXPECT_FALSE(by_kbuild.count("src/arch/aarch64/start.S")) << joined(by_kbuild);
  EXPECT_EQ(joined(by_cmake), joined(by_kbuild));
  EXPECT_EQ(joined(by_meson), joined(by_kbuild));
}

}  // namespace
}  // namespace kbuild::test
