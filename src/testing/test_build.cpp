#include "testing/test_build.h"

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
  BuildResult result;
  if (build_kernel(ctx, request, &result, err)) {
    *built = std::move(result.tests);
    return true;
  }
  if (*err == "interrupted" || result.failures.empty()) {  // not a compiler's or linker's failure
    if (!result.failures.empty()) ctx.ui->passthrough(failure_text(result.failures));
    return false;
  }

  // The kernel's own sources first: when they fail, every test kernel would, and it is a build error.
  BuildRequest kernel = request;
  kernel.test_sources.clear();
  kernel.test_names.clear();
  kernel.test_extra_sources.clear();
  if (!build_kernel(ctx, kernel, &result, err)) {
    if (!result.failures.empty()) ctx.ui->passthrough(failure_text(result.failures));
    return false;
  }
  for (const TestKernel& test : tests) {
    BuildRequest one = kernel;
    one.test_sources = {test.source};
    one.test_names = {test.name};
    one.test_extra_sources = {test.extra_sources};
    std::string one_err;
    if (build_kernel(ctx, one, &result, &one_err)) {
      built->push_back(std::move(result.tests.front()));
      continue;
    }
    if (one_err == "interrupted" || result.failures.empty()) {
      *err = one_err;
      if (!result.failures.empty()) ctx.ui->passthrough(failure_text(result.failures));
      return false;
    }
    unbuilt->push_back({test.name, result.failures});
  }
  return true;
}

}  // namespace kbuild
