// From one test kernel's verdict to a result per case: what the kernel printed about each case
// (testing/test_cases.h), the cases its ELF declares and the ones selected to run.
#pragma once

#include <string>
#include <vector>

#include "testing/test_cases.h"
#include "testing/test_verdict.h"

namespace kbuild {

// `kernel` is the judged run of the whole kernel (its name is the kernel's). `declared` are the
// cases from its ELF that were selected to run (empty: all it printed). A kernel with no cases is
// its own single result. A case that started and never finished fails with the kernel's reason
// (the fault, panic or timeout explained); the cases after it are "not run". A kernel that
// failed outside any case adds a result of its own, so no failure goes unreported.
std::vector<TestResult> case_results(const TestResult& kernel, const std::vector<TestCase>& declared);

}  // namespace kbuild
