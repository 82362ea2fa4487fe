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

}  // namespace kbuild
