#include "files.h"

#include <kbuild/boot.h>

#include "boot_manifest.h"

#include "console.h"
#include "efi.h"
#include "firmware.h"
#include "allocator.h"
#include "lib.h"
#include "platform.h"

namespace uefi {
namespace {

// The ESP's file names, as the image writer lays them out (boot_manifest.h).
#define KBUILD_WIDE_(text) u"" text
constexpr const char* kManifestName = KBUILD_ESP_MANIFEST_PATH;
constexpr const efi::Char16* kManifestPath = KBUILD_WIDE_(KBUILD_ESP_MANIFEST_PATH);
constexpr const char* kKernelName = KBUILD_ESP_KERNEL_PATH;
constexpr const efi::Char16* kKernelPath = KBUILD_WIDE_(KBUILD_ESP_KERNEL_PATH);
constexpr uint64_t kReadChunk = 16 * kMiB;  // bytes per File.Read call

efi::File* root = nullptr;

[[noreturn]] void file_error(const char* name, const char* what, efi::Status status) {
  Message()
      .str(what)
      .str(" ")
      .str(name)
      .str(" on the boot device: ")
      .str(status_name(status))
      .fail();
}

}  // namespace

efi::File* open(const efi::Char16* path, const char* name) {
  efi::File* file = nullptr;
  efi::Status status = root->open(root, &file, path, efi::kFileModeRead, 0);
  if (status != efi::kSuccess) file_error(name, "cannot open", status);
  return file;
}

uint64_t file_size(efi::File* file, const char* name) {
  uint64_t size = 0;
  efi::Status status = file->set_position(file, efi::kFilePositionEnd);
  if (status == efi::kSuccess) status = file->get_position(file, &size);
  if (status == efi::kSuccess) status = file->set_position(file, 0);
  if (status != efi::kSuccess) file_error(name, "cannot find the size of", status);
  return size;
}

// Reads `size` bytes from `offset` in the file to physical `dest`.
void read_range(efi::File* file, const char* name, uint64_t offset, uint64_t dest, uint64_t size) {
  efi::Status status = file->set_position(file, offset);
  if (status != efi::kSuccess) file_error(name, "cannot read", status);
  uint64_t done = 0;
  while (done < size) {
    uint64_t n = size - done < kReadChunk ? size - done : kReadChunk;
    status = file->read(file, &n, phys_ptr<void>(dest + done));
    if (status != efi::kSuccess) file_error(name, "cannot read", status);
    if (n == 0) {
      Message()
          .str("cannot read ")
          .str(name)
          .str(": it ends after ")
          .dec(offset + done)
          .str(" bytes")
          .fail();
    }
    done += n;
  }
}

void read_all(efi::File* file, const char* name, uint64_t dest, uint64_t size) {
  read_range(file, name, 0, dest, size);
}

namespace {

// "\KBUILD\MODULE<index>.BIN", in both widths.
struct ModulePath {
  char name[32];
  efi::Char16 wide[32];
  explicit ModulePath(uint32_t index) {
    kbuild_text::Text text(name, sizeof(name));
    text.str(KBUILD_ESP_MODULE_PREFIX).dec(index).str(".BIN");
    int i = 0;
    for (; name[i] != 0; ++i) wide[i] = static_cast<efi::Char16>(name[i]);
    wide[i] = 0;
  }
};

}  // namespace

void open_boot_volume() {
  efi::LoadedImage* loaded = nullptr;
  check(boot()->handle_protocol(image(), &efi::kLoadedImageProtocol,
                                reinterpret_cast<void**>(&loaded)),
        "cannot find the loader's own image (EFI_LOADED_IMAGE_PROTOCOL)");
  uint64_t base = reinterpret_cast<uint64_t>(loaded->image_base);
  record(align_down(base, kPageSize), align_up(base + loaded->image_size, kPageSize),
         KBUILD_MEMORY_BOOTLOADER);
  efi::SimpleFileSystem* fs = nullptr;
  check(boot()->handle_protocol(loaded->device_handle, &efi::kSimpleFileSystemProtocol,
                                reinterpret_cast<void**>(&fs)),
        "the boot device has no file system the firmware can read");
  check(fs->open_volume(fs, &root), "cannot open the boot device's file system");
}

void read_manifest(kbuild_boot_manifest* manifest) {
  efi::File* file = open(kManifestPath, kManifestName);
  uint64_t size = file_size(file, kManifestName);
  if (size != sizeof(*manifest)) {
    Message()
        .str(kManifestName)
        .str(" is ")
        .dec(size)
        .str(" bytes, not ")
        .dec(sizeof(*manifest))
        .fail();
  }
  read_all(file, kManifestName, reinterpret_cast<uint64_t>(manifest), sizeof(*manifest));
  file->close(file);
}

efi::File* open_kernel(uint64_t* size) {
  efi::File* file = open(kKernelPath, kKernelName);
  *size = file_size(file, kKernelName);
  return file;
}

}  // namespace uefi

void platform_read_module_table(const kbuild_boot_manifest& manifest, kbuild_module_entry* table) {
  using namespace uefi;
  constexpr const char* kName = KBUILD_ESP_MODULE_TABLE_PATH;
  efi::File* file = open(KBUILD_WIDE_(KBUILD_ESP_MODULE_TABLE_PATH), kName);
  uint64_t bytes = manifest.module_count * sizeof(kbuild_module_entry);
  if (file_size(file, kName) != bytes) {
    Message().str(kName).str(" is not ").dec(manifest.module_count).str(" entries long").fail();
  }
  read_all(file, kName, reinterpret_cast<uint64_t>(table), bytes);
  file->close(file);
}

void platform_read_module(uint32_t index, const kbuild_module_entry& entry, uint64_t dest) {
  using namespace uefi;
  ModulePath path(index);
  efi::File* file = open(path.wide, path.name);
  if (file_size(file, path.name) != entry.size) {
    Message().str(path.name).str(" is not the ").dec(entry.size).str(" bytes its table entry says").fail();
  }
  read_all(file, path.name, dest, entry.size);
  file->close(file);
}
