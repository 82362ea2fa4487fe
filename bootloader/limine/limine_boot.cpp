#include "limine_boot.h"

#include "console.h"
#include "cpu.h"
#include "lib.h"
#include "limine_address_space.h"
#include "limine_protocol.h"
#include "limine_requests.h"
#include "paging.h"
#include "platform.h"

#define KBUILD_STRINGIFY_(x) #x
#define KBUILD_STRINGIFY(x) KBUILD_STRINGIFY_(x)

namespace {

constexpr uint64_t kMinStackSize = 64 * 1024;
// Room in the response block beside the memory map: responses, the GDT, strings, the cmdline.
constexpr uint64_t kFixedBytes = 2 * kPageSize;
constexpr uint64_t kMapEntrySlots = 4;  // the framebuffer and page zero, with room to spare
// Each module's File, its pointer, its path and cmdline, and their alignment.
constexpr uint64_t kModuleBytes = sizeof(limine::File) + 8 + 1 + KBUILD_MODULE_NAME_MAX +
                                  KBUILD_MODULE_CMDLINE_MAX + 4 * 16;

const char kLoaderName[] = "kbuild";
const char kLoaderVersion[] = KBUILD_STRINGIFY(KBUILD_LOADER_VERSION);
const char kExecutablePath[] = "/KBUILD/KERNEL.ELF";

// Null, 16-bit code and data, 32-bit code and data, 64-bit code and data.
const uint64_t kLimineGdt[] = {0,
                               0x00009a000000ffffULL,
                               0x000092000000ffffULL,
                               0x00cf9a000000ffffULL,
                               0x00cf92000000ffffULL,
                               0x00af9a000000ffffULL,
                               0x00cf92000000ffffULL};
static_assert(sizeof(kLimineGdt) / 8 == limine::kDataSelector64 / 8 + 1, "the selectors index it");

struct GdtDescriptor {
  uint16_t limit;
  uint64_t base;
} __attribute__((packed));

// Bump allocation in the response block; hands out physical pointers and HHDM addresses.
class Block {
 public:
  Block(uint64_t phys, uint64_t size, uint64_t hhdm) : phys_(phys), size_(size), hhdm_(hhdm) {
    memset(phys_ptr<void>(phys), 0, size);
  }
  template <class T>
  T* take(uint64_t count = 1) {
    used_ = align_up(used_, 16);
    uint64_t bytes = sizeof(T) * count;
    if (used_ + bytes > size_) fail("the Limine responses outgrew their block");
    T* p = phys_ptr<T>(phys_ + used_);
    used_ += bytes;
    return p;
  }
  uint64_t virt(const void* p) const { return hhdm_ + reinterpret_cast<uint64_t>(p); }
  uint64_t string(const char* text, uint64_t length) {
    char* p = take<char>(length + 1);
    memcpy(p, text, length);
    return virt(p);
  }

