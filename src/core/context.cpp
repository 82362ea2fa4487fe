#include "core/context.h"

#include <unistd.h>

#include <cstdlib>
#include <system_error>

#include <fmt/format.h>

namespace kbuild {
namespace fs = std::filesystem;

bool find_data_dir(fs::path* out, std::string* err) {
  auto looks_right = [](const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "templates", ec) && fs::is_directory(dir / "runtime", ec);
  };
  if (const char* env = std::getenv("KBUILD_DATA_DIR"); env && *env) {
    if (!looks_right(env)) {
      *err = fmt::format("KBUILD_DATA_DIR={} is not a kbuild data directory (it needs templates/ and "
                         "runtime/); unset it to use the one installed with kbuild", env);
      return false;
    }
    *out = env;
    return true;
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) {
    *err = "cannot find the kbuild binary's own path (/proc/self/exe): " + ec.message();
    return false;
  }
  fs::path candidate = exe.parent_path().parent_path() / "share" / "kbuild";
  if (!looks_right(candidate)) {
    *err = fmt::format("kbuild's data directory {} is missing or incomplete; reinstall kbuild "
                       "(cmake --install) or set KBUILD_DATA_DIR", candidate.string());
    return false;
  }
  *out = fs::weakly_canonical(candidate, ec);
  if (ec) *out = candidate;
  return true;
}

}  // namespace kbuild
