// kernel.toml as a plain struct: what `read_config` fills in. Every default is here, as the
// initial value of its field (a default-constructed Config is kbuild's defaults); the default
// that depends on the project, [kernel] entry, is derived in read_config, and the one that
// depends on the architecture, [bootloader] physical-memory-offset, is left unset (see
// physical_memory_offset() in build/target.h). Values that
// later checks may reject keep the place they came from, so an error can point at
// kernel.toml:LINE:COL.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <kbuild/exit_codes.h>

#include "config/arch.h"
#include "config/test_kernels.h"

namespace kbuild {

// A place in a file, 1-based. line == 0 means "not from the file" (a default).
struct SourcePos {
  int line = 0;
  int column = 0;
};

template <class T>
struct Located {
  T value{};
  SourcePos pos;
};

enum class BootMode { bios, uefi, hybrid };
enum class Firmware { bios, uefi };  // what QEMU boots with: SeaBIOS or OVMF (src/qemu/firmware.h)

// "bios" or "uefi"; nullopt for anything else.
std::optional<Firmware> parse_firmware(std::string_view name);
const char* firmware_name(Firmware firmware);
// A list of firmwares to boot tests on, as --firmware and [test] firmware write it: "bios",
// "uefi" or "all" (both, BIOS first); nullopt for anything else.
std::optional<std::vector<Firmware>> parse_firmware_list(std::string_view name);
// The same word back: "all" for both.
std::string firmware_list_name(const std::vector<Firmware>& firmwares);

// [bootloader] protocol: how the loader hands over to the kernel. `automatic` looks at the
// kernel (image/boot_protocol.h); the others insist on one.
enum class BootProtocol { automatic, kbuild, limine, multiboot2, multiboot1 };

// "auto", "kbuild", "limine", "multiboot2" or "multiboot1"; nullopt for anything else.
std::optional<BootProtocol> parse_boot_protocol(std::string_view name);
const char* boot_protocol_key(BootProtocol protocol);  // the kernel.toml spelling

enum class Accel { automatic, kvm, tcg };  // [run] accel: how QEMU runs the guest (src/qemu/accel.h)
// "auto", "kvm" or "tcg"; nullopt for anything else.
std::optional<Accel> parse_accel(std::string_view name);
const char* accel_name(Accel accel);

struct Profile {
  std::string name;        // "dev", "release" or a user-defined profile
  std::string opt_level;   // "0", "1", "2", "3", "s", "z", "g"
  bool debug = true;       // -g
  std::vector<std::string> defines;
  std::vector<std::string> flags;     // added to every compile
  std::vector<std::string> ldflags;   // added to the link
  std::vector<std::string> cflags;    // added to C compiles
  std::vector<std::string> cxxflags;  // added to C++ compiles
};

struct FramebufferConfig {
  uint32_t width = 0;   // 0: no framebuffer, 80x25 VGA text mode
  uint32_t height = 0;
  uint32_t bpp = 32;
};

// One entry of [bootloader] modules: a file the loader reads into memory beside the kernel.
struct ModuleConfig {
  Located<std::string> path;  // relative to the project root, a readable file
  std::string cmdline;        // at most 175 bytes
};

struct BootloaderConfig {
  uint64_t stack_size = 128 * 1024;                      // [bootloader] stack-size
  // [bootloader] physical-memory-offset as kernel.toml wrote it; unset: the architecture's default
  // (physical_memory_offset() in build/target.h decides it).
  std::optional<uint64_t> physical_memory_offset;
  FramebufferConfig framebuffer;                        // [bootloader] framebuffer = { ... }
  std::string cmdline;                                  // [bootloader] cmdline
  BootProtocol protocol = BootProtocol::automatic;      // [bootloader] protocol
  std::vector<ModuleConfig> modules;                    // [bootloader] modules = [{ ... }]
};

struct RunConfig {
  std::vector<std::string> command;  // [run] command; "{}" stands for the image path
  std::vector<std::string> args;     // [run] args: extra QEMU arguments for `kbuild run`
  std::string memory = "256M";       // [run] memory
  bool memory_set = false;           // kernel.toml wrote [run] memory (see parse_run_memory)
  bool no_reboot = true;             // [run] no-reboot
  Firmware firmware = Firmware::bios;  // [run] firmware
  Accel accel = Accel::automatic;      // [run] accel
};

struct TestConfig {
  int success_exit_code = KBUILD_QEMU_STATUS(KBUILD_EXIT_PASS);  // [test] success-exit-code: 33
  int timeout_seconds = 300;         // [test] timeout
  std::vector<std::string> args;     // [test] args: extra QEMU arguments for test runs
  bool no_reboot = true;             // [test] no-reboot
  std::vector<Firmware> firmwares = {Firmware::bios};  // [test] firmware: "bios", "uefi" or "all"
  std::vector<std::string> sources = {"tests/*.cpp"};  // [test] sources: globs of test kernels
  std::vector<TestKernelSettings> kernels;  // [test.NAME] tables (config/test_kernels.h)
};

struct Config {
  std::filesystem::path manifest_path;  // absolute path of kernel.toml
  std::filesystem::path root;           // its directory; relative paths are relative to it

  // [kernel]
  Located<std::string> name;
  std::string version = "0.1.0";
  std::string cxx_standard = "c++20";
  std::string c_standard = "gnu17";  // C17 with the GNU extensions kernel C needs (asm, typeof)
  std::vector<Located<std::string>> sources = {  // globs, relative to root
      {"src/**/*.cpp", {}}, {"src/**/*.c", {}}, {"src/**/*.S", {}}};
  std::vector<Located<std::string>> include_dirs;  // relative to root
  std::vector<std::string> defines;                // "NAME" or "NAME=VALUE"
  std::vector<std::string> flags;                  // every compile (C, C++, assembly)
  std::vector<std::string> cflags;                 // C compiles only
  std::vector<std::string> cxxflags;               // C++ compiles only
  std::vector<std::string> ldflags;                // the link
  std::optional<Located<std::string>> linker_script;  // none: kbuild's default script
  std::vector<std::string> compiler_launcher;      // e.g. {"ccache"}; env KBUILD_COMPILER_LAUNCHER
  // [kernel] entry: the source with kernel_main, left out of test kernels; src/main.cpp when
  // the file sets none and it exists.
  std::string entry_file;

  // [target]
  Located<Arch> arch{Arch::x86_64, {}};
  Located<BootMode> boot{BootMode::hybrid, {}};
  bool mbr_boot_flag = false;  // mark the protective MBR's record active (hybrid, uefi)

  // [profile.NAME]; "dev" and "release" always exist.
  std::map<std::string, Profile> profiles = {
      {"dev", Profile{"dev", "g", true, {}, {}, {}, {}, {}}},
      {"release", Profile{"release", "2", false, {}, {}, {}, {}, {}}},
  };

  BootloaderConfig bootloader;
  RunConfig run;
  TestConfig test;
};

}  // namespace kbuild