 private:
  uint64_t phys_, size_, hhdm_, used_ = 0;
};

uint64_t limine_memory_type(uint32_t kbuild_type) {
  switch (kbuild_type) {
    case KBUILD_MEMORY_USABLE: return limine::kUsable;
    case KBUILD_MEMORY_ACPI_RECLAIMABLE: return limine::kAcpiReclaimable;
    case KBUILD_MEMORY_ACPI_NVS: return limine::kAcpiNvs;
    case KBUILD_MEMORY_BAD: return limine::kBadMemory;
    case KBUILD_MEMORY_KERNEL:
    case KBUILD_MEMORY_MODULE: return limine::kExecutableAndModules;
    case KBUILD_MEMORY_KERNEL_STACK:
    case KBUILD_MEMORY_PAGE_TABLES:
    case KBUILD_MEMORY_BOOTLOADER:
    case KBUILD_MEMORY_BOOT_INFO: return limine::kBootloaderReclaimable;
    default: return limine::kReserved;  // reserved, EFI runtime services, anything unknown
  }
}

template <class R>
void answer(limine::RequestHeader* request, Block* block, R** response) {
  *response = block->take<R>();
  request->response = block->virt(*response);
}

// Each module as a File, its path "/NAME" (the file's name on the host).
void write_modules(limine::RequestHeader* request, Block* block, const Modules& modules, uint64_t hhdm) {
  auto* list = block->take<uint64_t>(modules.count == 0 ? 1 : modules.count);
  for (uint32_t i = 0; i < modules.count; ++i) {
    const kbuild_module_entry& e = modules.entries[i];
    auto* file = block->take<limine::File>();
    file->address = hhdm + modules.address[i];
    file->size = e.size;
    uint64_t name = module_string_length(e.name);
    char* path = block->take<char>(name + 2);
    path[0] = '/';
    memcpy(path + 1, e.name, name);
    file->path = block->virt(path);
    file->cmdline = block->string(e.cmdline, module_string_length(e.cmdline));
    list[i] = block->virt(file);
  }
  limine::ModuleResponse* response;
  answer(request, block, &response);
  *response = {0, modules.count, block->virt(list)};
}

// The memory map in Limine's types, sorted by base: page zero is never usable, and the
// framebuffer gets an entry of its own.
void write_memory_map(limine::RequestHeader* request, Block* block, const MemoryMap& memory,
                      const kbuild_framebuffer& fb) {
  uint64_t capacity = memory.count() + 2;
  auto* entries = block->take<limine::MemoryMapEntry>(capacity);
  auto* pointers = block->take<uint64_t>(capacity);
  uint64_t n = 0;
  uint64_t fb_base = fb.address, fb_length = align_up(uint64_t(fb.pitch) * fb.height, kPageSize);
  bool fb_pending = fb_base != 0;
  for (int i = 0; i < memory.count(); ++i) {
    Region r = memory[i];
    if (fb_pending && fb_base < r.base) {
      entries[n++] = {fb_base, fb_length, limine::kFramebufferMemory};
      fb_pending = false;
    }
    uint64_t type = limine_memory_type(r.type);
    if (r.base == 0 && type != limine::kReserved) {
      entries[n++] = {0, kPageSize, limine::kReserved};
      r.base = kPageSize;
      if (r.base >= r.end) continue;
    }
    entries[n++] = {r.base, r.end - r.base, type};
  }
  if (fb_pending) entries[n++] = {fb_base, fb_length, limine::kFramebufferMemory};
  for (uint64_t i = 0; i < n; ++i) pointers[i] = block->virt(entries + i);
  limine::MemoryMapResponse* response;
  answer(request, block, &response);
  *response = {0, n, block->virt(pointers)};
}

// The firmware's map where the last GetMemoryMap before ExitBootServices put it: a buffer of the
// loader's, which the memory map reports as bootloader-reclaimable.
void write_efi_memory_map(limine::RequestHeader* request, Block* block, const LimineEfiMap& map,
                          uint64_t hhdm) {
  if (map.address == 0 || map.size == 0) return;
  limine::EfiMemoryMapResponse* response;
  answer(request, block, &response);
  *response = {0, hhdm + map.address, map.size, map.descriptor_size, map.descriptor_version};
}

void write_framebuffer(limine::RequestHeader* request, Block* block, const kbuild_framebuffer& fb,
                       uint64_t hhdm) {
  auto* f = block->take<limine::Framebuffer>();
  f->address = hhdm + fb.address;
  f->width = fb.width;
  f->height = fb.height;
  f->pitch = fb.pitch;
  f->bpp = static_cast<uint16_t>(fb.bpp);
  f->memory_model = 1;
  f->red_mask_size = fb.red_size;
  f->red_mask_shift = fb.red_shift;
  f->green_mask_size = fb.green_size;
  f->green_mask_shift = fb.green_shift;
  f->blue_mask_size = fb.blue_size;
  f->blue_mask_shift = fb.blue_shift;
  auto* list = block->take<uint64_t>();
  *list = block->virt(f);
  limine::FramebufferResponse* response;
  answer(request, block, &response);
  *response = {0, 1, block->virt(list)};
}

}  // namespace

