// kbuild's freestanding C++ library (runtime/include/std) through the real binary: every header
// compiles with the kernel flags under each cxx-standard, a test kernel that uses them boots in
// QEMU and checks what they computed, and a failed assert() ends the run as a panic that names
// the expression.
#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

class Freestanding : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    fs::copy(fs::path(KBUILD_TEST_DATA) / "freestanding_kernel", dir_ / "fs", fs::copy_options::recursive);
  }
  void set_standard(const std::string& standard) {
    std::string toml = read("fs/kernel.toml");
    size_t at = toml.find("[kernel]\n") + 9;
    write("fs/kernel.toml", toml.insert(at, "cxx-standard = \"" + standard + "\"\n"));
  }
};

// src/every_header.cpp includes every header the standard has (the C++20 ones from c++20 on).
TEST_F(Freestanding, EveryHeaderCompilesUnderCxx17) {
  set_standard("c++17");
  CliRun r = kbuild({"build", "-v"}, dir_ / "fs");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("-std=c++17"), std::string::npos) << r.all();
}

TEST_F(Freestanding, EveryHeaderCompilesUnderCxx20) {
  set_standard("c++20");
  CliRun r = kbuild({"build", "-v"}, dir_ / "fs");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("-std=c++20"), std::string::npos) << r.all();
}

TEST_F(Freestanding, EveryHeaderCompilesUnderCxx2b) {
  set_standard("c++2b");
  CliRun r = kbuild({"build", "-v"}, dir_ / "fs");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.all().find("-std=c++2b"), std::string::npos) << r.all();
}

TEST_F(Freestanding, Cxx20HeadersSayWhichStandardTheyNeed) {
  set_standard("c++17");
  write("fs/src/needs_span.cpp", "#include <span>\n");
  CliRun r = kbuild({"build"}, dir_ / "fs");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.all().find("<span> needs C++20: set cxx-standard = \"c++20\" (or \"c++2b\") in kernel.toml"),
            std::string::npos)
      << r.all();
}

TEST_F(Freestanding, ExpectedSaysItNeedsCxx2b) {
  set_standard("c++20");
  write("fs/src/needs_expected.cpp", "#include <expected>\n");
  CliRun r = kbuild({"build"}, dir_ / "fs");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.all().find("<expected> needs C++23: set cxx-standard = \"c++2b\" in kernel.toml"), std::string::npos)
      << r.all();
}

// Every case of tests/library.cpp passed; `more` names the cases only some standards have.
void expect_library_kernel_passes(const CliRun& r, const std::string& log, std::vector<std::string> more = {}) {
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("kernel library ... ok"), std::string::npos) << r.all();
  std::vector<std::string> cases = {
      "defaulted_three_way_comparison", "concepts_constrain_templates", "array_and_span", "optional_holds_or_not",
      "sort_and_friends", "numeric_algorithms", "string_view_searches", "tuples_and_structured_bindings",
      "function_on_the_kernel_heap", "iterators_walk_ranges", "unique_ptr_owns_and_frees",
      "source_location_names_the_caller", "variant_holds_one_alternative", "ranges_and_views_compose",
      "charconv_converts_integers", "coroutines_suspend_and_resume", "assert_that_holds_does_nothing"};
  cases.insert(cases.end(), more.begin(), more.end());
  for (const std::string& name : cases)
    EXPECT_NE(log.find("test " + name + " ... ok"), std::string::npos) << name << "\n" << log;
  EXPECT_NE(log.find("test result: ok. " + std::to_string(cases.size()) + " passed; 0 failed"), std::string::npos)
      << log;
}

TEST_F(Freestanding, TheLibraryWorksInABootedKernel) {
  CliRun r = kbuild({"test", "library"}, dir_ / "fs");
  expect_library_kernel_passes(r, read("fs/build/dev/tests/library.serial.log"));
}

TEST_F(Freestanding, TheLibraryWorksInABootedKernelUnderCxx2b) {
  set_standard("c++2b");
  CliRun r = kbuild({"test", "library"}, dir_ / "fs");
  expect_library_kernel_passes(r, read("fs/build/dev/tests/library.serial.log"),
                               {"expected_carries_a_value_or_an_error"});
}

// tests/properties.cpp compares sorting, set operations, string_view searches and integer
// conversions with reference implementations on many inputs.
TEST_F(Freestanding, TheAlgorithmsAgreeWithReferenceImplementations) {
  CliRun r = kbuild({"test", "--release", "properties"}, dir_ / "fs");
  EXPECT_EQ(r.status, 0) << r.all();
  std::string log = read("fs/build/release/tests/properties.serial.log");
  EXPECT_NE(log.find("test result: ok. 4 passed; 0 failed"), std::string::npos) << log;
}

TEST_F(Freestanding, AFailedAssertIsAPanicNamingTheExpression) {
  CliRun r = kbuild({"test", "assert_fails"}, dir_ / "fs");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("test assert_fails ... FAILED"), std::string::npos) << r.all();
  EXPECT_NE(r.out.find("---- assert_fails ----\nkernel panic: assertion failed: tests/assert_fails.cpp:11: "
                       "answer == 42"),
            std::string::npos)
      << r.all();
}

TEST_F(Freestanding, NdebugTurnsAssertOff) {
  std::string toml = read("fs/kernel.toml");
  write("fs/kernel.toml", toml.insert(toml.find("[kernel]\n") + 9, "defines = [\"NDEBUG\"]\n"));
  CliRun r = kbuild({"test", "assert_fails"}, dir_ / "fs");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("test assert_fails ... ok"), std::string::npos) << r.all();
}

}  // namespace
}  // namespace kbuild::test
