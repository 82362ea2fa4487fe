// Writing a bootable disk image: kbuild's bootloaders, the boot manifest and the packed kernel,
// laid out for the boot mode as image/disk_layout.h shows, padded (sparse) to a whole MiB.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "config/config.h"
#include "image/boot_protocol.h"

namespace kbuild {

// A file the loader reads into memory beside the kernel ([bootloader] modules).
struct ImageModule {
  std::filesystem::path path;  // the kernel sees its file name
  std::string cmdline;         // at most 175 bytes
};

struct ImageOptions {
  // x86_64 images boot through firmware; the others boot directly on QEMU virt: the "uefi" disk
  // with the manifest also at LBA 34, read by the architecture's loader from RAM.
  Arch arch = Arch::x86_64;
  // kernel.toml's default is hybrid (config.h); written by hand, an image is the plain BIOS
  // layout unless asked, whose kernel is at the fixed KBUILD_KERNEL_MIN_LBA.
  BootMode boot = BootMode::bios;
  bool mbr_boot_flag = false;  // hybrid and uefi: mark the protective MBR record active (0x80)
  uint64_t stack_size = 128 * 1024;                      // multiple of 4096, >= 64 KiB
  uint64_t physical_memory_offset = 0xffff800000000000;  // 2 MiB aligned; 0 or >= 512 GiB
  uint32_t framebuffer_width = 0;                        // 0: VGA text mode
  uint32_t framebuffer_height = 0;
  uint32_t framebuffer_bpp = 32;
  std::string cmdline;  // at most 399 bytes
  std::vector<ImageModule> modules;  // at most 16
  BootProtocol protocol = BootProtocol::automatic;  // [bootloader] protocol
  // What detect_boot_protocol found for this kernel, when the caller already looked; otherwise
  // write_image looks itself. Recorded in the manifest.
  std::optional<ProtocolInfo> detected;
};

// False, with why, when a module's file name or command line does not fit the module table.
bool module_fields_ok(const ImageModule& module, std::string* err);

// "BIOS", "UEFI" or "BIOS and UEFI": what firmware an image of this mode boots on.
const char* boot_mode_firmware(BootMode boot);

// Whether images for `arch` are booted by kbuild's direct loader (every arch but x86_64).
inline bool direct_boot_arch(Arch arch) { return arch != Arch::x86_64; }

// kbuild's EFI loader for `arch` and its path in the ESP (the firmware's default for the
// architecture); both empty for riscv64, which has none.
struct EfiLoader {
  std::span<const uint8_t> bytes;
  const char* path = nullptr;
};
EfiLoader efi_loader(Arch arch);

// `kernel_elf` has been validated (elf_validate.h). Writes `out` atomically: on failure an
// existing file there is left as it was.
// With `kernel_fd` (the open ELF file holding those bytes), segment bytes are copied inside the
// kernel (copy_file_range) instead of through this process.
bool write_image(const ImageOptions& opts, std::span<const uint8_t> kernel_elf,
                 const std::filesystem::path& out, std::string* err, int kernel_fd = -1);

}  // namespace kbuild
