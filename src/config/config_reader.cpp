#include "config/config_reader.h"

#include <system_error>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "kernel_rules.h"

#include "config/profiles.h"
#include "config/schema.h"
#include "config/toml_reader.h"
#include "core/fs.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

// A kernel.toml is a few KiB; this only stops a wrong --manifest-path from reading without end.
constexpr uint64_t kMaxManifestBytes = uint64_t{1} << 20;

// What follows from the keys once all are read: the entry file and profile inheritance.
bool finish(const toml::table& doc, Config* config,
            std::map<std::string, ProfileInput>& profile_inputs, TomlReader& reader) {
  // riscv64's loader maps physical memory in Sv39's upper half, which begins far above x86_64's.
  if (const toml::node* offset = doc["bootloader"]["physical-memory-offset"].node();
      offset && config->arch.value == Arch::riscv64 && config->bootloader.physical_memory_offset &&
      *config->bootloader.physical_memory_offset < kbuild_rules::kSv39HigherHalf)
    return reader.fail_at(
        *offset, fmt::format("physical-memory-offset {:#x} is outside riscv64's Sv39 upper half; use a 1 GiB-aligned "
                             "address from {:#x} (the default)",
                             *config->bootloader.physical_memory_offset, kbuild_rules::kSv39HigherHalf));
  if (config->entry_file.empty()) {
    std::error_code ec;
    if (fs::is_regular_file(config->root / "src/main.cpp", ec)) config->entry_file = "src/main.cpp";
  }
  if (!resolve_profiles(profile_inputs, config, reader)) return false;

  return true;
}

}  // namespace

bool read_config(const fs::path& manifest, Config* out, std::string* err) {
  std::string text;
  if (!read_regular_file(manifest, kMaxManifestBytes, &text, err)) return false;

  Config config;
  std::error_code ec;
  config.manifest_path = fs::absolute(manifest, ec).lexically_normal();
  config.root = config.manifest_path.parent_path();

  toml::table doc;
  try {
    doc = toml::parse(std::string_view(text), std::string_view(config.manifest_path.native()));
  } catch (const toml::parse_error& e) {
    *err = format_location(manifest, to_pos(e.source())) + ": " +
           one_line(describe_syntax_error(e.description()));
    return false;
  }
  TomlReader reader(config.manifest_path, err);
  std::map<std::string, ProfileInput> profile_inputs;
  KeyRead read{reader, config, profile_inputs, {}, {}, nullptr};
  if (!read_document(doc, read) || !finish(doc, &config, profile_inputs, reader)) {
    *err = one_line(*err);
    return false;
  }
  *out = std::move(config);
  return true;
}

}  // namespace kbuild
