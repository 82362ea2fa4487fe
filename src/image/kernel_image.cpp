#include "image/kernel_image.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "build/hash.h"
#include "build/target.h"
#include "core/fs.h"
#include "image/bootloader_blob.h"
#include "image/elf_validate.h"
#include "image/multiboot_kernel.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

int64_t mtime_ns(const struct stat& st) { return st.st_mtim.tv_sec * 1000000000ll + st.st_mtim.tv_nsec; }

// A file's identity as the stamp records it; "missing" when it cannot be read (the image is
// then rewritten, and that reports the error).
std::string file_identity(const fs::path& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return "missing";
  return fmt::format("{} {} {} {}", st.st_dev, st.st_ino, st.st_size,
                     mtime_ns(st));
}

std::string modules_stamp(const ImageOptions& o) {
  std::string lines;
  for (const ImageModule& m : o.modules)
    lines += fmt::format("\nmodule {} {} {} {}{}", file_identity(m.path), m.path.string().size(),
                         m.cmdline.size(), m.path.string(), m.cmdline);
  return lines;
}

// What the image depends on: the ELF's identity, the options, the bootloader, then one line per
// module (its file's identity, its path and its cmdline).
// The loaders an image for `arch` carries, hashed once per process (this runs on every up-to-date
// check): a kbuild with other loaders rewrites the images an older one wrote.
uint64_t loaders_hash(Arch arch) {
  auto of = [](std::initializer_list<std::span<const uint8_t>> parts) {
    uint64_t h = 0;
    for (std::span<const uint8_t> p : parts)
      h = hash_bytes({reinterpret_cast<const char*>(p.data()), p.size()}, h);
    return h;
  };
  static const uint64_t x86_64 = of({bootloader_stage1(), bootloader_stage2(), bootloader_uefi_x64()});
  static const uint64_t aarch64 = of({bootloader_aarch64_direct(), bootloader_uefi_aa64()});
  static const uint64_t riscv64 = of({bootloader_riscv64_direct(), bootloader_uefi_riscv64()});
  switch (arch) {
    case Arch::aarch64: return aarch64;
    case Arch::riscv64: return riscv64;
    case Arch::x86_64: break;
  }
  return x86_64;
}

std::string image_stamp(const struct stat& elf, const ImageOptions& o) {
  uint64_t blob_hash = loaders_hash(o.arch);
  return fmt::format("kbuild-image 3 elf {} {} {} {} options {} {} {} {} {:x} {} {} {} {} {} boot {:x}\n", elf.st_dev,
                     elf.st_ino, elf.st_size, mtime_ns(elf),
                     static_cast<int>(o.arch), static_cast<int>(o.boot), o.mbr_boot_flag, o.stack_size, o.physical_memory_offset,
                     o.framebuffer_width, o.framebuffer_height, o.framebuffer_bpp, static_cast<int>(o.protocol),
                     o.cmdline.size(), blob_hash) +
         o.cmdline + modules_stamp(o);
}

// The direct loader for `arch`; empty for x86_64, which boots through firmware.
std::span<const uint8_t> direct_loader(Arch arch) {
  switch (arch) {
    case Arch::aarch64: return bootloader_aarch64_direct();
    case Arch::riscv64: return bootloader_riscv64_direct();
    case Arch::x86_64: break;
  }
  return {};
}

// Whether <image>.loader still holds what the last write left, by stat alone: it is the loader's
// size and changed no later than the stamp, which is written after it.
bool direct_loader_current(const ImageOptions& o, const fs::path& image, const fs::path& stamp_path) {
  struct stat loader, stamp;
  if (::stat(direct_loader_path(image).c_str(), &loader) != 0 || ::stat(stamp_path.c_str(), &stamp) != 0)
    return false;
  return S_ISREG(loader.st_mode) && static_cast<uint64_t>(loader.st_size) == direct_loader(o.arch).size() &&
         mtime_ns(loader) <= mtime_ns(stamp);
}

bool write_direct_loader(const ImageOptions& o, const fs::path& image, std::string* err) {
  if (!direct_boot_arch(o.arch)) return true;
  std::span<const uint8_t> loader = direct_loader(o.arch);
  if (loader.empty()) {
    *err = fmt::format("cannot write {}: this kbuild has no direct loader for the architecture",
                       direct_loader_path(image).string());
    return false;
  }
  return write_file_if_changed(direct_loader_path(image),
                               std::string_view(reinterpret_cast<const char*>(loader.data()), loader.size()), err);
}

}  // namespace

bool kernel_elf_arch(const fs::path& elf, Arch* out) {
  MappedFile mapped;  // read as make_kernel_image reads it; only the header's page is touched
  std::string ignored;
  return mapped.open(elf, &ignored) && elf_file_arch(mapped.bytes(), out);
}

