#include "config/schema.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "config/key_parsers.h"
#include "config/module_keys.h"
#include "config/suggest.h"

namespace kbuild {

namespace {

using C = Config;
using B = BootloaderConfig;
using P = ProfileInput;
using T = TestKernelSettings;

// One row per key: the table it belongs to, its name, and the parser (with its limits) bound to
// the field it fills. Defaults are the fields' initial values in config.h.
// clang-format off
constexpr SchemaKey kSchema[] = {
    {"", "kernel",     read_kernel_section},
    {"", "target",     read_section},
    {"", "profile",    read_profile_sections},
    {"", "bootloader", read_section},
    {"", "run",        read_section},
    {"", "test",       read_test_section},

    {"kernel", "name",              bind<parse_kernel_name, &C::name>},
    {"kernel", "version",           bind<parse_version, &C::version>},
    {"kernel", "cxx-standard",      bind<parse_cxx_standard, &C::cxx_standard>},
    {"kernel", "c-standard",        bind<parse_c_standard, &C::c_standard>},
    {"kernel", "sources",           bind<parse_source_globs, &C::sources>},
    {"kernel", "include-dirs",      bind<parse_include_dirs, &C::include_dirs>},
    {"kernel", "defines",           bind<parse_defines, &C::defines>},
    {"kernel", "flags",             bind<parse_strings, &C::flags>},
    {"kernel", "cflags",            bind<parse_strings, &C::cflags>},
    {"kernel", "cxxflags",          bind<parse_strings, &C::cxxflags>},
    {"kernel", "ldflags",           bind<parse_strings, &C::ldflags>},
    {"kernel", "linker-script",     bind<parse_linker_script, &C::linker_script>},
    {"kernel", "compiler-launcher", bind<parse_strings, &C::compiler_launcher>},
    {"kernel", "entry",             bind<parse_entry, &C::entry_file>},

    {"target", "arch",          bind<parse_arch, &C::arch>},
    {"target", "boot",          bind<parse_boot_mode, &C::boot>},
    {"target", "mbr-boot-flag", bind<parse_bool, &C::mbr_boot_flag>},

    {"profile.*", "opt-level", bind<parse_opt_level, &P::opt_level>},
    {"profile.*", "debug",     bind<parse_bool, &P::debug>},
    {"profile.*", "defines",   bind<parse_defines, &P::defines>},
    {"profile.*", "flags",     bind<parse_strings, &P::flags>},
    {"profile.*", "cflags",    bind<parse_strings, &P::cflags>},
    {"profile.*", "cxxflags",  bind<parse_strings, &P::cxxflags>},
    {"profile.*", "ldflags",   bind<parse_strings, &P::ldflags>},
    {"profile.*", "inherits",  bind<parse_inherits, &P::inherits>},

    {"bootloader", "stack-size",             bind<parse_stack_size, &C::bootloader, &B::stack_size>},
    {"bootloader", "physical-memory-offset", bind<parse_physical_memory_offset, &C::bootloader, &B::physical_memory_offset>},
    {"bootloader", "framebuffer",            read_framebuffer_section},
    {"bootloader", "cmdline",                bind<parse_cmdline, &C::bootloader, &B::cmdline>},
    {"bootloader", "protocol",               bind<parse_boot_protocol_key, &C::bootloader, &B::protocol>},
    {"bootloader", "modules",                bind<parse_modules, &C::bootloader, &B::modules>},

    {"bootloader.framebuffer", "width",  bind<parse_framebuffer_dimension, &C::bootloader, &B::framebuffer, &FramebufferConfig::width>},
    {"bootloader.framebuffer", "height", bind<parse_framebuffer_dimension, &C::bootloader, &B::framebuffer, &FramebufferConfig::height>},
    {"bootloader.framebuffer", "bpp",    bind<parse_framebuffer_bpp, &C::bootloader, &B::framebuffer, &FramebufferConfig::bpp>},

    {"run", "command",   bind<parse_run_command, &C::run, &RunConfig::command>},
    {"run", "args",      bind<parse_strings, &C::run, &RunConfig::args>},
    {"run", "no-reboot", bind<parse_bool, &C::run, &RunConfig::no_reboot>},
    {"run", "firmware",  bind<parse_run_firmware, &C::run, &RunConfig::firmware>},
    {"run", "accel",     bind<parse_accel_key, &C::run, &RunConfig::accel>},
    {"run", "memory",    bind<parse_run_memory, &C::run, &RunConfig::memory>},

    {"test", "sources",           bind<parse_test_globs, &C::test, &TestConfig::sources>},
    {"test", "success-exit-code", bind<parse_success_exit_code, &C::test, &TestConfig::success_exit_code>},
    {"test", "timeout",           bind<parse_timeout, &C::test, &TestConfig::timeout_seconds>},
    {"test", "args",              bind<parse_strings, &C::test, &TestConfig::args>},
    {"test", "no-reboot",         bind<parse_bool, &C::test, &TestConfig::no_reboot>},
    {"test", "firmware",          bind<parse_test_firmwares, &C::test, &TestConfig::firmwares>},

    {"test.*", "expect",        bind<parse_test_expect, &T::expect>},
    {"test.*", "timeout",       bind<parse_timeout, &T::timeout_seconds>},
    {"test.*", "args",          bind<parse_strings, &T::args>},
    {"test.*", "memory",        bind<parse_memory, &T::memory>},
    {"test.*", "smp",           bind<parse_smp, &T::smp>},
    {"test.*", "cmdline",       bind<parse_cmdline, &T::cmdline>},
    {"test.*", "expect-screen", bind<parse_expect_screen, &T::expect_screen>},
    {"test.*", "sources",       bind<parse_test_kernel_sources, &T::sources>},
    {"test.*", "firmware",      bind<parse_test_firmwares, &T::firmwares>},
};
// clang-format on

std::vector<std::string_view> keys_of(std::string_view table) {
  std::vector<std::string_view> keys;
  for (const SchemaKey& row : kSchema)
    if (row.table == table) keys.push_back(row.key);
  return keys;
}

const SchemaKey* find_row(std::string_view table, std::string_view key) {
  auto found = std::find_if(std::begin(kSchema), std::end(kSchema), [&](const SchemaKey& row) {
    return row.table == table && row.key == key;
  });
  return found == std::end(kSchema) ? nullptr : found;
}

}  // namespace

std::span<const SchemaKey> kernel_toml_schema() { return kSchema; }

// Reads `table`'s keys in file order by the rows of `schema_table`; `where` names it in errors.
bool read_table_keys(KeyRead& r, toml::table& table, std::string_view schema_table,
                     std::string_view where) {
  for (auto [key, node] : in_file_order(table)) {
    const SchemaKey* row = find_row(schema_table, key->str());
    if (!row) return r.toml.unknown_key(*key, where, keys_of(schema_table));
    r.key = key->str();
    if (!row->parse(r, *node)) return false;
  }
  return true;
}

bool read_document(toml::table& doc, KeyRead& r) {
  std::vector<std::string_view> table_names = keys_of("");
  for (auto [key, node] : in_file_order(doc)) {
    if (const SchemaKey* row = find_row("", key->str())) {
      r.key = key->str();
      if (!row->parse(r, *node)) return false;
      continue;
    }
    std::string guess = closest_match(key->str(), table_names);
    std::string message;
    if (node->is_table()) {
      message = fmt::format("unknown table [{}]", key->str());
      message += guess.empty() ? " (expected " + one_of(table_names, "") + ")"
                               : fmt::format("; did you mean [{}]?", guess);
    } else {
      message = fmt::format("key '{}' is outside any table; keys belong under a header such as "
                            "[kernel]",
                            key->str());
    }
    return r.toml.fail(to_pos(key->source()), message);
  }
  if (!doc.contains("kernel"))
    return r.toml.fail({1, 1}, "missing required table [kernel] (it needs at least name = \"...\")");
  return true;
}

}  // namespace kbuild
