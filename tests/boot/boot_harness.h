// Shared by the boot tests: build a test kernel (tests/boot/kernels) with clang++ and ld.lld
// using kbuild's freestanding flags, write its image with write_image, boot it in QEMU.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <kbuild/exit_codes.h>

#include "boot_manifest.h"
#include "image/image_writer.h"

namespace kbuild::boot_test {

// QEMU exit statuses of the test kernels ((value << 1) | 1, see kernels/test_kernel.h).
inline constexpr int kPass = KBUILD_QEMU_STATUS(KBUILD_EXIT_PASS);
inline constexpr int kFail = KBUILD_QEMU_STATUS(KBUILD_EXIT_FAIL);
inline constexpr int kFaultCaught = 37;

struct KernelSpec {
  std::string name;           // also the build directory's name; unique per variant
  std::string source;         // file in tests/boot/kernels
  std::string linker_script;  // file in tests/boot/kernels
  std::vector<std::string> defines;
};

// The plain higher-half test kernel most tests boot (kernels/basic.cpp, kernels/higher_half.ld).
inline const KernelSpec kBasicKernel = {"basic_higher_half", "basic.cpp", "higher_half.ld", {}};

// The flags the test kernels are compiled with: kbuild's own target flags (kernel_target_flags,
// as `kbuild build` compiles kernels), then the standard (C11 or C++20), -O2 and -Wall.
bool test_kernel_compile_flags(bool c, std::vector<std::string>* out, std::string* err);

// Compiles and links into <work>/<name>/kernel.elf (once per test).
bool build_kernel(const KernelSpec& spec, std::filesystem::path* elf, std::string* err);

// build_kernel + write_image into <work>/<name>/<image_name>.
bool build_image(const KernelSpec& spec, const ImageOptions& options, const std::string& image_name,
                 std::filesystem::path* image, std::string* err);

// A UEFI-bootable disk for the kernel: kbuild's hybrid image (GPT, an EFI system partition
// holding EFI/BOOT/BOOTX64.EFI, KBUILD/MANIFEST.BIN and KBUILD/KERNEL.ELF, and the BIOS stages),
// as build_image writes it with `options.boot` set to hybrid.
bool build_uefi_disk(const KernelSpec& spec, const ImageOptions& options,
                     const std::string& disk_name, std::filesystem::path* disk, std::string* err);

enum class Firmware {
  bios,  // SeaBIOS, QEMU's default: `image` is a raw disk image
  uefi,  // OVMF (-bios /usr/share/ovmf/OVMF.fd): `image` is a raw disk with an ESP
};

struct BootResult {
  bool started = false;
  int exit_code = -1;
  bool timed_out = false;
  std::string serial;  // COM1 output (QEMU's stdout)
  std::string qemu_err;
  double seconds = 0;
};

struct BootOptions {
  BootOptions() = default;
  explicit BootOptions(std::string mem, int timeout = 30)
      : memory(std::move(mem)), timeout_seconds(timeout) {}

  std::string memory = "128M";
  Firmware firmware = Firmware::bios;
  bool vga = false;  // -vga std (VBE); otherwise no display device at all
  int timeout_seconds = 30;
  std::vector<std::string> extra_args;  // appended to QEMU's command line
};

BootResult boot(const std::filesystem::path& image, const BootOptions& options = {});

// Boot options for OVMF.
BootOptions uefi_options(std::string memory = "128M", int timeout = 60);

// The "MAP base length type" lines kernels/basic.cpp prints.
struct MapEntry {
  uint64_t base, length;
  uint32_t type;
};
std::vector<MapEntry> parse_memory_map(const std::string& serial);

// basic.cpp's memory map under UEFI adds up to `ram`: usable + kbuild-owned + what the firmware
// keeps (runtime services, ACPI) is the RAM less at most `slack` (the legacy hole below 1 MiB
// and OVMF's reserved pages), and runtime-services memory is marked EFI_RUNTIME.
void expect_uefi_map_adds_up(const std::string& serial, uint64_t ram, uint64_t slack);

// Overwrites bytes of a written image (to break it on purpose).
void patch_image(const std::filesystem::path& image, uint64_t offset, const void* bytes, size_t n);

// The basic kernel's image with the packed kernel's ELF magic overwritten: the loader must refuse
// it with "kbuild boot: bad kernel: no ELF magic at LBA 2048".
bool build_corrupt_kernel_image(const std::string& image_name, std::filesystem::path* image, std::string* err);

// Build products of the running test: <a ScratchDir of this process>/<Suite.Test> (kept for a look
// after a failure).
std::filesystem::path work_dir();

// Runs a tool (clang, ld.lld, mtools...) to completion; false with its output if it fails.
bool run_tool(const std::vector<std::string>& argv, std::string* err);

// Writes `size` pseudo-random bytes; returns tk::checksum of them (kernels/test_kernel.h).
uint64_t write_random_file(const std::filesystem::path& path, uint64_t size, uint64_t seed);

}  // namespace kbuild::boot_test
