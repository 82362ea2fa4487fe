#include "config/module_keys.h"

#include <array>
#include <filesystem>
#include <string_view>

#include <fmt/format.h>

#include "boot_limits.h"
#include "core/fs.h"

namespace kbuild {
namespace {

constexpr std::array<std::string_view, 2> kModuleKeys = {"path", "cmdline"};
constexpr const char* kShape = "{ path = \"initrd.tar\", cmdline = \"...\" }";

// The module's file must open for reading and be a regular file.
bool readable_file(KeyRead& r, toml::node& at, const std::string& path) {
  std::string problem = regular_file_problem(r.config.root / path);
  if (problem.empty()) return true;
  return r.toml.fail_at(at, fmt::format("module '{}' {}", path, problem));
}

bool parse_module(KeyRead& r, toml::node& item, ModuleConfig* out) {
  toml::table* table = item.as_table();
  if (table == nullptr)
    return r.toml.fail_at(item, fmt::format("each of 'modules' must be a table such as {}, found {}", kShape,
                                            type_name(item)));
  toml::node* path_node = nullptr;
  for (auto [key, node] : in_file_order(*table)) {
    if (key->str() == "path") {
      if (!r.toml.string_value("path", *node, &out->path.value)) return false;
      out->path.pos = to_pos(node->source());
      path_node = node;
    } else if (key->str() == "cmdline") {
      if (!r.toml.string_value("cmdline", *node, &out->cmdline)) return false;
      if (!kbuild_limits::module_cmdline_length_ok(out->cmdline.size()))
        return r.toml.fail_at(*node, fmt::format("a module's cmdline is {} bytes, at most {}", out->cmdline.size(),
                                                 kbuild_limits::kMaxModuleCmdlineBytes - 1));
    } else {
      return r.toml.unknown_key(*key, "a module of [bootloader] modules", kModuleKeys);
    }
  }
  if (path_node == nullptr)
    return r.toml.fail_at(item, fmt::format("a module needs a path: {}", kShape));
  std::string name = std::filesystem::path(out->path.value).filename().string();
  if (!kbuild_limits::module_name_length_ok(name.size()))
    return r.toml.fail_at(*path_node, fmt::format("module '{}': its file name must be 1 to {} bytes long",
                                                  out->path.value, kbuild_limits::kMaxModuleNameBytes - 1));
  return readable_file(r, *path_node, out->path.value);
}

}  // namespace

bool parse_modules(KeyRead& r, toml::node& n, std::vector<ModuleConfig>* out) {
  toml::array* items = n.as_array();
  if (items == nullptr)
    return r.toml.fail_at(n, fmt::format("'modules' must be an array of tables such as [{}], found {}", kShape,
                                         type_name(n)));
  if (!kbuild_limits::module_count_ok(items->size()))
    return r.toml.fail_at(n, fmt::format("{} modules, at most {}", items->size(), kbuild_limits::kMaxModules));
  out->clear();
  for (toml::node& item : *items) {
    ModuleConfig module;
    if (!parse_module(r, item, &module)) return false;
    out->push_back(std::move(module));
  }
  return true;
}

}  // namespace kbuild
