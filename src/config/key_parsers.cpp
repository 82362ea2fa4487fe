#include "config/key_parsers.h"

#include <kbuild/exit_codes.h>

#include "boot_limits.h"

#include <algorithm>
#include <limits>
#include <utility>
#include <system_error>

#include <fmt/format.h>

#include "config/arch.h"
#include "config/config_values.h"
#include "config/glob.h"
#include "config/language_keys.h"
#include "config/suggest.h"
#include "config/toml_key.h"
#include "core/paths.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::string hex(uint64_t value) { return fmt::format("{:#x}", value); }

// kernel.toml's policy on top of what the loader accepts (boot_limits.h): a stack of at most
// 1G, a higher-half physical-memory offset on a 1 GiB boundary, a framebuffer of at most
// 16384 pixels a side at 24 or 32 bits per pixel.
constexpr uint64_t kPolicyMaxStackSize = uint64_t{1} << 30;
constexpr uint64_t kPolicyPhysicalMemoryOffsetAlignment = uint64_t{1} << 30;
constexpr int64_t kPolicyMaxFramebufferDimension = 16384;
// [test.NAME] smp: QEMU's pc machine takes at most 255 CPUs.
constexpr int64_t kMaxSmpCpus = 255;
static_assert(kPolicyMaxStackSize % kbuild_limits::kPageSize == 0);
static_assert(kPolicyPhysicalMemoryOffsetAlignment % kbuild_limits::kPhysicalMemoryOffsetAlignment == 0);
static_assert(kPolicyMaxFramebufferDimension <= kbuild_limits::kMaxFramebufferDimension);

bool glob_array(KeyRead& r, toml::node& n, std::vector<Located<std::string>>* out) {
  std::vector<std::string> globs;
  std::vector<SourcePos> positions;
  if (!r.toml.string_array(r.key, n, &globs, &positions)) return false;
  out->clear();
  for (size_t i = 0; i < globs.size(); ++i) {
    std::string glob_err;
    if (!check_glob(globs[i], &glob_err)) return r.toml.fail(positions[i], glob_err);
    out->push_back({globs[i], positions[i]});
  }
  return true;
}

// A path relative to the project root that must exist, as a directory or as a file; `what`
// names it in errors.
bool existing_path(KeyRead& r, std::string_view what, toml::node& n, bool directory,
                   std::string* out) {
  if (!r.toml.string_value(what, n, out)) return false;
  std::error_code ec;
  fs::file_status status = fs::status(r.config.root / *out, ec);
  if (!fs::exists(status))
    return r.toml.fail_at(n, fmt::format("{} '{}' does not exist", what, *out));
  if (directory && !fs::is_directory(status))
    return r.toml.fail_at(n, fmt::format("{} '{}' is not a directory", what, *out));
  if (!directory && fs::is_directory(status))
    return r.toml.fail_at(n, fmt::format("{} '{}' is a directory, not a file", what, *out));
  return true;
}

bool parse_firmware_name(KeyRead& r, toml::node& n, std::string* name) {
  return r.toml.string_value(r.key, n, name);
}

// " in [test.NAME]" while a [test.NAME] table is read, for the messages of keys it shares.
std::string in_test_kernel(const KeyRead& r) {
  return r.test_kernel ? " in " + test_table_name(r.test_kernel->name) : "";
}

}  // namespace

bool parse_bool(KeyRead& r, toml::node& n, bool* out) { return r.toml.bool_value(r.key, n, out); }

bool parse_strings(KeyRead& r, toml::node& n, std::vector<std::string>* out) {
  return r.toml.string_array(r.key, n, out);
}

bool parse_defines(KeyRead& r, toml::node& n, std::vector<std::string>* out) {
  if (!r.toml.string_array(r.key, n, out)) return false;
  for (size_t i = 0; i < out->size(); ++i)
    if (!is_valid_define((*out)[i]))
      return r.toml.fail_at(*n.as_array()->get(i),
                            fmt::format("define \"{}\" is not NAME or NAME=VALUE with NAME a C "
                                        "identifier",
                                        (*out)[i]));
  return true;
}

