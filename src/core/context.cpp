#include "core/context.h"

#include "core/environment.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) {
    size_t start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) break;
    size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    out.emplace_back(text.substr(start, end - start));
    text.remove_prefix(end);
  }
  return out;
}

}  // namespace

Environment read_environment_from(const std::function<const char*(const char*)>& lookup) {
  auto variable = [&](const char* name) {
    const char* value = lookup(name);
    return std::string(value ? value : "");
  };
  Environment env;
  env.data_dir = variable("KBUILD_DATA_DIR");
  env.cxx = variable("KBUILD_CXX");
  env.cc = variable("KBUILD_CC");
  env.ld = variable("KBUILD_LD");
  if (const char* launcher = lookup("KBUILD_COMPILER_LAUNCHER"))
    env.compiler_launcher = words(launcher);
  return env;
}

// The one place kbuild reads its own variables from the process environment.
Environment read_environment() {
  return read_environment_from([](const char* name) { return std::getenv(name); });
}

bool find_data_dir(const Environment& env, fs::path* out, std::string* err) {
  auto looks_right = [](const fs::path& dir) {
    std::error_code ec;
    return fs::is_directory(dir / "templates", ec) && fs::is_directory(dir / "runtime", ec);
  };
  if (!env.data_dir.empty()) {
    if (!looks_right(env.data_dir)) {
      *err = fmt::format("KBUILD_DATA_DIR={} is not a kbuild data directory (it needs templates/ and "
                         "runtime/); unset it to use the one installed with kbuild", env.data_dir);
      return false;
    }
    *out = env.data_dir;
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
