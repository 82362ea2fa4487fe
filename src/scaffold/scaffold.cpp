#include "scaffold/scaffold.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
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

bool copy_tree(const fs::path& from, const fs::path& to, const std::string& name,
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
    fs::create_directories(dest.parent_path(), ec);
    AtomicFile out;
    if (!out.open(dest, err) || !out.write_at(0, text, err) || !out.commit(err)) return false;
    created->push_back(rel);
  }
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
                      std::vector<fs::path>* created, std::string* err) {
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
  if (!fs::is_directory(parent, ec)) {
    *err = fmt::format("cannot create {}: the directory {} does not exist", dest.string(), parent.string());
    return false;
  }
  fs::path staging = parent / fmt::format(".{}.kbuild-new.{}", dest.filename().string(), ::getpid());
  fs::remove_all(staging, ec);
  bool ok = copy_tree(template_dir, staging, name, created, err);
  if (ok) {
    if (exists) {
      // An empty directory stays (it may be the user's working directory): its contents arrive.
      for (const auto& entry : fs::directory_iterator(staging, ec)) {
        fs::rename(entry.path(), dest / entry.path().filename(), ec);
        if (ec) break;
      }
      if (!ec) fs::remove(staging, ec);
    } else {
      fs::rename(staging, dest, ec);
    }
    if (ec) {
      *err = fmt::format("cannot create {}: {}", dest.string(), ec.message());
      ok = false;
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