bool parse_kernel_name(KeyRead& r, toml::node& n, Located<std::string>* out) {
  if (!r.toml.string_value(r.key, n, &out->value)) return false;
  if (out->value.size() > kMaxKernelNameLength)
    return r.toml.fail_at(n, fmt::format("name is {} characters long; a kernel name has at most {}",
                                         out->value.size(), kMaxKernelNameLength));
  if (!is_valid_kernel_name(out->value))
    return r.toml.fail_at(n, fmt::format("name \"{}\" is not a valid kernel name (use letters, "
                                         "digits, '_' and '-', starting with a letter or '_')",
                                         out->value));
  out->pos = to_pos(n.source());
  return true;
}

bool parse_version(KeyRead& r, toml::node& n, std::string* out) {
  if (!r.toml.string_value(r.key, n, out)) return false;
  if (!is_valid_version(*out))
    return r.toml.fail_at(n, fmt::format("version \"{}\" is not a version such as \"0.1.0\" "
                                         "(MAJOR.MINOR.PATCH)",
                                         *out));
  return true;
}

bool parse_cxx_standard(KeyRead& r, toml::node& n, std::string* out) {
  if (!r.toml.string_value(r.key, n, out)) return false;
  static constexpr std::string_view known[] = {"c++17", "c++20", "c++2b"};
  if (std::find(std::begin(known), std::end(known), *out) != std::end(known)) return true;
  std::string message =
      fmt::format("cxx-standard \"{}\" is not supported (expected {})", *out, one_of(known, "\""));
  // Clang 14 knows C++23 only by its draft name.
  std::string guess = *out == "c++23" ? "c++2b" : closest_match(*out, known);
  if (!guess.empty()) message += fmt::format("; did you mean \"{}\"?", guess);
  return r.toml.fail_at(n, message);
}

bool parse_source_globs(KeyRead& r, toml::node& n, std::vector<Located<std::string>>* out) {
  if (!glob_array(r, n, out)) return false;
  if (out->empty())
    return r.toml.fail_at(n, "'sources' is empty; list at least one glob, such as \"src/**/*.cpp\"");
  return true;
}

bool parse_include_dirs(KeyRead& r, toml::node& n, std::vector<Located<std::string>>* out) {
  std::vector<std::string> dirs;
  if (!r.toml.string_array(r.key, n, &dirs)) return false;
  out->clear();
  for (toml::node& item : *n.as_array()) {
    std::string dir;
    if (!existing_path(r, "include directory", item, true, &dir)) return false;
    out->push_back({dir, to_pos(item.source())});
  }
  return true;
}

bool parse_linker_script(KeyRead& r, toml::node& n, Located<std::string>* out) {
  if (!existing_path(r, "linker script", n, false, &out->value)) return false;
  out->pos = to_pos(n.source());
  return true;
}

bool parse_entry(KeyRead& r, toml::node& n, std::string* out) {
  std::string entry;
  if (!existing_path(r, "entry", n, false, &entry)) return false;
  *out = fs::path(entry).lexically_normal().generic_string();
  return true;
}

bool parse_arch(KeyRead& r, toml::node& n, Located<Arch>* out) {
  std::string arch;
  if (!r.toml.string_value(r.key, n, &arch)) return false;
  out->pos = to_pos(n.source());
  if (arch_from_name(arch, &out->value)) return true;
  return r.toml.fail_at(n, fmt::format("arch \"{}\" is not a known architecture (expected {})", arch,
                                       quoted_arch_names()));
}

bool parse_boot_mode(KeyRead& r, toml::node& n, Located<BootMode>* out) {
  std::string boot;
  if (!r.toml.string_value(r.key, n, &boot)) return false;
  out->pos = to_pos(n.source());
  if (boot == "bios" || boot == "uefi" || boot == "hybrid") {
    out->value = boot == "bios" ? BootMode::bios : boot == "uefi" ? BootMode::uefi : BootMode::hybrid;
    return true;
  }
  return r.toml.fail_at(n, fmt::format("boot \"{}\" is not a known boot mode (expected \"hybrid\", \"bios\" or \"uefi\")", boot));
}

bool parse_opt_level(KeyRead& r, toml::node& n, std::string* out) {
  static constexpr std::string_view known[] = {"0", "1", "2", "3", "s", "z", "g"};
  std::string level;
  if (n.is_integer())
    level = std::to_string(n.as_integer()->get());
  else if (n.is_string())
    level = n.as_string()->get();
  else
    return r.toml.fail_at(n, fmt::format("'opt-level' must be an integer or a string, found {}",
                                         type_name(n)));
  if (std::find(std::begin(known), std::end(known), level) == std::end(known))
    return r.toml.fail_at(n, fmt::format("opt-level {} is not one of 0, 1, 2, 3, \"s\", \"z\" or \"g\"",
                                         n.is_string() ? "\"" + level + "\"" : level));
  *out = level;
  return true;
}

