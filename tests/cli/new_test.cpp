// `kbuild new`, `--help` and `--version` through the real binary.
#include "cli_harness.h"
#include "support/command.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, NewWritesTheArchitectureAskedFor) {
  CliRun r = kbuild({"new", "--arch", "aarch64", "arm"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(read("arm/kernel.toml").find("[target]\narch = \"aarch64\"\n"), std::string::npos) << read("arm/kernel.toml");
  ASSERT_EQ(kbuild({"new", "pc"}).status, 0);
  EXPECT_NE(read("pc/kernel.toml").find("[target]\narch = \"x86_64\"\n"), std::string::npos) << read("pc/kernel.toml");
  CliRun bad = kbuild({"new", "--arch", "sparc", "s"});
  EXPECT_EQ(bad.status, 2) << bad.all();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "s"));
}

TEST_F(CliTest, VersionAndHelp) {
  CliRun v = kbuild({"--version"});
  EXPECT_EQ(v.status, 0);
  EXPECT_EQ(v.out, "kbuild " KBUILD_VERSION "\n");

  CliRun h = kbuild({"--help"});
  EXPECT_EQ(h.status, 0);
  for (const char* cmd : {"new", "build", "clean"}) EXPECT_NE(h.out.find(cmd), std::string::npos) << cmd;

  CliRun bh = kbuild({"build", "--help"});
  EXPECT_EQ(bh.status, 0);
  EXPECT_NE(bh.out.find("--release"), std::string::npos);
}

TEST_F(CliTest, UnknownOptionIsAUsageErrorOnOneLine) {
  CliRun r = kbuild({"build", "--no-such-flag"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(count_lines_containing(r.err, "error:"), 1u) << r.err;
  EXPECT_NE(r.err.find("--no-such-flag"), std::string::npos) << r.err;
}

TEST_F(CliTest, NewCreatesTheTemplateProjectWithItsName) {
  CliRun r = kbuild({"new", "hello"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("Created"), std::string::npos) << r.err;
  std::string toml = read("hello/kernel.toml");
  EXPECT_NE(toml.find("name = \"hello\""), std::string::npos) << toml;
  EXPECT_EQ(toml.find("{{name}}"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ / "hello/src/main.cpp"));
  EXPECT_TRUE(fs::exists(dir_ / "hello/.gitignore"));
  for (auto& entry : fs::recursive_directory_iterator(dir_ / "hello")) {
    if (!entry.is_regular_file()) continue;
    std::string text = read(fs::relative(entry.path(), dir_));
    EXPECT_EQ(text.find("{{name}}"), std::string::npos) << entry.path();
  }
}

TEST_F(CliTest, TheNewProjectsTestsPass) {
  ASSERT_EQ(kbuild({"new", "fresh"}).status, 0);
  CliRun r = kbuild({"test"}, dir_ / "fresh");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test basic::boot_information_is_valid ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("test basic::panic_stops_the_kernel ... ok"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("3 passed, 0 failed (1 test kernel)"), std::string::npos) << r.out;
  // Its golden screen was compared: a different one fails the kernel.
  write("fresh/tests/basic.screen.txt", "not ok\n");
  CliRun differs = kbuild({"test"}, dir_ / "fresh");
  EXPECT_EQ(differs.status, 1) << differs.all();
  EXPECT_NE(differs.out.find("screen differs from tests/basic.screen.txt"), std::string::npos) << differs.out;
}

TEST_F(CliTest, NewNamesTheKernelAfterTheLastPathComponent) {
  fs::create_directories(dir_ / "work");
  CliRun r = kbuild({"new", "work/os_two"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(read("work/os_two/kernel.toml").find("name = \"os_two\""), std::string::npos);
}

TEST_F(CliTest, NewRefusesANonEmptyDirectoryAndLeavesItUntouched) {
  write("taken/notes.txt", "mine\n");
  write("taken/kernel.toml", "# my own\n");
  CliRun r = kbuild({"new", "taken"});
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(count_lines_containing(r.err, "error:"), 1u) << r.err;
  EXPECT_NE(r.err.find("not empty"), std::string::npos) << r.err;
  EXPECT_EQ(read("taken/notes.txt"), "mine\n");
  EXPECT_EQ(read("taken/kernel.toml"), "# my own\n");
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_ / "taken"), fs::directory_iterator()), 2);
  // and nothing else appeared beside it
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1);
}

TEST_F(CliTest, NewRejectsInvalidNames) {
  for (const char* bad : {"9lives", "has space", "dot.name"}) {
    CliRun r = kbuild({"new", bad});
    EXPECT_EQ(r.status, 1) << bad;
    EXPECT_NE(r.err.find("cannot be a kernel name"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(dir_ / bad));
  }
}

TEST_F(CliTest, AnInstalledKbuildFindsItsTemplateBesideItself) {
  fs::path build_tree = fs::path(KBUILD_BINARY).parent_path().parent_path();
  ProcessResult r = run_command({"cmake", "--install", build_tree.string(), "--prefix", (dir_ / "prefix").string()});
  ASSERT_EQ(r.exit_code, 0) << r.out;
  r = run_command({(dir_ / "prefix/bin/kbuild").string(), "new", "installed"}, dir_);
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(read("installed/kernel.toml").find("name = \"installed\""), std::string::npos);
  EXPECT_TRUE(fs::exists(dir_ / "prefix/share/kbuild/runtime/arch/x86_64/kernel.ld"));
  EXPECT_TRUE(fs::exists(dir_ / "prefix/share/kbuild/bootloader/include/kbuild/boot.h"));
}

TEST_F(CliTest, NewWithExplicitName) {
  CliRun r = kbuild({"new", "my-dir", "--name", "kern"});
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(read("my-dir/kernel.toml").find("name = \"kern\""), std::string::npos);
}

}  // namespace
}  // namespace kbuild::test
