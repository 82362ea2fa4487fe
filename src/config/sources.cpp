#include "config/sources.h"

#include <sys/stat.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "config/config_reader.h"
#include "config/glob.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

// Sorted, and each file once: several globs may reach one file, also under different names
// (through symlinks); the first name in sorted order stays.
void sort_unique(std::vector<fs::path>* paths) {
  std::sort(paths->begin(), paths->end());
  paths->erase(std::unique(paths->begin(), paths->end()), paths->end());
  std::set<std::pair<dev_t, ino_t>> seen;
  std::vector<fs::path> unique;
  unique.reserve(paths->size());
  for (fs::path& path : *paths) {
    struct stat st;
    if (::stat(path.c_str(), &st) == 0 && !seen.emplace(st.st_dev, st.st_ino).second) continue;
    unique.push_back(std::move(path));
  }
  *paths = std::move(unique);
}

}  // namespace

bool expand_sources(const Config& config, std::vector<fs::path>* out, std::string* err) {
  std::vector<fs::path> found;
  for (const Located<std::string>& glob : config.sources) {
    size_t before = found.size();
    std::string glob_err;
    if (!expand_glob(config.root, glob.value, &found, &glob_err)) {
      *err = format_location(config.manifest_path, glob.pos) + ": " + glob_err;
      return false;
    }
    // Defaults (no position) cover C, C++ and assembly at once; most projects use only some.
    if (found.size() == before && glob.pos.line > 0) {
      *err = fmt::format("{}: no file matches '{}' (relative to {})",
                         format_location(config.manifest_path, glob.pos), glob.value,
                         config.root.string());
      return false;
    }
  }
  if (found.empty()) {
    std::string globs;
    for (const Located<std::string>& glob : config.sources)
      globs += (globs.empty() ? "'" : ", '") + glob.value + "'";
    *err = fmt::format("{}: no source files found: nothing matches {} (relative to {}); add "
                       "sources under src/ or set 'sources' in [kernel]",
                       format_location(config.manifest_path, SourcePos{1, 1}), globs,
                       config.root.string());
    return false;
  }
  sort_unique(&found);
  *out = std::move(found);
  return true;
}

bool expand_test_sources(const Config& config, std::vector<fs::path>* out, std::string* err) {
  std::vector<fs::path> found;
  for (const std::string& glob : config.test.sources) {
    std::string glob_err;
    if (!expand_glob(config.root, glob, &found, &glob_err)) {
      *err = manifest_display_name(config.manifest_path) + ": [test] sources: " + glob_err;
      return false;
    }
  }
  sort_unique(&found);
  *out = std::move(found);
  return true;
}

}  // namespace kbuild