bool parse_inherits(KeyRead& r, toml::node& n, Located<std::string>* out) {
  if (!r.toml.string_value(r.key, n, &out->value)) return false;
  if (is_builtin_profile(r.profile_name))
    return r.toml.fail_at(n, fmt::format("[profile.{}] is built in and cannot inherit; 'inherits' "
                                         "is for profiles of your own",
                                         r.profile_name));
  out->pos = to_pos(n.source());
  return true;
}

bool parse_stack_size(KeyRead& r, toml::node& n, uint64_t* out) {
  uint64_t size = 0;
  if (n.is_integer()) {
    if (n.as_integer()->get() < 0)
      return r.toml.fail_at(n, fmt::format("stack-size must not be negative, found {}",
                                           n.as_integer()->get()));
    size = static_cast<uint64_t>(n.as_integer()->get());
  } else if (n.is_string()) {
    if (!parse_byte_size(n.as_string()->get(), &size))
      return r.toml.fail_at(n, fmt::format("stack-size \"{}\" is not a size (write bytes, or a "
                                           "number with K, M or G, as in \"128K\")",
                                           n.as_string()->get()));
  } else {
    return r.toml.fail_at(n, fmt::format("'stack-size' must be an integer or a string such as "
                                         "\"128K\", found {}",
                                         type_name(n)));
  }
  if (size < kbuild_limits::kMinStackSize)
    return r.toml.fail_at(n, fmt::format("stack-size must be at least {}K, found {} bytes",
                                         kbuild_limits::kMinStackSize >> 10, size));
  if (size % kbuild_limits::kPageSize != 0)
    return r.toml.fail_at(n, fmt::format("stack-size must be a multiple of 4K (the page size), "
                                         "found {} bytes",
                                         size));
  if (size > kPolicyMaxStackSize)
    return r.toml.fail_at(n, fmt::format("stack-size must be at most 1G, found {} bytes", size));
  *out = size;
  return true;
}

bool parse_physical_memory_offset(KeyRead& r, toml::node& n, uint64_t* out) {
  uint64_t offset = 0;
  if (n.is_integer()) {
    offset = static_cast<uint64_t>(n.as_integer()->get());
    if (n.as_integer()->get() < 0)
      return r.toml.fail_at(n, "physical-memory-offset must not be negative; write a higher-half "
                               "address as a string, as in \"0xffff800000000000\"");
  } else if (n.is_string()) {
    if (!parse_u64(n.as_string()->get(), &offset))
      return r.toml.fail_at(n, fmt::format("physical-memory-offset \"{}\" is not a number (write "
                                           "it in hexadecimal, as in \"0xffff800000000000\")",
                                           n.as_string()->get()));
  } else {
    return r.toml.fail_at(n, fmt::format("'physical-memory-offset' must be an integer or a string "
                                         "such as \"0xffff800000000000\", found {}",
                                         type_name(n)));
  }
  // Canonical: bits 63..47 are copies of bit 47.
  if (!kbuild_limits::canonical_address(offset))
    return r.toml.fail_at(n, fmt::format("physical-memory-offset {} is not a canonical address "
                                         "(bits 63 to 47 must be all equal)",
                                         hex(offset)));
  if (offset >> 47 == 0)
    return r.toml.fail_at(n, fmt::format("physical-memory-offset {} is in the lower half; use a "
                                         "higher-half address such as \"0xffff800000000000\"",
                                         hex(offset)));
  if (offset % kPolicyPhysicalMemoryOffsetAlignment != 0)
    return r.toml.fail_at(n, fmt::format("physical-memory-offset {} must be aligned to 1 GiB "
                                         "(0x40000000)",
                                         hex(offset)));
  *out = offset;
  return true;
}

bool parse_cmdline(KeyRead& r, toml::node& n, std::string* out) {
  if (!r.toml.string_value(r.key, n, out)) return false;
  if (!kbuild_limits::cmdline_length_ok(out->size()))
    return r.toml.fail_at(n, fmt::format("cmdline is {} bytes long; it must be under {} bytes",
                                         out->size(), kbuild_limits::kMaxCmdlineBytes));
  if (out->find('\0') != std::string::npos)
    return r.toml.fail_at(n, "cmdline must not contain a NUL character");
  return true;
}

