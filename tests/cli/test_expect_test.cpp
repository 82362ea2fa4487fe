// `kbuild test` with [test.NAME] tables through the real binary and real QEMU: every expectation
// met (panic, exit:N, fault, timeout) and every one unmet, and kernels that see their table's
// command line, memory, CPUs and QEMU arguments.
#include <memory>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

std::string line_with(const std::string& text, const std::string& needle) {
  size_t at = text.find(needle);
  if (at == std::string::npos) return "";
  size_t start = text.rfind('\n', at);
  start = start == std::string::npos ? 0 : start + 1;
  return text.substr(start, text.find('\n', at) - start);
}

class TestExpect : public CliTest {};

// Six boots, one of them a 2-second timeout.
TEST_F(TestExpect, ExpectationsMetPassAndUnmetOnesSayWhatHappened) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/expectations", dir_ / "p", fs::copy_options::recursive);
  CliRun r = kbuild({"test", "-j", "2"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  const std::string& out = r.out;
  EXPECT_NE(line_with(out, "test panics ... ").find("ok ("), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test panics ... ").find(", expected a kernel panic)"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test exits_seven ... ").find(", expected exit status 7)"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test faults ... ").find(", expected a CPU fault (triple fault))"), std::string::npos)
      << out;
  EXPECT_NE(line_with(out, "test hangs ... ").find("ok ("), std::string::npos) << out;  // after its timeout
  EXPECT_NE(line_with(out, "test hangs ... ").find(", expected a timeout)"), std::string::npos) << out;
  EXPECT_NE(line_with(out, "test passes_instead ... ").find("FAILED"), std::string::npos) << out;
  EXPECT_NE(out.find("---- passes_instead ----\nexpected a kernel panic (expect in its [test.NAME] table), but "
                     "the kernel passed\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("test settings::command_line_is_the_tables ... ok"), std::string::npos) << out;
  EXPECT_NE(out.find("test settings::memory_is_the_tables ... ok"), std::string::npos) << out;
  EXPECT_NE(out.find("\n6 passed, 1 failed (6 test kernels)\n"), std::string::npos) << out;
}

// Four boots: exit:N, fault and timeout each unmet (panic unmet is passes_instead above), and the
// table's smp and args reaching QEMU.
TEST_F(TestExpect, UnmetExpectationsSayWhatWasExpectedAndWhatHappened) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/unmet", dir_ / "p",
           fs::copy_options::recursive);
  CliRun r = kbuild({"test", "-j", "2"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  const std::string& out = r.out;
  for (const char* name : {"exit_differs", "no_fault", "no_timeout"})
    EXPECT_EQ(line_with(out, std::string("test ") + name + " ... ")
                  .find(std::string("test ") + name + " ... FAILED ("),
              0u)
        << name << "\n"
        << out;
  EXPECT_NE(out.find("---- exit_differs ----\nexpected exit status 7 (expect in its [test.NAME] "
                     "table), but exit "
                     "status 5 (the kernel wrote 0x2 to the debug-exit port"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("---- no_fault ----\nexpected a CPU fault (triple fault) (expect in its "
                     "[test.NAME] table), "
                     "but the kernel passed\n"),
            std::string::npos)
      << out;
  EXPECT_NE(
      out.find(
          "---- no_timeout ----\nexpected a timeout (expect in its [test.NAME] table), but kernel "
          "panic: gave up early (in kernel_main"),
      std::string::npos)
      << out;
  EXPECT_NE(out.find("test machine::cpus_are_the_tables ... ok"), std::string::npos) << out;
  EXPECT_NE(out.find("test machine::arguments_are_the_tables ... ok"), std::string::npos) << out;
  EXPECT_NE(out.find("\n2 passed, 3 failed (4 test kernels)\n"), std::string::npos) << out;
}

TEST_F(TestExpect, AnUnknownExpectationIsAnErrorAtItsPlace) {
  fs::copy(fs::path(KBUILD_TEST_DATA) / "test_projects/expectations", dir_ / "p", fs::copy_options::recursive);
  std::string toml = read("p/kernel.toml");
  toml += "\n[test.more]\nexpect = \"explode\"\n";
  write("p/kernel.toml", toml);
  CliRun r = kbuild({"test", "--list"}, dir_ / "p");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_EQ(count_lines_containing(r.err, "error:"), 1u) << r.err;
  EXPECT_NE(r.err.find("kernel.toml:34:10: expect \"explode\" in [test.more] is not known"), std::string::npos)
      << r.err;
}

}  // namespace
}  // namespace kbuild::test