LimineHandoff limine_prepare(const kbuild_boot_manifest& manifest, Kernel* kernel,
                             const LiminePlatform& platform) {
  const uint64_t hhdm = limine::kHhdmOffset4Level;
  const uint64_t revision = manifest.protocol_revision;
  LimineHandoff handoff = {};

  // The kernel, contiguous at its link address, and its requests.
  PageTables tables(KBUILD_MEMORY_PAGE_TABLES, platform.nx);
  uint64_t image_size = limine_load_kernel(kernel, &tables);
  LimineRequests requests;
  if (manifest.limine_request_list != 0) {
    limine_list_requests(kernel->physical_base, image_size, kernel->virtual_base, manifest.limine_request_list,
                         &requests);
  } else {
    limine_find_requests(kernel->physical_base, image_size, &requests);
  }
  if (requests.paging_mode != nullptr && requests.paging_mode->header.revision >= 1 &&
      requests.paging_mode->min_mode > limine::kPagingMode4Level) {
    fail("the kernel needs 5-level paging, which kbuild's loader does not set up");
  }

  // The framebuffer before the direct map, which maps it write-combining.
  kbuild_framebuffer fb = {};
  if (requests.framebuffer != nullptr) {
    platform.set_framebuffer(manifest.framebuffer_width, manifest.framebuffer_height,
                             manifest.framebuffer_bpp, &fb);
  }
  uint64_t fb_end = fb.address + uint64_t(fb.pitch) * fb.height;
  uint64_t mapped = limine_map_direct(&tables, hhdm, platform.memory->ram_end(), fb.address, fb_end);
  if (fb.address != 0 && fb_end > mapped) fail("the framebuffer lies beyond the direct map");
  if (revision == 0) limine_map_identity(&tables);

  uint64_t stack_size = manifest.stack_size;
  if (requests.stack_size != nullptr) {
    uint64_t asked = align_up(requests.stack_size->stack_size, kPageSize);
    if (asked > stack_size) stack_size = asked;
  }
  if (stack_size < kMinStackSize) stack_size = kMinStackSize;
  handoff.stack = map_stack(&tables, *kernel, stack_size, hhdm, mapped);
  platform.share_entry_page(handoff.stack, tables.pml4(), mapped);
  limine_mp_prepare(requests.mp, platform.rsdp, stack_size, hhdm, &handoff.mp);

  // The responses last, so the memory map they hold is final.
  uint64_t block_size = kFixedBytes + (platform.final_map_capacity(*platform.memory) +
                                        kMapEntrySlots) *
                                           (sizeof(limine::MemoryMapEntry) + sizeof(uint64_t)) +
                        platform.modules->count * kModuleBytes;
  uint64_t block_phys = platform_allocate(block_size, KBUILD_MEMORY_BOOT_INFO);
  Block block(block_phys, align_up(block_size, kPageSize), hhdm);

  auto* gdt = block.take<uint64_t>(sizeof(kLimineGdt) / 8);
  memcpy(gdt, kLimineGdt, sizeof(kLimineGdt));
  auto* gdtr = block.take<GdtDescriptor>();
  *gdtr = {static_cast<uint16_t>(sizeof(kLimineGdt) - 1), block.virt(gdt)};
  handoff.gdtr = block.virt(gdtr);
  handoff.cr3 = tables.pml4();
  handoff.entry = kernel->entry;

  uint64_t cmdline = block.string(manifest.cmdline, manifest.cmdline_length);
  if (auto* r = requests.bootloader_info) {
    limine::BootloaderInfoResponse* response;
    answer(r, &block, &response);
    *response = {0, block.string(kLoaderName, sizeof(kLoaderName) - 1),
                 block.string(kLoaderVersion, sizeof(kLoaderVersion) - 1)};
  }
  if (auto* r = requests.firmware_type) {
    limine::FirmwareTypeResponse* response;
    answer(r, &block, &response);
    *response = {0, platform.firmware_type};
  }
  if (auto* r = requests.stack_size) {
    limine::RevisionOnlyResponse* response;
    answer(&r->header, &block, &response);
    *response = {0};
  }
  if (auto* r = requests.hhdm) {
    limine::HhdmResponse* response;
    answer(r, &block, &response);
    *response = {0, hhdm};
  }
  if (auto* r = requests.paging_mode) {
    limine::PagingModeResponse* response;
    answer(&r->header, &block, &response);
    *response = {0, limine::kPagingMode4Level};
  }
  if (auto* r = requests.entry_point) {
    handoff.entry = r->entry;
    limine::RevisionOnlyResponse* response;
    answer(&r->header, &block, &response);
    *response = {0};
  }
  if (auto* r = requests.executable_file) {
    auto* file = block.take<limine::File>();
    file->address = hhdm + kernel->file_address;
    file->size = kernel->file_bytes;
    file->path = block.string(kExecutablePath, sizeof(kExecutablePath) - 1);
    file->cmdline = cmdline;
    limine::ExecutableFileResponse* response;
    answer(r, &block, &response);
    *response = {0, block.virt(file)};
  }
  if (auto* r = requests.executable_cmdline) {
    limine::CmdlineResponse* response;
    answer(r, &block, &response);
    *response = {0, cmdline};
  }
  if (auto* r = requests.rsdp; r != nullptr && platform.rsdp != 0) {
    limine::RsdpResponse* response;
    answer(r, &block, &response);
    // Base revision 3 hands over the physical address; the others its direct-map address.
    *response = {0, revision == 3 ? platform.rsdp : hhdm + platform.rsdp};
  }
  if (auto* r = requests.executable_address) {
    limine::ExecutableAddressResponse* response;
    answer(r, &block, &response);
    *response = {0, kernel->physical_base, kernel->virtual_base};
  }
  if (auto* r = requests.boot_time; r != nullptr && platform.has_boot_time) {
    limine::BootTimeResponse* response;
    answer(r, &block, &response);
    *response = {0, platform.boot_time};
  }
  if (auto* r = requests.efi_system_table; r != nullptr && platform.efi_system_table != 0) {
    limine::EfiSystemTableResponse* response;
    answer(r, &block, &response);
    // Physical under base revision 3, as for the RSDP.
    *response = {0, revision == 3 ? platform.efi_system_table : hhdm + platform.efi_system_table};
  }
  if (auto* r = requests.smbios; r != nullptr && (platform.smbios32 != 0 || platform.smbios64 != 0)) {
    limine::SmbiosResponse* response;
    answer(r, &block, &response);
    // Physical under base revision 3, as for the RSDP; 0 stays 0.
    auto address = [&](uint64_t phys) { return phys == 0 || revision == 3 ? phys : hhdm + phys; };
    *response = {0, address(platform.smbios32), address(platform.smbios64)};
  }
  if (requests.module != nullptr) write_modules(requests.module, &block, *platform.modules, hhdm);
  if (requests.framebuffer != nullptr && fb.address != 0) {
    write_framebuffer(requests.framebuffer, &block, fb, hhdm);
  }
  if (requests.base_revision_tag != nullptr &&
      requests.base_revision_tag[2] <= limine::kNewestBaseRevision) {
    requests.base_revision_tag[2] = 0;
  }
  // Nothing of the firmware's after this: the map is final.
  if (platform.leave_firmware != nullptr) platform.leave_firmware(platform.memory);
  if (requests.memory_map != nullptr) {
    write_memory_map(requests.memory_map, &block, *platform.memory, fb);
  }
  if (requests.efi_memory_map != nullptr && platform.efi_memory_map != nullptr) {
    write_efi_memory_map(requests.efi_memory_map, &block, platform.efi_memory_map(), hhdm);
  }
  return handoff;
}

void limine_enter_kernel(const LimineHandoff& handoff, bool nx) {
  limine_set_pat();
  enable_page_protection(nx);
  limine_start_cpus(handoff);
  enter_kernel_at(handoff.stack, handoff.cr3, handoff.entry, 0, handoff.gdtr, kLimineEnter);
}