bool parse_framebuffer_dimension(KeyRead& r, toml::node& n, uint32_t* out) {
  int64_t value;
  if (!r.toml.int_value(r.key, n, &value)) return false;
  if (value < 1 || value > kPolicyMaxFramebufferDimension)
    return r.toml.fail_at(n, fmt::format("framebuffer {} must be from 1 to {} pixels, found {}",
                                         r.key, kPolicyMaxFramebufferDimension, value));
  *out = static_cast<uint32_t>(value);
  return true;
}

bool parse_framebuffer_bpp(KeyRead& r, toml::node& n, uint32_t* out) {
  int64_t bpp;
  if (!r.toml.int_value(r.key, n, &bpp)) return false;
  // Policy: the depths every framebuffer kbuild's loaders find can be set to.
  if (bpp != 32 && bpp != 24)
    return r.toml.fail_at(n, fmt::format("framebuffer bpp must be 32 or 24, found {}", bpp));
  *out = static_cast<uint32_t>(bpp);
  return true;
}

namespace {
// [run] memory and a -m in [run] command, whichever of the two comes second.
constexpr const char* kMemoryTwice =
    "[run] memory and the -m in [run] command both set the guest's memory; keep one (without -m in "
    "the command, kbuild passes -m with [run] memory)";
}  // namespace

bool parse_run_command(KeyRead& r, toml::node& n, std::vector<std::string>* out) {
  if (!r.toml.string_array(r.key, n, out)) return false;
  if (out->empty())
    return r.toml.fail_at(n, "run command is empty; leave it out to let kbuild choose one");
  if (std::none_of(out->begin(), out->end(),
                   [](const std::string& arg) { return arg.find("{}") != std::string::npos; }))
    return r.toml.fail_at(n, "run command must contain {} where the image path goes, as in "
                             "\"format=raw,file={}\"");
  if (r.config.run.memory_set && qemu_args_set_memory(*out)) return r.toml.fail_at(n, kMemoryTwice);
  return true;
}

bool parse_run_memory(KeyRead& r, toml::node& n, std::string* out) {
  if (!parse_memory(r, n, out)) return false;
  if (qemu_args_set_memory(r.config.run.command)) return r.toml.fail_at(n, kMemoryTwice);
  r.config.run.memory_set = true;
  return true;
}

bool parse_boot_protocol_key(KeyRead& r, toml::node& n, BootProtocol* out) {
  std::string name;
  if (!r.toml.string_value(r.key, n, &name)) return false;
  if (auto p = parse_boot_protocol(name)) {
    *out = *p;
    return true;
  }
  return r.toml.fail_at(n, fmt::format("protocol \"{}\" is not a boot protocol kbuild knows (expected \"auto\", "
                                       "\"kbuild\", \"limine\", \"multiboot2\" or \"multiboot1\")",
                                       name));
}

bool parse_accel_key(KeyRead& r, toml::node& n, Accel* out) {
  std::string name;
  if (!r.toml.string_value(r.key, n, &name)) return false;
  if (auto a = parse_accel(name)) {
    *out = *a;
    return true;
  }
  return r.toml.fail_at(n, fmt::format("accel \"{}\" is not known (expected \"auto\", \"kvm\" or \"tcg\")", name));
}

bool parse_run_firmware(KeyRead& r, toml::node& n, Firmware* out) {
  std::string name;
  if (!parse_firmware_name(r, n, &name)) return false;
  if (auto f = parse_firmware(name)) {
    *out = *f;
    return true;
  }
  return r.toml.fail_at(n, fmt::format("firmware \"{}\" is not known (expected \"bios\" or \"uefi\")", name));
}

bool parse_memory(KeyRead& r, toml::node& n, std::string* out) {
  uint64_t bytes = 0;
  if (n.is_integer()) {
    if (n.as_integer()->get() <= 0)
      return r.toml.fail_at(n, fmt::format("memory must be positive, found {}", n.as_integer()->get()));
    *out = std::to_string(n.as_integer()->get()) + "M";
  } else if (!r.toml.string_value(r.key, n, out)) {
    return false;
  }
  if (!parse_memory_size(*out, &bytes))
    return r.toml.fail_at(n, fmt::format("memory \"{}\" is not a size QEMU understands (a number "
                                         "with an optional K, M, G or T, as in \"256M\")",
                                         *out));
  if (bytes == 0)
    return r.toml.fail_at(n, fmt::format("memory \"{}\" is zero; give the guest some, as in \"256M\"",
                                         *out));
  if (bytes > kMaxGuestMemoryBytes)
    return r.toml.fail_at(n, fmt::format("memory \"{}\" is more than QEMU can give an x86_64 guest "
                                         "(at most {}T)",
                                         *out, kMaxGuestMemoryBytes >> 40));
  return true;
}