fs::path direct_loader_path(const fs::path& image) { return fs::path(image.string() + ".loader"); }

ImageOptions image_options(const Config& config) {
  const BootloaderConfig& b = config.bootloader;
  ImageOptions o;
  o.arch = config.arch.value;
  o.boot = config.boot.value;
  o.mbr_boot_flag = config.mbr_boot_flag;
  o.stack_size = b.stack_size;
  o.physical_memory_offset = physical_memory_offset(config);
  o.framebuffer_width = b.framebuffer.width;
  o.framebuffer_height = b.framebuffer.height;
  o.framebuffer_bpp = b.framebuffer.bpp;
  o.cmdline = b.cmdline;
  o.protocol = b.protocol;
  for (const ModuleConfig& m : b.modules) o.modules.push_back({config.root / m.path.value, m.cmdline});
  return o;
}

std::string describe_image(const ImageResult& result, BootMode boot) {
  return fmt::format("{}, {} KiB of kernel; boots on {}", describe_protocol(result.protocol),
                     (result.kernel_bytes + 1023) / 1024,
                     !result.direct ? boot_mode_firmware(boot)
                     : efi_loader(result.arch).path ? "QEMU virt (direct) and UEFI"
                                                    : "QEMU virt (direct)");
}

bool make_kernel_image(const fs::path& elf, const ImageOptions& options, const fs::path& out,
                       const fs::path& stamp_path, ImageResult* result, std::string* err) {
  *result = ImageResult{};
  result->direct = direct_boot_arch(options.arch);
  result->arch = options.arch;
  // Checked before any work: a symlink is written through, a device never replaced.
  fs::path target;
  if (!resolve_output_path(out, &target, err)) {
    struct stat dev;
    if (::stat(out.c_str(), &dev) == 0 && (S_ISBLK(dev.st_mode) || S_ISCHR(dev.st_mode)))
      *err += fmt::format("; kbuild writes image files: to put one on a disk, write it to a file and "
                          "copy that with `dd if=IMG of={} bs=1M`",
                          out.string());
    return false;
  }
  struct stat st;
  if (::stat(elf.c_str(), &st) != 0) {
    *err = fmt::format("cannot read {}: {}", elf.string(), std::strerror(errno));
    return false;
  }
  std::string stamp = image_stamp(st, options), old_stamp, ignored;
  std::error_code ec;
  if (!stamp_path.empty() && fs::exists(target, ec) && read_regular_file(stamp_path, stamp.size(), &old_stamp, &ignored) &&
      old_stamp == stamp) {
    result->kernel_bytes = static_cast<uint64_t>(st.st_size);
    if (!direct_boot_arch(options.arch) || direct_loader_current(options, out, stamp_path)) return true;
    // Only the loader file went or changed: written again, and the stamp made later than it.
    if (!write_direct_loader(options, out, err)) return false;
    ::utimensat(AT_FDCWD, stamp_path.c_str(), nullptr, 0);
    return true;
  }

  MappedFile mapped;  // a 64 MiB kernel is neither copied nor zero-filled on its way in
  if (!mapped.open(elf, err)) return false;
  std::span<const uint8_t> bytes = mapped.bytes();
  ProtocolInfo protocol;
  if (!detect_boot_protocol(bytes, options.protocol, &protocol, err)) {
    *err = fmt::format("{}: {}", elf.string(), *err);
    return false;
  }
  ImageOptions detected = options;
  detected.detected = protocol;
  result->protocol = protocol;
  KernelElf kernel;
  // Multiboot kernels (often ELF32) are checked by their own packing (multiboot_kernel.h).
  bool multiboot = protocol.protocol == BootProtocol::multiboot2 || protocol.protocol == BootProtocol::multiboot1;
  MultibootRequest request;
  PackedKernel packed;
  bool valid = multiboot ? read_multiboot_header(bytes, protocol, &request, err) &&
                               pack_multiboot_kernel(bytes, protocol, request, &packed, err)
                         : validate_kernel_elf(bytes, &kernel, err, options.arch);
  if (!valid) {
    *err = fmt::format("{}: {}", elf.string(), *err);
    return false;
  }
  if (!stamp_path.empty()) fs::remove(stamp_path, ec);  // the image changes: never trust an old stamp
  if (!write_image(detected, bytes, target, err, mapped.fd())) return false;
  if (!write_direct_loader(options, out, err)) return false;
  if (!stamp_path.empty() && !write_file_if_changed(stamp_path, stamp, err)) return false;
  result->written = true;
  result->kernel_bytes = bytes.size();
  return true;
}

}  // namespace kbuild
