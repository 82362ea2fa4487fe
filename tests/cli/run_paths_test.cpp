// Paths with a comma reach QEMU intact: QEMU splits some of its options at commas, so kbuild
// doubles them there. A project and $TMPDIR under such a directory boot for real, and so does a
// run under a $TMPDIR too long for a unix socket's address.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class CommaPathTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    base_ = dir_ / "with,comma";
    // Short, since the control socket lives there and unix socket paths are limited to 107 bytes.
    tmp_ = fs::temp_directory_path() / ("kb,tmp-" + std::to_string(::getpid()));
    fs::create_directories(tmp_);
    fs::create_directories(base_);
    ASSERT_EQ(kbuild({"new", "with,comma/hello", "--name", "hello"}).status, 0);
    write("with,comma/hello/tests/passes.cpp",
          "#include <kbuild/boot.h>\n#include <kbuild/test.h>\n"
          "extern \"C\" void kernel_main(const kbuild_boot_info*) { kbuild_test_pass(); }\n");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(tmp_, ec);
    CliTest::TearDown();
  }
  CliRun kbuild_with_tmpdir(std::vector<std::string> args) {
    ProcessSpec spec;
    spec.argv = {KBUILD_BINARY};
    spec.argv.insert(spec.argv.end(), args.begin(), args.end());
    spec.cwd = base_ / "hello";
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::minutes(5);
    spec.env_set = {{"NO_COLOR", "1"}, {"TMPDIR", tmp_.string()}};
    ProcessResult result;
    std::string err;
    EXPECT_TRUE(run_process(spec, &result, &err)) << err;
    return {result.term_signal ? 128 + result.term_signal : result.exit_code, result.out, result.err};
  }
  fs::path base_, tmp_;
};

TEST_F(CommaPathTest, TestKernelsBoot) {
  CliRun r = kbuild_with_tmpdir({"test"});
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test passes ... ok"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("kernel basic ... ok"), std::string::npos) << r.all();
}

TEST_F(CommaPathTest, HeadlessRunBootsAndShowsTheScreen) {
  CliRun r = kbuild_with_tmpdir({"run", "--headless", "--timeout", "120"});
  EXPECT_EQ(r.status, 0) << r.all();
  // The screen is read through the control socket in $TMPDIR, whose path has a comma.
  EXPECT_NE(r.out.find("Hello, world!"), std::string::npos) << r.all();
  EXPECT_TRUE(fs::is_empty(tmp_)) << "kbuild left its temporary directory behind";
}

// A unix socket's path holds at most 107 bytes: under a deeper $TMPDIR the control socket goes
// elsewhere, and the run reads the screen through it as usual.
TEST_F(CliTest, HeadlessRunUnderAVeryLongTmpdirShowsTheScreen) {
  ASSERT_EQ(kbuild({"new", "hello"}).status, 0);
  fs::path tmp = dir_ / std::string(60, 'd') / std::string(60, 'e') / std::string(60, 'f');
  fs::create_directories(tmp);
  ASSERT_GT((tmp / "kbuild-run-XXXXXX/qmp.sock").native().size(), 108u);
  ProcessSpec spec;
  spec.argv = {KBUILD_BINARY, "run", "--headless", "--timeout", "120"};
  spec.cwd = dir_ / "hello";
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::minutes(5);
  spec.env_set = {{"NO_COLOR", "1"}, {"TMPDIR", tmp.string()}};
  ProcessResult r;
  std::string err;
  ASSERT_TRUE(run_process(spec, &r, &err)) << err;
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("Hello, world!"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("---- the screen at the end"), std::string::npos) << r.out << r.err;
  EXPECT_TRUE(fs::is_empty(tmp)) << "kbuild left its temporary directory behind";
}

}  // namespace
}  // namespace kbuild::test