bool parse_test_globs(KeyRead& r, toml::node& n, std::vector<std::string>* out) {
  std::vector<Located<std::string>> globs;
  if (!glob_array(r, n, &globs)) return false;
  out->clear();
  for (auto& glob : globs) out->push_back(glob.value);
  return true;
}

bool parse_success_exit_code(KeyRead& r, toml::node& n, int* out) {
  int64_t code;
  if (!r.toml.int_value(r.key, n, &code)) return false;
  if (code < 1 || code > 255 || code % 2 == 0)
    return r.toml.fail_at(n, fmt::format("success-exit-code must be an odd number from 3 to 253, "
                                         "since QEMU exits with (value << 1) | 1; found {}",
                                         code));
  if (code == 1)
    return r.toml.fail_at(n, fmt::format("success-exit-code cannot be 1: QEMU itself exits with 1 when it "
                                         "fails to start, so every start-up error would pass; use {} (the "
                                         "kernel writes {:#x} to the debug-exit port)",
                                         KBUILD_QEMU_STATUS(KBUILD_EXIT_PASS), KBUILD_EXIT_PASS));
  if (code == KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED))
    return r.toml.fail_at(n, fmt::format("success-exit-code cannot be {}: it is what kbuild's "
                                         "bootloader exits with when it cannot start the kernel; "
                                         "use {} (the kernel writes {:#x} to the debug-exit port)",
                                         code, KBUILD_QEMU_STATUS(KBUILD_EXIT_PASS), KBUILD_EXIT_PASS));
  *out = static_cast<int>(code);
  return true;
}

bool parse_timeout(KeyRead& r, toml::node& n, int* out) {
  int64_t seconds;
  if (!r.toml.int_value(r.key, n, &seconds)) return false;
  if (seconds <= 0 || seconds > std::numeric_limits<int>::max())
    return r.toml.fail_at(n, fmt::format("timeout must be a positive number of seconds, found {}",
                                         seconds));
  *out = static_cast<int>(seconds);
  return true;
}

bool parse_test_firmwares(KeyRead& r, toml::node& n, std::vector<Firmware>* out) {
  std::string name;
  if (!parse_firmware_name(r, n, &name)) return false;
  if (auto list = parse_firmware_list(name)) {
    *out = std::move(*list);
    return true;
  }
  return r.toml.fail_at(n, fmt::format("firmware \"{}\"{} is not known (expected \"bios\", \"uefi\" or \"all\")",
                                       name, in_test_kernel(r)));
}

bool parse_test_expect(KeyRead& r, toml::node& n, TestExpectation* out) {
  std::string text;
  if (!r.toml.string_value(r.key, n, &text)) return false;
  if (std::optional<TestExpectation> expect = parse_test_expectation(text)) {
    *out = *expect;
    return true;
  }
  return r.toml.fail_at(n, fmt::format("expect \"{}\"{} is not known (expected \"pass\", \"panic\", \"fault\", "
                                       "\"timeout\" or \"exit:N\" with N from 0 to 255)",
                                       text, in_test_kernel(r)));
}

bool parse_smp(KeyRead& r, toml::node& n, int* out) {
  int64_t cpus;
  if (!r.toml.int_value(r.key, n, &cpus)) return false;
  if (cpus < 1 || cpus > kMaxSmpCpus)
    return r.toml.fail_at(n, fmt::format("smp{} must be a number of CPUs from 1 to {}, found {}", in_test_kernel(r),
                                         kMaxSmpCpus, cpus));
  *out = static_cast<int>(cpus);
  return true;
}

