#include "core/paths.h"

namespace kbuild {

bool path_inside(const std::filesystem::path& root, const std::filesystem::path& path) {
  std::filesystem::path rel = path.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

std::string display_path(const std::filesystem::path& root, const std::filesystem::path& path) {
  if (path_inside(root, path)) return path.lexically_relative(root).string();
  return path.string();
}

std::string shown_path(const std::filesystem::path& path) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (ec) return path.string();
  std::filesystem::path absolute = std::filesystem::absolute(path, ec).lexically_normal();
  if (ec) return path.string();
  return display_path(cwd, absolute);
}

}  // namespace kbuild
