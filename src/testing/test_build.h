// Building the test kernels so that one that does not compile or link fails alone: everything
// is built at once, going on after a failure, and each failed step is laid at the door of the
// ELFs it kept from being linked, which tells a test kernel that does not build from a kernel
// that does not.
#pragma once

#include <string>
#include <vector>

#include "build/build.h"
#include "config/config.h"
#include "core/context.h"
#include "testing/test_selection.h"

namespace kbuild {

struct UnbuiltTestKernel {
  std::string name;
  std::vector<StepFailure> failures;  // its failed steps: what the compiler or linker said, the command
};

// Fills *built with the ELFs of the test kernels that built and *unbuilt with the others. False
// with *err when the kernel's own sources (which every test kernel links) do not build, the
// compiler's messages printed as a build prints them, or on Ctrl-C ("interrupted").
bool build_test_kernels(const Context& ctx, const Config& config, const std::string& profile,
                        const std::vector<TestKernel>& tests, std::vector<TestKernelElf>* built,
                        std::vector<UnbuiltTestKernel>* unbuilt, std::string* err);

}  // namespace kbuild
