#include "core/shown_path.h"

namespace kbuild {

std::string shown_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (ec) return path.string();
  std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  if (ec) return path.string();
  std::filesystem::path rel = absolute.lexically_relative(cwd);
  return !rel.empty() && *rel.begin() != ".." ? rel.string() : absolute.string();
}

}  // namespace kbuild
