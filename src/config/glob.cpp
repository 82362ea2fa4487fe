#include "config/glob.h"

#include <algorithm>
#include <system_error>

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

// Finds the ']' closing the class that opens at pattern[open]; npos when unclosed. A ']' right
// after the opening (or after '!'/'^') belongs to the set.
size_t class_end(std::string_view pattern, size_t open) {
  size_t i = open + 1;
  if (i < pattern.size() && (pattern[i] == '!' || pattern[i] == '^')) ++i;
  if (i < pattern.size() && pattern[i] == ']') ++i;
  while (i < pattern.size() && pattern[i] != ']') ++i;
  return i < pattern.size() ? i : std::string_view::npos;
}

bool class_contains(std::string_view set, char c) {
  bool negate = !set.empty() && (set[0] == '!' || set[0] == '^');
  if (negate) set.remove_prefix(1);
  bool found = false;
  for (size_t i = 0; i < set.size(); ++i) {
    if (i + 2 < set.size() && set[i + 1] == '-') {
      if (set[i] <= c && c <= set[i + 2]) found = true;
      i += 2;
    } else if (set[i] == c) {
      found = true;
    }
  }
  return found != negate;
}

// Matches one pattern element at pattern[*pi] against c, advancing *pi past it.
bool match_one(std::string_view pattern, size_t* pi, char c) {
  size_t i = *pi;
  if (pattern[i] == '?') {
    *pi = i + 1;
    return true;
  }
  if (pattern[i] == '[') {
    size_t end = class_end(pattern, i);
    if (end != std::string_view::npos) {
      *pi = end + 1;
      return class_contains(pattern.substr(i + 1, end - i - 1), c);
    }
  }
  if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
  *pi = i + 1;
  return pattern[i] == c;
}

// One component against one name: '*' backtracks to the latest star only, which is enough
// because a later star can absorb anything an earlier one could.
bool match_component(std::string_view pattern, std::string_view name) {
  size_t p = 0, n = 0;
  size_t star_p = std::string_view::npos, star_n = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star_p = ++p;
      star_n = n;
      continue;
    }
    size_t next = p;
    if (p < pattern.size() && match_one(pattern, &next, name[n])) {
      p = next;
      ++n;
      continue;
    }
    if (star_p == std::string_view::npos) return false;
    p = star_p;
    n = ++star_n;
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool match_parts(const std::vector<std::string_view>& pattern, size_t pi,
                 const std::vector<std::string_view>& path, size_t si) {
  if (pi == pattern.size()) return si == path.size();
  if (pattern[pi] == "**") {
    for (size_t k = si; k <= path.size(); ++k)
      if (match_parts(pattern, pi + 1, path, k)) return true;
    return false;
  }
  return si < path.size() && match_component(pattern[pi], path[si]) &&
         match_parts(pattern, pi + 1, path, si + 1);
}

struct Walk {
  std::string rest_pattern;  // the pattern below `base`
  size_t max_depth;          // how deep the pattern can reach; SIZE_MAX with '**'
  bool skip_build;           // base is the project root, whose build/ is kbuild's output
  std::vector<fs::path>* found;
  std::string* err;

  bool visit(const fs::path& dir, const std::string& rel, size_t depth) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      *err = "cannot read directory " + dir.string() + ": " + ec.message();
      return false;
    }
    for (const fs::directory_entry& entry : it) {
      std::string name = entry.path().filename().string();
      if (name.empty() || name[0] == '.') continue;
      if (skip_build && depth == 0 && name == "build") continue;
      std::string path = rel.empty() ? name : rel + "/" + name;
      std::error_code type_ec;
      if (entry.is_directory(type_ec)) {
        // Symlinked directories under '**' could loop forever; a bounded pattern may follow them.
        if (depth + 1 >= max_depth) continue;
        if (max_depth == SIZE_MAX && entry.is_symlink(type_ec)) continue;
        if (!visit(entry.path(), path, depth + 1)) return false;
      } else if (entry.is_regular_file(type_ec) && glob_match(rest_pattern, path)) {
        found->push_back(entry.path());
      }
    }
    return true;
  }
};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_parts(split_components(pattern), 0, split_components(path), 0);
}

bool check_glob(std::string_view pattern, std::string* err) {
  if (pattern.empty()) {
    *err = "an empty pattern matches no file";
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
                 std::string* err) {
  if (!check_glob(pattern, err)) return false;
  std::vector<std::string_view> parts = split_components(pattern);

  // Components before the first wildcard are a plain directory to start from ("../lib" works).
  fs::path base = root;
  size_t first_wild = 0;
  while (first_wild < parts.size() && !has_wildcard(parts[first_wild])) {
    base /= std::string(parts[first_wild]);
    ++first_wild;
  }
  std::vector<fs::path> found;
  std::error_code ec;
  if (first_wild == parts.size()) {
    if (fs::is_regular_file(base, ec)) found.push_back(base);
  } else if (fs::is_directory(base, ec)) {
    Walk walk;
    walk.max_depth = parts.size() - first_wild;
    walk.rest_pattern.clear();
    for (size_t i = first_wild; i < parts.size(); ++i) {
      if (parts[i] == "**") walk.max_depth = SIZE_MAX;
      if (!walk.rest_pattern.empty()) walk.rest_pattern += '/';
      walk.rest_pattern += parts[i];
    }
    walk.skip_build = first_wild == 0;
    walk.found = &found;
    walk.err = err;
    if (!walk.visit(base, "", 0)) return false;
  }
  for (fs::path& path : found) path = path.lexically_normal();
  std::sort(found.begin(), found.end());
  out->insert(out->end(), found.begin(), found.end());
  return true;
}

}  // namespace kbuild
