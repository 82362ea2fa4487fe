// Reading a [test.NAME] table (config/test_kernels.h) out of kernel.toml's TOML.
#pragma once

#include <filesystem>
#include <string>

#include <toml++/toml.h>

#include "config/test_kernels.h"

namespace kbuild {

// False with "kernel.toml:LINE:COL: ..." in *err.
bool read_test_kernel_table(const std::filesystem::path& manifest, const std::string& name, toml::table& table,
                            TestKernelSettings* out, std::string* err);

}  // namespace kbuild
