// `kbuild build` through the real binary, with the real clang++ and ld.lld.
#include <regex>

#include "cli_harness.h"
#include "image/elf.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

// The ELF at `path` is an x86_64 ELF64 executable whose entry lies in an executable PT_LOAD.
::testing::AssertionResult is_bootable_kernel_elf(const fs::path& path) {
  std::vector<uint8_t> bytes;
  std::string err;
  if (!read_file_bytes(path, &bytes, &err)) return ::testing::AssertionFailure() << err;
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(std::span<const uint8_t>(bytes), 0, &eh) || std::memcmp(eh.e_ident, "\x7f" "ELF", 4))
    return ::testing::AssertionFailure() << path << " is not an ELF file";
  if (eh.e_ident[4] != elf::ELFCLASS64 || eh.e_machine != elf::EM_X86_64 || eh.e_type != elf::ET_EXEC)
    return ::testing::AssertionFailure() << path << " is not an x86_64 ELF64 executable";
  for (unsigned i = 0; i < eh.e_phnum; ++i) {
    elf::Elf64_Phdr ph;
    if (!elf::read_struct(std::span<const uint8_t>(bytes), eh.e_phoff + i * sizeof ph, &ph)) break;
    if (ph.p_type == elf::PT_LOAD && (ph.p_flags & elf::PF_X) && eh.e_entry >= ph.p_vaddr &&
        eh.e_entry < ph.p_vaddr + ph.p_memsz)
      return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure() << "entry 0x" << std::hex << eh.e_entry
                                       << " is not in an executable segment";
}

// Lines of `kbuild -v build` output that ran a compiler on a file whose path ends in `suffix`.
size_t compiles_of(const CliRun& r, const std::string& suffix) {
  size_t n = 0;
  std::regex re("Running `[^`]*clang[^`]* -c (\\S+) ");
  for (std::sregex_iterator it(r.err.begin(), r.err.end(), re), end; it != end; ++it) {
    std::string file = (*it)[1];
    if (file.size() >= suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0) ++n;
  }
  return n;
}
size_t all_compiles(const CliRun& r) { return count_lines_containing(r.err, "Running `") - count_lines_containing(r.err, "ld.lld"); }

TEST_F(CliTest, TemplateBuildsAnX86_64KernelAndRebuildsNothingTheSecondTime) {
  ASSERT_EQ(kbuild({"new", "hello"}).status, 0);
  fs::path project = dir_ / "hello";
  CliRun first = kbuild({"-v", "build"}, project);
  ASSERT_EQ(first.status, 0) << first.all();
  EXPECT_NE(first.err.find("Compiling"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("Finished"), std::string::npos) << first.err;
  EXPECT_TRUE(is_bootable_kernel_elf(project / "build/dev/hello.elf"));
  EXPECT_TRUE(fs::exists(project / "build/compile_commands.json"));
  EXPECT_GE(compiles_of(first, "src/main.cpp"), 1u) << first.err;

  CliRun second = kbuild({"-v", "build"}, project);
  ASSERT_EQ(second.status, 0) << second.all();
  EXPECT_EQ(count_lines_containing(second.err, "Running `"), 0u) << "a no-op build ran:\n" << second.err;
  EXPECT_NE(second.err.find("Finished"), std::string::npos);

  CliRun typo = kbuild({"build", "--profile", "relase"}, project);
  EXPECT_EQ(typo.status, 1);
  EXPECT_NE(typo.err.find("did you mean 'release'?"), std::string::npos) << typo.err;

  CliRun release = kbuild({"build", "--release"}, project);
  ASSERT_EQ(release.status, 0) << release.all();
  EXPECT_TRUE(is_bootable_kernel_elf(project / "build/release/hello.elf"));
}

TEST_F(CliTest, CleanRemovesTheBuildDirectoryAndNothingElse) {
  ASSERT_EQ(kbuild({"new", "c"}).status, 0);
  ASSERT_EQ(kbuild({"build"}, dir_ / "c").status, 0);
  ASSERT_TRUE(fs::exists(dir_ / "c/build/dev/c.img"));
  CliRun r = kbuild({"clean"}, dir_ / "c/src");  // from a subdirectory: kernel.toml is found above
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Removed"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(dir_ / "c/build"));
  EXPECT_TRUE(fs::exists(dir_ / "c/kernel.toml"));
  EXPECT_TRUE(fs::exists(dir_ / "c/src/main.cpp"));
  CliRun outside = kbuild({"clean"});
  EXPECT_EQ(outside.status, 1);
  EXPECT_NE(outside.err.find("could not find kernel.toml"), std::string::npos) << outside.err;
}

class IncrementalTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    write("k/kernel.toml",
          "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"]\ninclude-dirs = [\"src\"]\n"
          "flags = [\"-Wall\"]\n");
    write("k/src/a.h", "int a();\n");
    write("k/src/b.h", "int b();\n");
    write("k/src/a.cpp", "#include \"a.h\"\nint a() { return 1; }\n");
    write("k/src/b.cpp", "#include \"b.h\"\nint b() { return 2; }\n");
    write("k/src/main.cpp",
          "#include <kbuild/boot.h>\n#include \"a.h\"\nvolatile int sink;\n"
          "extern \"C\" void kernel_main(const kbuild_boot_info*) { sink = a(); }\n");
    CliRun r = kbuild({"build"}, project());
    ASSERT_EQ(r.status, 0) << r.all();
  }
  fs::path project() const { return dir_ / "k"; }
};

