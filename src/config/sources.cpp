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

// A file and the first glob (by its index in kernel.toml) that found it.
struct Found {
  fs::path path;
  size_t glob = 0;
  bool operator<(const Found& other) const {
    return path != other.path ? path < other.path : glob < other.glob;
  }
};

// Sorted, and each file once: several globs may reach one file, also under different names
// (through symlinks); the first name in sorted order stays, with the first glob that found it.
std::vector<Found> sort_unique(std::vector<Found> found) {
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end(),
                          [](const Found& a, const Found& b) { return a.path == b.path; }),
              found.end());
  std::set<std::pair<dev_t, ino_t>> seen;
  std::vector<Found> unique;
  unique.reserve(found.size());
  for (Found& file : found) {
    struct stat st;
    if (::stat(file.path.c_str(), &st) == 0 && !seen.emplace(st.st_dev, st.st_ino).second) continue;
    unique.push_back(std::move(file));
  }
  return unique;
}

void paths_of(std::vector<Found> found, std::vector<fs::path>* out) {
  out->clear();
  for (Found& file : found) out->push_back(std::move(file.path));
}

}  // namespace

bool expand_sources(const Config& config, std::vector<fs::path>* out, std::string* err) {
  std::vector<Found> found;
  for (const Located<std::string>& glob : config.sources) {
    std::vector<fs::path> files;
    std::string glob_err;
    if (!expand_glob(config.root, glob.value, &files, &glob_err)) {
      *err = format_location(config.manifest_path, glob.pos) + ": " + glob_err;
      return false;
    }
    for (fs::path& file : files) found.push_back({std::move(file), 0});
    // Defaults (no position) cover C, C++ and assembly at once; most projects use only some.
    if (files.empty() && glob.pos.line > 0) {
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
  paths_of(sort_unique(std::move(found)), out);
  return true;
}

bool expand_test_sources(const Config& config, std::vector<fs::path>* out, std::string* err,
                         std::vector<size_t>* glob_of) {
  std::vector<Found> found;
  for (size_t index = 0; index < config.test.sources.size(); ++index) {
    std::vector<fs::path> files;
    std::string glob_err;
    if (!expand_glob(config.root, config.test.sources[index], &files, &glob_err)) {
      *err = manifest_display_name(config.manifest_path) + ": [test] sources: " + glob_err;
      return false;
    }
    for (fs::path& file : files) found.push_back({std::move(file), index});
  }
  found = sort_unique(std::move(found));
  if (glob_of) {
    glob_of->clear();
    for (const Found& file : found) glob_of->push_back(file.glob);
  }
  paths_of(std::move(found), out);
  return true;
}

}  // namespace kbuild
