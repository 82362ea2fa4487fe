#include "scaffold/scaffold.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "config/config_values.h"
#include "core/fs.h"
#include "core/signals.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
  return text;
}

bool copy_tree(const fs::path& from, const fs::path& to, const std::string& name, const std::string& arch,
               std::vector<fs::path>* created, std::string* err) {
  std::error_code ec;
  std::vector<fs::directory_entry> entries;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec))
    entries.push_back(*it);
  if (ec) {
    *err = fmt::format("cannot read the template {}: {}", from.string(), ec.message());
    return false;
  }
  std::sort(entries.begin(), entries.end(),
            [](const auto& a, const auto& b) { return a.path() < b.path(); });
  for (const auto& entry : entries) {
    if (interrupted()) {
      *err = "interrupted";
      return false;
    }
    fs::path rel = fs::relative(entry.path(), from);
    fs::path dest = to / rel;
    if (entry.is_directory()) {
      fs::create_directories(dest, ec);
      if (ec) {
        *err = fmt::format("cannot create {}: {}", dest.string(), ec.message());
        return false;
      }
      continue;
    }
    std::string text;
    if (!read_file(entry.path(), &text, err)) return false;
    text = replace_all(std::move(text), "{{name}}", name);
    text = replace_all(std::move(text), "{{arch}}", arch);
    fs::create_directories(dest.parent_path(), ec);
    AtomicFile out;
    if (!out.open(dest, err) || !out.write_at(0, text, err) || !out.commit(err)) return false;
    created->push_back(rel);
  }
  return true;
}

// Moves `from` to `to` unless something is at `to` already (then EEXIST): renameat2's
// RENAME_NOREPLACE, or where the file system lacks it, link/unlink for files and mkdir plus a
// move of each entry for directories, which refuse an existing name the same way.
bool move_no_replace(const fs::path& from, const fs::path& to, std::string* err) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return true;
  int error = errno;
  if (error == EINVAL || error == ENOSYS) {
    std::error_code ec;
    if (fs::is_directory(fs::symlink_status(from, ec))) {
      if (::mkdir(to.c_str(), 0755) == 0) {
        for (const auto& entry : fs::directory_iterator(from, ec))
          if (!move_no_replace(entry.path(), to / entry.path().filename(), err)) return false;
        if (!ec && ::rmdir(from.c_str()) == 0) return true;
      }
    } else if (::link(from.c_str(), to.c_str()) == 0) {
      ::unlink(from.c_str());
      return true;
    }
    error = errno;
  }
  *err = error == EEXIST || error == ENOTEMPTY
             ? fmt::format("{} appeared while kbuild new ran; nothing was overwritten", to.string())
             : fmt::format("cannot create {}: {}", to.string(), std::strerror(error));
  return false;
}

// Moves the entries of `staging` into the existing (empty) `dest`; when one cannot be, those
// already moved go back, so `dest` holds only what others put there.
bool move_entries(const fs::path& staging, const fs::path& dest, std::string* err) {
  std::error_code ec;
  std::vector<fs::path> names;
  for (const auto& entry : fs::directory_iterator(staging, ec)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  for (size_t i = 0; i < names.size(); ++i) {
    if (move_no_replace(staging / names[i], dest / names[i], err)) continue;
    std::string ignored;
    for (size_t j = 0; j < i; ++j) move_no_replace(dest / names[j], staging / names[j], &ignored);
    return false;
  }
  return true;
}

// A fresh hidden directory beside `dest`, made by us alone (mkdtemp: mode 0700, a new name).
bool make_staging(const fs::path& parent, const fs::path& dest, fs::path* out, std::string* err) {
  std::string pattern = (parent / fmt::format(".{}.kbuild-new.XXXXXX", dest.filename().string())).string();
  if (!::mkdtemp(pattern.data())) {
    *err = fmt::format("cannot create {}: {}", dest.string(), std::strerror(errno));
    return false;
  }
  *out = pattern;
  mode_t mask = ::umask(0);  // it becomes the project directory: the mode mkdir would give
  ::umask(mask);
  ::chmod(out->c_str(), 0777 & ~mask);
  return true;
}

}  // namespace

bool check_kernel_name(std::string_view name, std::string* err) {
  auto fail = [&](std::string_view why) {
    *err = fmt::format("'{}' cannot be a kernel name: {}; use letters, digits, '_' and '-', starting "
                       "with a letter or '_' (for example `kbuild new my_kernel`)",
                       name, why);
    return false;
  };
  if (name.empty()) return fail("it is empty");
  if (name.size() > kMaxKernelNameLength)
    return fail(fmt::format("it is longer than {} characters", kMaxKernelNameLength));
  if (!(std::isalpha(static_cast<unsigned char>(name[0])) || name[0] == '_'))
    return fail("it must start with a letter or '_'");
  for (char ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-'))
      return fail(fmt::format("it contains '{}'", ch));
  return true;
}

bool scaffold_project(const fs::path& template_dir, const fs::path& dest, const std::string& name,
                      std::vector<fs::path>* created, std::string* err,
                      const std::function<void()>& before_publish, const std::string& arch) {
  std::error_code ec;
  if (!fs::is_directory(template_dir, ec)) {
    *err = fmt::format("the project template {} is missing; reinstall kbuild", template_dir.string());
    return false;
  }
  bool exists = fs::exists(fs::symlink_status(dest, ec));
  if (exists) {
    if (!fs::is_directory(dest, ec)) {
      *err = fmt::format("{} already exists and is not a directory; choose another name or path",
                         dest.string());
      return false;
    }
    if (!fs::is_empty(dest, ec)) {
      *err = fmt::format("{} already exists and is not empty; kbuild new never overwrites files: "
                         "choose another name, or remove it first",
                         dest.string());
      return false;
    }
  }
  // Build the project in a hidden sibling, then move it into place in one rename.
  fs::path parent = dest.parent_path().empty() ? fs::path(".") : dest.parent_path();
  // Missing parents are created, as `mkdir -p` (and cargo new) would.
  if (!fs::is_directory(parent, ec) && (!fs::create_directories(parent, ec) || ec)) {
    *err = fmt::format("cannot create {}: {}", parent.string(),
                       ec ? ec.message() : std::string("a file of that name is in the way"));
    return false;
  }
  fs::path staging;
  if (!make_staging(parent, dest, &staging, err)) return false;
  bool ok = copy_tree(template_dir, staging, name, arch, created, err);
  if (ok && before_publish) before_publish();
  if (ok) {
    // Nothing that appeared meanwhile is ever replaced: every move refuses an existing name.
    if (exists) {
      // An empty directory stays (it may be the user's working directory): its contents arrive.
      ok = move_entries(staging, dest, err);
      if (ok) fs::remove(staging, ec);
    } else {
      ok = move_no_replace(staging, dest, err);
    }
  } else {
    *err = fmt::format("cannot create {}: {}", dest.string(), *err);
  }
  if (!ok) {
    fs::remove_all(staging, ec);
    created->clear();
  }
  return ok;
}

}  // namespace kbuild
