#include "config/manifest.h"

#include <sys/stat.h>
#include <unistd.h>

#include <system_error>

#include <fmt/format.h>

#include "core/paths.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {
constexpr std::string_view kManifestName = "kernel.toml";
}  // namespace

std::string manifest_display_name(const fs::path& manifest) {
  std::error_code ec;
  fs::path absolute = fs::absolute(manifest, ec).lexically_normal();
  fs::path cwd = fs::current_path(ec);
  if (ec) return absolute.string();
  return display_path(cwd, absolute);
}

std::string format_location(const fs::path& manifest, SourcePos pos) {
  std::string name = manifest_display_name(manifest);
  if (pos.line <= 0) return name;
  return fmt::format("{}:{}:{}", name, pos.line, pos.column);
}

bool find_manifest(const fs::path& start, fs::path* out, std::string* err, std::string* refused) {
  std::error_code ec;
  fs::path dir = fs::absolute(start, ec).lexically_normal();
  if (ec) {
    *err = fmt::format("cannot resolve {}: {}", start.string(), ec.message());
    return false;
  }
  if (!dir.has_filename()) dir = dir.parent_path();  // "/x/y/" -> "/x/y"
  uid_t me = ::geteuid();
  std::string why;
  for (fs::path at = dir;; at = at.parent_path()) {
    fs::path candidate = at / kManifestName;
    struct stat st;
    if (::stat(at.c_str(), &st) == 0 && st.st_uid != me) {
      // Not ours: neither it nor anything above is searched. Mention a kernel.toml there only.
      for (fs::path above = at;; above = above.parent_path()) {
        if (fs::is_regular_file(above / kManifestName, ec)) {
          why = fmt::format("{} was not used: {} is owned by another user (uid {}), and kbuild "
                            "does not search directories of other users for kernel.toml (pass "
                            "--manifest-path to use it)",
                            (above / kManifestName).string(), at.string(), st.st_uid);
          break;
        }
        if (above == above.parent_path()) break;
      }
      break;
    }
    if (fs::is_regular_file(candidate, ec)) {
      if (::stat(candidate.c_str(), &st) == 0 && st.st_uid != me) {
        why = fmt::format("{} was not used: it is owned by another user (uid {}) (pass "
                          "--manifest-path to use it)",
                          candidate.string(), st.st_uid);
        break;
      }
      *out = candidate;
      return true;
    }
    if (at == at.parent_path()) break;
  }
  *err = fmt::format("could not find {} in {} or any parent directory (create a project with "
                     "`kbuild new NAME`)",
                     kManifestName, dir.string());
  if (!why.empty()) *err += "; " + why;
  if (refused) *refused = why;
  return false;
}

}  // namespace kbuild