bool parse_expect_screen(KeyRead& r, toml::node& n, std::string* out) {
  if (!r.toml.string_value(r.key, n, out)) return false;
  fs::path path(*out);
  bool inside = !path.empty() && path.is_relative() &&
                path_inside(r.config.root, (r.config.root / path).lexically_normal());
  if (inside && !path.filename().empty()) return true;
  std::string name = r.test_kernel ? r.test_kernel->name : "NAME";
  return r.toml.fail_at(n, fmt::format("expect-screen \"{}\"{} must be a file path relative to the project "
                                       "directory, as in \"tests/{}.screen.txt\"",
                                       *out, in_test_kernel(r), name));
}

bool parse_test_kernel_sources(KeyRead& r, toml::node& n, std::vector<std::string>* out) {
  if (!parse_test_globs(r, n, out)) return false;
  if (out->empty())
    return r.toml.fail_at(n, fmt::format("'sources'{} must list file names or globs, as in "
                                         "[\"tests/support/*.cpp\"]",
                                         in_test_kernel(r)));
  return true;
}

bool read_section(KeyRead& r, toml::node& n) {
  std::string name(r.key);
  toml::table* table;
  return r.toml.table_value(name, n, &table) && read_table_keys(r, *table, name, "[" + name + "]");
}

bool parse_c_standard(KeyRead& r, toml::node& n, std::string* out) {
  if (!r.toml.string_value(r.key, n, out)) return false;
  std::string message = check_c_standard(*out);
  return message.empty() || r.toml.fail_at(n, message);
}

bool read_test_section(KeyRead& r, toml::node& n) {
  toml::table* table;
  if (!r.toml.table_value("test", n, &table)) return false;
  // [test.NAME] tables: one test kernel's settings (config/test_kernels.h) by the "test.*" rows,
  // read before [test]'s own keys.
  std::vector<std::string> kernel_tables;
  for (auto [key, node] : in_file_order(*table)) {
    if (!node->is_table()) continue;
    TestKernelSettings settings;
    settings.name = key->str();
    r.test_kernel = &settings;
    bool ok = read_table_keys(r, *node->as_table(), "test.*", test_table_name(settings.name));
    r.test_kernel = nullptr;
    if (!ok) return false;
    r.config.test.kernels.push_back(std::move(settings));
    kernel_tables.emplace_back(key->str());
  }
  for (const std::string& name : kernel_tables) table->erase(name);
  return read_table_keys(r, *table, "test", "[test]");
}

bool read_kernel_section(KeyRead& r, toml::node& n) {
  if (!read_section(r, n)) return false;
  if (r.config.name.pos.line == 0)
    return r.toml.fail(to_pos(n.source()), "missing required key 'name' in [kernel]");
  return true;
}

bool read_framebuffer_section(KeyRead& r, toml::node& n) {
  toml::table* table;
  if (!r.toml.table_value("framebuffer", n, &table)) return false;
  if (!read_table_keys(r, *table, "bootloader.framebuffer", "[bootloader.framebuffer]"))
    return false;
  // 0 is no dimension a key may set, so it says "not given".
  const FramebufferConfig& fb = r.config.bootloader.framebuffer;
  if (fb.width == 0 || fb.height == 0)
    return r.toml.fail(to_pos(table->source()),
                       fmt::format("missing required key '{}' in [bootloader.framebuffer]",
                                   fb.width == 0 ? "width" : "height"));
  return true;
}

bool read_profile_sections(KeyRead& r, toml::node& n) {
  toml::table* profiles;
  if (!r.toml.table_value("profile", n, &profiles)) return false;
  for (auto [key, node] : in_file_order(*profiles)) {
    std::string name(key->str());
    if (!node->is_table())
      return r.toml.fail_at(*node, fmt::format("'profile.{}' must be a table ([profile.{}]), found {}",
                                               name, name, type_name(*node)));
    if (name.size() > kMaxKernelNameLength)
      return r.toml.fail(to_pos(key->source()),
                         fmt::format("profile name is {} characters long; it may have at most {}",
                                     name.size(), kMaxKernelNameLength));
    if (!is_valid_kernel_name(name))
      return r.toml.fail(to_pos(key->source()),
                         fmt::format("profile name '{}' is not valid (use letters, digits, '_' "
                                     "and '-', starting with a letter or '_')",
                                     name));
    r.profile_name = name;
    r.profile = &r.profile_inputs[name];
    r.profile->pos = to_pos(node->source());
    if (!read_table_keys(r, *node->as_table(), "profile.*", "[profile." + name + "]")) return false;
  }
  r.profile = nullptr;
  return true;
}

}  // namespace kbuild
