// The build with the real clang++ and ld.lld: two tiny freestanding files into an x86_64 ELF.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "build/build.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

void write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

class BuildToolchainTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = scratch_.path();
    root_ = base_ / "tiny";
    data_ = base_ / "data";
    write(data_ / "runtime/sources.list", "");  // no runtime: the test defines the entry
    write(root_ / "kernel.ld",
          "ENTRY(_kbuild_start)\n"
          "SECTIONS {\n"
          "  . = 0xffffffff80100000;\n"
          "  .text : { *(.text .text.*) }\n"
          "  .rodata : { *(.rodata .rodata.*) }\n"
          "  .data : { *(.data .data.*) *(.bss .bss.*) }\n"
          "}\n");
    write(root_ / "include/twice.h", "#pragma once\nint twice(int x);\n");
    write(root_ / "src/main.cpp",
          "#include \"twice.h\"\n"
          "extern \"C\" [[noreturn]] void _kbuild_start() {\n"
          "  volatile int sink = twice(21);\n"
          "  (void)sink;\n"
          "  for (;;) __asm__ volatile(\"hlt\");\n"
          "}\n");
    write(root_ / "src/twice.cpp", "#include \"twice.h\"\nint twice(int x) { return 2 * x; }\n");

    config_.root = root_;
    config_.manifest_path = root_ / "kernel.toml";
    config_.name.value = "tiny";
    config_.include_dirs.push_back({"include", {}});
    config_.linker_script = Located<std::string>{"kernel.ld", {}};
    config_.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
    host_ = make_tool_host();
  }

  bool build(BuildResult* result, std::string* err) {
    Context ctx;
    ctx.ui = &ui_;
    ctx.data_dir = data_;
    ctx.jobs = 2;
    BuildRequest req;
    req.config = &config_;
    BuildInputs inputs;
    inputs.sources = {"src/main.cpp", "src/twice.cpp"};
    inputs.tools = make_toolchain(config_, env_);
    inputs.host = host_.get();
    return build_kernel_with(ctx, req, inputs, result, err);
  }

  Ui ui_{Verbosity::quiet, false};
  std::unique_ptr<ToolHost> host_;
  test::ScratchDir scratch_;
  fs::path base_, root_, data_;
  Config config_;
  Environment env_;
};

TEST_F(BuildToolchainTest, CompilesAndLinksAnX86_64Elf) {
  BuildResult result;
  std::string err;
  ASSERT_TRUE(build(&result, &err)) << err;
  EXPECT_EQ(result.compiled, 2u);
  EXPECT_TRUE(result.linked);
  ASSERT_TRUE(fs::exists(result.elf));

  std::ifstream in(result.elf, std::ios::binary);
  unsigned char header[64] = {};
  in.read(reinterpret_cast<char*>(header), sizeof header);
  ASSERT_EQ(in.gcount(), 64);
  EXPECT_EQ(std::memcmp(header, "\x7f" "ELF", 4), 0);
  EXPECT_EQ(header[4], 2);  // ELFCLASS64
  EXPECT_EQ(header[5], 1);  // little-endian
  uint16_t type, machine;
  std::memcpy(&type, header + 16, 2);
  std::memcpy(&machine, header + 18, 2);
  EXPECT_EQ(type, 2);       // ET_EXEC
  EXPECT_EQ(machine, 62);   // EM_X86_64
  uint64_t entry;
  std::memcpy(&entry, header + 24, 8);
  EXPECT_EQ(entry >> 32, 0xffffffffu);  // linked in the higher half, as the script says

  // The real depfile is used: nothing runs again, and a header edit recompiles both files.
  ASSERT_TRUE(build(&result, &err)) << err;
  EXPECT_EQ(result.compiled, 0u);
  EXPECT_FALSE(result.linked);
  write(root_ / "include/twice.h", "#pragma once\n// changed\nint twice(int x);\n");
  ASSERT_TRUE(build(&result, &err)) << err;
  EXPECT_EQ(result.compiled, 2u);

  std::ifstream db(root_ / "build/compile_commands.json");
  std::stringstream text;
  text << db.rdbuf();
  EXPECT_NE(text.str().find("\"src/twice.cpp\""), std::string::npos);
}

TEST_F(BuildToolchainTest, CompileErrorFailsAndKeepsNoObject) {
  BuildResult result;
  std::string err;
  ASSERT_TRUE(build(&result, &err)) << err;
  write(root_ / "src/twice.cpp", "int twice(int x) { return 2 * ; }\n");
  EXPECT_FALSE(build(&result, &err));
  EXPECT_EQ(err, "could not build tiny v0.1.0 (dev): 1 command failed");
  EXPECT_FALSE(fs::exists(root_ / "build/dev/obj/src/twice.cpp.o"));
  EXPECT_FALSE(build(&result, &err));  // tried again
  EXPECT_EQ(result.compiled, 0u);
}

TEST_F(BuildToolchainTest, MissingCompilerIsNamed) {
  BuildResult result;
  std::string err;
  env_.cxx = "kbuild-no-such-clang++";
  bool ok = build(&result, &err);
  EXPECT_FALSE(ok);
  EXPECT_EQ(err, "kbuild-no-such-clang++ not found in PATH");
}

}  // namespace
}  // namespace kbuild
