#include "config/glob.h"

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <set>
#include <system_error>
#include <tuple>

#include "core/signals.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::vector<std::string_view> split_components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) slash = path.size();
    std::string_view part = path.substr(start, slash - start);
    if (!part.empty() && part != ".") parts.push_back(part);
    start = slash + 1;
  }
  return parts;
}

bool has_wildcard(std::string_view component) {
  return component.find_first_of("*?[\\") != std::string_view::npos;
}

// How many leading components are plain names, no wildcard in them.
size_t literal_parts(const std::vector<std::string_view>& parts) {
  size_t count = 0;
  while (count < parts.size() && !has_wildcard(parts[count])) ++count;
  return count;
}

// Finds the ']' closing the class that opens at pattern[open]; npos when unclosed. A ']' right
// after the opening (or after '!'/'^') belongs to the set.
size_t class_end(std::string_view pattern, size_t open) {
  size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  while (i < pattern.size() && pattern[i] != ']') ++i;
  return i < pattern.size() ? i : std::string_view::npos;
}

// One component against one name, by fnmatch(3). Its bracket negation is '!'; glibc reads '^'
// the same way only when POSIXLY_CORRECT is unset, so a leading '^' is passed on as '!'.
bool match_component(std::string_view pattern, std::string_view name) {
  std::string fn_pattern(pattern);
  for (size_t i = 0; i + 1 < fn_pattern.size(); ++i) {
    if (fn_pattern[i] == '\\') {
      ++i;
    } else if (fn_pattern[i] == '[' && fn_pattern[i + 1] == '^') {
      fn_pattern[i + 1] = '!';
    }
  }
  return ::fnmatch(fn_pattern.c_str(), std::string(name).c_str(), 0) == 0;
}

// Pattern components with every run of "**" merged into one: "a/**/**/b" means "a/**/b", and
// repeated '**' can no longer multiply the work.
std::vector<std::string_view> pattern_parts(std::string_view pattern) {
  std::vector<std::string_view> parts;
  for (std::string_view part : split_components(pattern))
    if (part != "**" || parts.empty() || parts.back() != "**") parts.push_back(part);
  return parts;
}

// Matching runs the pattern as a set of positions in it (an NFA): position i means "what is left
// to match is parts[i...]"; parts.size() means "matched in full". One pass over the components
// of a path, so the cost is linear in path length times pattern length, whatever the '**'s.
using States = std::vector<size_t>;  // sorted, unique

void add_state(const std::vector<std::string_view>& parts, size_t i, States* states) {
  auto at = std::lower_bound(states->begin(), states->end(), i);
  if (at != states->end() && *at == i) return;
  states->insert(at, i);
  // '**' may match no component at all.
  if (i < parts.size() && parts[i] == "**") add_state(parts, i + 1, states);
}

// The positions after one more component `name`. `wild` is false for names wildcards never
// enter (hidden ones, the root's build/): only a component written out in full takes them.
States step(const std::vector<std::string_view>& parts, const States& states, std::string_view name,
            bool wild) {
  States next;
  for (size_t i : states) {
    if (i == parts.size()) continue;
    std::string_view part = parts[i];
    if (part == "**") {
      if (wild) add_state(parts, i, &next);
    } else if (has_wildcard(part) ? wild && match_component(part, name) : part == name) {
      add_state(parts, i + 1, &next);
    }
  }
  return next;
}

States start_states(const std::vector<std::string_view>& parts) {
  States states;
  add_state(parts, 0, &states);
  return states;
}

bool accepts(const std::vector<std::string_view>& parts, const States& states) {
  return !states.empty() && states.back() == parts.size();
}

struct FoundFile {
  fs::path path;
  dev_t dev;
  ino_t ino;
  bool via_symlink;  // reached through a symbolic link
};

struct Walk {
  std::vector<std::string_view> parts;  // the pattern below the base directory
  bool skip_build = false;              // base is the project root, whose build/ is kbuild's output
  std::vector<FoundFile> found;
  // Every directory is read once for each set of positions it is reached with; through
  // symlinks it can be reached again, and a symlink loop ends here instead of going round.
  std::set<std::tuple<dev_t, ino_t, States>> entered;
  GlobStats stats;
  std::string* err = nullptr;