TEST_F(IncrementalTest, EditingAHeaderRecompilesExactlyItsDependents) {
  write("k/src/a.h", "int a();\n// edited\n");
  CliRun r = kbuild({"-v", "build"}, project());
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_EQ(compiles_of(r, "src/a.cpp"), 1u) << r.err;
  EXPECT_EQ(compiles_of(r, "src/main.cpp"), 1u) << r.err;
  EXPECT_EQ(all_compiles(r), 2u) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "ld.lld"), 1u) << r.err;
}

TEST_F(IncrementalTest, ChangingAFlagInKernelTomlRecompilesEverySource) {
  write("k/kernel.toml",
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"]\ninclude-dirs = [\"src\"]\n"
        "flags = [\"-Wall\", \"-Wextra\"]\n");
  CliRun r = kbuild({"-v", "build"}, project());
  ASSERT_EQ(r.status, 0) << r.all();
  for (const char* f : {"src/a.cpp", "src/b.cpp", "src/main.cpp"}) EXPECT_EQ(compiles_of(r, f), 1u) << f << r.err;
}

TEST_F(IncrementalTest, ASyntaxErrorFailsWithClangsMessageAndTheCommand) {
  write("k/src/b.cpp", "#include \"b.h\"\nint b() { return 2 }\n");
  CliRun r = kbuild({"build"}, project());
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find("b.cpp:2:19: error: expected ';'"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("clang++"), std::string::npos) << "the failing command is shown:\n" << r.err;
  // Fixing it builds again, and only b.cpp is recompiled.
  write("k/src/b.cpp", "#include \"b.h\"\nint b() { return 2; }\n");
  CliRun fixed = kbuild({"-v", "build"}, project());
  ASSERT_EQ(fixed.status, 0) << fixed.all();
  EXPECT_EQ(all_compiles(fixed), 1u) << fixed.err;
}

TEST_F(CliTest, RuntimeMakesTheClassicFreestandingLinkErrorsGoAway) {
  // A kernel with a global constructor, a pure virtual class, a function-local static, 128-bit
  // division, float arithmetic and memcpy of a struct, and no runtime code of its own.
  fs::path src = fs::path(KBUILD_SOURCE_DIR) / "tests/cli/data/runtime_kernel";
  fs::copy(src, dir_ / "rt", fs::copy_options::recursive);
  CliRun r = kbuild({"build"}, dir_ / "rt");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_EQ(r.err.find("undefined symbol"), std::string::npos) << r.err;
  // Booted, it checks each feature at run time and exits through the debug-exit port: 0x10 -> 33.
  CliRun booted = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "rt");
  EXPECT_EQ(booted.status, 33) << booted.all();
  EXPECT_NE(booted.out.find("runtime_kernel: ok"), std::string::npos) << booted.out;
  EXPECT_EQ(booted.out.find("FAIL"), std::string::npos) << booted.out;
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {

// -v says why each step runs, as ninja's explain mode does.
TEST_F(IncrementalTest, VerboseExplainsWhyEachStepRuns) {
  fs::remove_all(project() / "build");
  CliRun first = kbuild({"-v", "build"}, project());
  ASSERT_EQ(first.status, 0) << first.all();
  EXPECT_NE(first.err.find("Compiling src/a.cpp (no previous build)"), std::string::npos) << first.err;
  EXPECT_NE(first.err.find("Linking build/dev/k.elf (no previous build)"), std::string::npos) << first.err;

  write("k/src/a.h", "int a();\n// edited\n");
  CliRun header = kbuild({"-v", "build"}, project());
  ASSERT_EQ(header.status, 0) << header.all();
  EXPECT_NE(header.err.find("Compiling src/main.cpp (src/a.h changed)"), std::string::npos) << header.err;
  EXPECT_NE(header.err.find("Compiling src/a.cpp (src/a.h changed)"), std::string::npos) << header.err;
  EXPECT_EQ(header.err.find("Compiling src/b.cpp"), std::string::npos) << header.err;

  fs::remove(project() / "build/dev/obj/src/b.cpp.o");
  CliRun missing = kbuild({"-v", "build"}, project());
  ASSERT_EQ(missing.status, 0) << missing.all();
  EXPECT_NE(missing.err.find("Compiling src/b.cpp (output missing)"), std::string::npos) << missing.err;

  write("k/kernel.toml",
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"]\ninclude-dirs = [\"src\"]\n"
        "cflags = [\"-Wall\", \"-Wextra\"]\n");
  CliRun flags = kbuild({"-v", "build"}, project());
  ASSERT_EQ(flags.status, 0) << flags.all();
  EXPECT_NE(flags.err.find("Compiling src/b.cpp (flags changed)"), std::string::npos) << flags.err;
}

}  // namespace
}  // namespace kbuild::test
