// kbuild flags and the CMake toolchain file that asks it: a CMake build compiles kernel sources
// with exactly the target flags `kbuild build` uses, and says so clearly when kbuild cannot answer.
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;
using Strings = std::vector<std::string>;

// The non-empty pieces of `text` between `sep`s: the lines of an output, the words of a command.
Strings split(const std::string& text, char sep) {
  Strings out;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(sep, start);
    if (end == std::string::npos) end = text.size();
    if (end > start) out.push_back(text.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

// What a compile line says about the target: the compiler and the flags kbuild decides, without
// what each project chooses (standard, optimisation, debug info, warnings, defines, include
// directories) and without the outputs and the source.
Strings target_part(const Strings& argv) {
  Strings out;
  for (size_t i = 1; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-o" || a == "-c" || a == "-MF" || a == "-MT" || a == "-MQ") {
      ++i;
      continue;
    }
    if (a == "-MD" || a == "-g" || a.rfind("-std=", 0) == 0 || a.rfind("-O", 0) == 0 ||
        a.rfind("-W", 0) == 0 || a.rfind("-D", 0) == 0 || a.rfind("-I", 0) == 0)
      continue;
    out.push_back(a);
  }
  return out;
}

// file name -> compile argv, from a compile_commands.json ("arguments" or "command").
std::map<std::string, Strings> compile_lines(const fs::path& path) {
  std::ifstream in(path);
  nlohmann::json db = nlohmann::json::parse(in);
  std::map<std::string, Strings> out;
  for (const auto& entry : db) {
    Strings argv = entry.contains("arguments") ? entry["arguments"].get<Strings>()
                                                : split(entry["command"].get<std::string>(), ' ');
    out[fs::path(entry["file"].get<std::string>()).filename().string()] = argv;
  }
  return out;
}

fs::path toolchain_file() {
  // The toolchain file of this kbuild build tree (share/kbuild/cmake beside bin/kbuild).
  return fs::path(KBUILD_BINARY).parent_path().parent_path() / "share/kbuild/cmake/kbuild-toolchain.cmake";
}

class Flags : public CliTest {};

TEST_F(Flags, OneFlagALineOrOneCMakeList) {
  CliRun cxx = kbuild({"flags", "--compile", "c++"});
  ASSERT_EQ(cxx.status, 0) << cxx.all();
  Strings flags = split(cxx.out, '\n');
  ASSERT_FALSE(flags.empty());
  EXPECT_EQ(flags.front(), "--target=x86_64-unknown-none-elf");
  for (const char* flag : {"-ffreestanding", "-mno-red-zone", "-mcmodel=kernel", "-fno-rtti",
                           "-fno-exceptions", "-nostdlibinc", "-isystem"})
    EXPECT_NE(std::find(flags.begin(), flags.end(), flag), flags.end()) << flag << "\n" << cxx.out;

  CliRun c = kbuild({"flags", "--arch", "x86_64", "--compile", "c"});
  ASSERT_EQ(c.status, 0) << c.all();
  EXPECT_EQ(c.out.find("-fno-rtti"), std::string::npos) << c.out;
  EXPECT_NE(c.out.find("-mcmodel=kernel"), std::string::npos) << c.out;

  CliRun link = kbuild({"flags", "--link", "--cmake"});
  ASSERT_EQ(link.status, 0) << link.all();
  EXPECT_EQ(link.out, "-nostdlib;-static;-z;max-page-size=0x1000;--gc-sections;--build-id=none;-e;_kbuild_start\n");
}

TEST_F(Flags, RefusesAMissingChoiceAndAnUnknownArch) {
  CliRun none = kbuild({"flags"});
  EXPECT_EQ(none.status, 2) << none.all();
  EXPECT_NE(none.err.find("needs --compile LANG (c, c++ or asm) or --link"), std::string::npos) << none.err;
  CliRun arch = kbuild({"flags", "--arch", "x86", "--link"});
  EXPECT_EQ(arch.status, 2) << arch.all();
  EXPECT_NE(arch.err.find("--arch x86: not a known architecture"), std::string::npos) << arch.err;
  CliRun both = kbuild({"flags", "--link", "--compile", "c"});
  EXPECT_EQ(both.status, 2) << both.all();
  CliRun lang = kbuild({"flags", "--compile", "rust"});
  EXPECT_EQ(lang.status, 2) << lang.all();
}

// The toolchain file's flags are `kbuild build`'s: the same sources compiled both ways give the
// same target flags, for C++, C and assembly.
TEST_F(Flags, ToolchainFileCompilesAsKbuildBuildDoes) {
  write("k/kernel.toml",
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\", \"src/*.c\", \"src/*.S\"]\n"
        "[target]\nboot = \"bios\"\n");
  write("k/src/main.cpp",
        "#include <kbuild/boot.h>\n#include <cstddef>\n"
        "extern \"C\" int twice(int);\n"
        "extern \"C\" void kernel_main(const kbuild_boot_info*) { twice(sizeof(std::size_t)); }\n");
  write("k/src/twice.c", "int twice(int x) { return 2 * x; }\n");
  write("k/src/nothing.S", ".text\n.globl nothing\nnothing: ret\n");
  CliRun build = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(build.status, 0) << build.all();

  write("cmake/CMakeLists.txt",
        "cmake_minimum_required(VERSION 3.20)\nproject(k LANGUAGES C CXX ASM)\n"
        "add_library(k OBJECT ../k/src/main.cpp ../k/src/twice.c ../k/src/nothing.S)\n");
  ProcessResult configure = run_command({"cmake", "-S", ".", "-B", "build", "-G", "Ninja",
                                         "-DCMAKE_EXPORT_COMPILE_COMMANDS=ON",
                                         "-DCMAKE_TOOLCHAIN_FILE=" + toolchain_file().string()},
                                        dir_ / "cmake");
  ASSERT_EQ(configure.exit_code, 0) << configure.out;
  ProcessResult compile = run_command({"cmake", "--build", "build"}, dir_ / "cmake");
  ASSERT_EQ(compile.exit_code, 0) << compile.out;

  std::map<std::string, Strings> kbuild_lines = compile_lines(dir_ / "k/build/compile_commands.json");
  std::map<std::string, Strings> cmake_lines = compile_lines(dir_ / "cmake/build/compile_commands.json");
  for (const char* file : {"main.cpp", "twice.c", "nothing.S"}) {
    ASSERT_TRUE(kbuild_lines.count(file)) << file;
    ASSERT_TRUE(cmake_lines.count(file)) << file;
    Strings ours = target_part(kbuild_lines[file]);
    // What the comparison is about: the target's flags are really on both lines.
    ASSERT_NE(std::find(ours.begin(), ours.end(), "-mcmodel=kernel"), ours.end()) << file;
    EXPECT_EQ(target_part(cmake_lines[file]), ours) << file;
  }
}

TEST_F(Flags, ToolchainFileSaysWhenKbuildFails) {
  // A kbuild that cannot answer, where the toolchain file looks for it: <prefix>/bin.
  fs::create_directories(dir_ / "prefix/share/kbuild/cmake");
  fs::create_directories(dir_ / "prefix/bin");
  fs::copy_file(toolchain_file(), dir_ / "prefix/share/kbuild/cmake/kbuild-toolchain.cmake");
  write("prefix/bin/kbuild", "#!/bin/sh\necho 'kbuild: cannot find its data' >&2\nexit 3\n");
  fs::permissions(dir_ / "prefix/bin/kbuild", fs::perms::owner_all);
  write("p/CMakeLists.txt", "cmake_minimum_required(VERSION 3.20)\nproject(k LANGUAGES CXX)\n");
  ProcessResult configure = run_command(
      {"cmake", "-S", ".", "-B", "build", "-G", "Ninja",
       "-DCMAKE_TOOLCHAIN_FILE=" + (dir_ / "prefix/share/kbuild/cmake/kbuild-toolchain.cmake").string()},
      dir_ / "p");
  EXPECT_NE(configure.exit_code, 0) << configure.out;
  EXPECT_NE(configure.out.find("flags --compile c --cmake` failed (3): kbuild: cannot find its data"),
            std::string::npos)
      << configure.out;
}

}  // namespace
}  // namespace kbuild::test
