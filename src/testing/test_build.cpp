#include "testing/test_build.h"

#include <algorithm>

namespace kbuild {

bool build_test_kernels(const Context& ctx, const Config& config, const std::string& profile,
                        const std::vector<TestKernel>& tests, std::vector<TestKernelElf>* built,
                        std::vector<UnbuiltTestKernel>* unbuilt, std::string* err) {
  built->clear();
  unbuilt->clear();
  BuildRequest request;
  request.config = &config;
  request.profile = profile;
  request.collect_failures = true;
  for (const TestKernel& test : tests) {
    request.test_sources.push_back(test.source);
    request.test_names.push_back(test.name);
    request.test_extra_sources.push_back(test.extra_sources);
  }
  request.keep_going = true;
  BuildResult result;
  if (build_kernel(ctx, request, &result, err)) {
    *built = std::move(result.tests);
    return true;
  }
  if (*err == "interrupted" || result.failures.empty()) {  // not a compiler's or linker's failure
    if (!result.failures.empty()) ctx.ui->passthrough(failure_text(result.failures));
    return false;
  }
  auto failures_of = [&](const std::filesystem::path& elf) {
    std::vector<StepFailure> of;
    for (const StepFailure& failure : result.failures)
      if (std::find(failure.blocks.begin(), failure.blocks.end(), elf) != failure.blocks.end())
        of.push_back(failure);
    return of;
  };
  // The kernel's own sources not building fails every test kernel: that is a build error (as is a
  // failure that kept no ELF from being linked, which no test kernel can own).
  std::vector<StepFailure> own = failures_of(result.elf);
  for (const StepFailure& failure : result.failures)
    if (failure.blocks.empty()) own.push_back(failure);
  if (!own.empty()) {
    ctx.ui->passthrough(failure_text(own));
    return false;
  }
  for (TestKernelElf& test : result.tests) {
    std::vector<StepFailure> failures = failures_of(test.elf);
    if (failures.empty())
      built->push_back(std::move(test));
    else
      unbuilt->push_back({test.name, std::move(failures)});
  }
  return true;
}

}  // namespace kbuild
