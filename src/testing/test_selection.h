// Which test kernels exist ([test] sources, one kernel per file, named after the file) and which
// of them a `kbuild test NAME...` run boots.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"

namespace kbuild {

struct TestKernel {
  std::string name;              // "basic" for tests/basic.cpp, "mm/alloc" for tests/mm/alloc.cpp
  std::filesystem::path source;  // absolute
  std::vector<std::filesystem::path> extra_sources;  // [test.NAME] sources, absolute
};

// The kernels of [test] sources, sorted by name, with their [test.NAME] sources. A kernel is
// named by its path under the folder its glob starts with, without the extension
// ("tests/**/*.cpp" finds tests/mm/alloc.cpp as mm/alloc; glob_literal_dir in config/glob.h). Two files with one name (tests/x.cpp
// and tests/x.c) are an error, since the name is all a user types and all the report shows.
bool discover_tests(const Config& config, std::vector<TestKernel>* out, std::string* err);
// Named by their files' stems.
bool test_kernels_from(const std::vector<std::filesystem::path>& sources, std::vector<TestKernel>* out,
                       std::string* err);

// `source`'s name under `base` (both absolute or both relative): "mm/alloc".
std::string test_kernel_name_in(const std::filesystem::path& base, const std::filesystem::path& source);

struct TestSelection {
  std::vector<TestKernel> selected;
  std::vector<TestKernel> skipped;  // filtered out by name
};

// With no filters every test is selected; otherwise those whose name contains any filter.
TestSelection select_tests(const std::vector<TestKernel>& all, const std::vector<std::string>& filters);

// Which cases run. A case's full name is "KERNEL::CASE"; a kernel without cases is "KERNEL".
// A pattern selects what it is a part of (`alloc` matches mm::large_alloc and alloc::*); with
// `exact` it must be the whole full name or the kernel's name. `skip` patterns leave out what
// they match the same way. No `include` patterns: everything not skipped.
struct CaseFilter {
  std::vector<std::string> include;
  std::vector<std::string> skip;
  bool exact = false;
};

// Whether `kernel`'s case `test_case` (empty: the kernel itself, when it has no cases) runs.
bool case_selected(const CaseFilter& filter, const std::string& kernel, const std::string& test_case);

}  // namespace kbuild