  bool visit(const fs::path& dir, const States& states, bool root, bool via_symlink) {
    if (interrupted()) {
      *err = "interrupted";
      return false;
    }
    ++stats.directories_read;
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      *err = "cannot read directory " + dir.string() + ": " + ec.message();
      return false;
    }
    for (const fs::directory_entry& entry : it) {
      std::string name = entry.path().filename().string();
      if (name.empty()) continue;
      bool wild = name[0] != '.' && !(skip_build && root && name == "build");
      States next = step(parts, states, name, wild);
      if (next.empty()) continue;
      struct stat st;
      if (::stat(entry.path().c_str(), &st) != 0) continue;  // a dangling symlink, or gone
      std::error_code type_ec;
      bool link = via_symlink || entry.is_symlink(type_ec);
      if (S_ISDIR(st.st_mode)) {
        if (next.front() == parts.size() && next.size() == 1) continue;  // nothing left below
        if (!entered.emplace(st.st_dev, st.st_ino, next).second) continue;
        if (!visit(entry.path(), next, false, link)) return false;
      } else if (S_ISREG(st.st_mode) && accepts(parts, next)) {
        found.push_back({entry.path(), st.st_dev, st.st_ino, link});
      }
    }
    return true;
  }
};

// One name per file: the one that goes through no symlink when there is one, else the first
// in sorted order.
std::vector<fs::path> one_name_per_file(std::vector<FoundFile> found) {
  std::sort(found.begin(), found.end(), [](const FoundFile& a, const FoundFile& b) {
    return std::tie(a.dev, a.ino, a.via_symlink, a.path) < std::tie(b.dev, b.ino, b.via_symlink, b.path);
  });
  std::vector<fs::path> paths;
  for (size_t i = 0; i < found.size(); ++i)
    if (i == 0 || found[i].dev != found[i - 1].dev || found[i].ino != found[i - 1].ino)
      paths.push_back(found[i].path.lexically_normal());
  std::sort(paths.begin(), paths.end());
  return paths;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  std::vector<std::string_view> parts = pattern_parts(pattern);
  States states = start_states(parts);
  for (std::string_view name : split_components(path)) {
    states = step(parts, states, name, true);
    if (states.empty()) return false;
  }
  return accepts(parts, states);
}

fs::path glob_literal_dir(std::string_view pattern) {
  std::vector<std::string_view> parts = pattern_parts(pattern);
  size_t count = std::min(literal_parts(parts), parts.empty() ? 0 : parts.size() - 1);
  fs::path dir;
  for (size_t i = 0; i < count; ++i) dir /= std::string(parts[i]);
  return dir;
}

bool check_glob(std::string_view pattern, std::string* err) {
  if (pattern.empty()) {
    *err = "an empty pattern matches no file";
    return false;
  }
  if (pattern.find('\0') != std::string_view::npos) {
    *err = "a pattern must not contain a NUL character";
    return false;
  }
  if (pattern[0] == '/') {
    *err = "'" + std::string(pattern) + "' must be relative to the project root";
    return false;
  }
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') {
      ++i;
    } else if (pattern[i] == '[') {
      size_t end = class_end(pattern, i);
      if (end == std::string_view::npos) {
        *err = "'" + std::string(pattern) + "' has a '[' without its closing ']'";
        return false;
      }
      i = end;
    }
  }
  for (std::string_view part : split_components(pattern)) {
    if (part != "**" && part.find("**") != std::string_view::npos) {
      *err = "'**' must be a whole path component in '" + std::string(pattern) +
             "' (as in 'src/**/*.cpp')";
      return false;
    }
  }
  return true;
}

bool expand_glob(const fs::path& root, std::string_view pattern, std::vector<fs::path>* out,
                 std::string* err, GlobStats* stats) {
  if (!check_glob(pattern, err)) return false;
  std::vector<std::string_view> parts = pattern_parts(pattern);

  // Components before the first wildcard are a plain directory to start from ("../lib" works).
  fs::path base = root;
  size_t first_wild = literal_parts(parts);
  for (size_t i = 0; i < first_wild; ++i) base /= std::string(parts[i]);
  std::error_code ec;
  if (first_wild == parts.size()) {
    if (fs::is_regular_file(base, ec)) out->push_back(base.lexically_normal());
    return true;
  }
  if (!fs::is_directory(base, ec)) return true;
  Walk walk;
  walk.parts.assign(parts.begin() + static_cast<std::ptrdiff_t>(first_wild), parts.end());
  walk.skip_build = first_wild == 0;
  walk.err = err;
  States start = start_states(walk.parts);
  struct stat st;
  if (::stat(base.c_str(), &st) == 0) walk.entered.emplace(st.st_dev, st.st_ino, start);
  bool ok = walk.visit(base, start, true, false);
  if (stats) *stats = walk.stats;
  if (!ok) return false;
  std::vector<fs::path> found = one_name_per_file(std::move(walk.found));
  out->insert(out->end(), found.begin(), found.end());
  return true;
}

}  // namespace kbuild
