#include "boot_info.h"

#include "boot_limits.h"
#include "console.h"
#include "gdt.h"
#include "lib.h"
#include "paging.h"

namespace {

constexpr uint64_t kInfoSlot = 256;  // room for struct kbuild_boot_info to grow
static_assert(sizeof(kbuild_boot_info) <= kInfoSlot, "the info outgrew its slot");
constexpr uint64_t kGdtrSlot = 16;
// The modules list and its strings, room for the most the table may hold.
constexpr uint64_t kModulesSlot =
    KBUILD_MODULES_MAX * (sizeof(kbuild_module) + KBUILD_MODULE_NAME_MAX + KBUILD_MODULE_CMDLINE_MAX);

const uint64_t kKernelGdt[] = {0, KBUILD_GDT_CODE64_DESCRIPTOR, KBUILD_GDT_DATA_DESCRIPTOR};
constexpr uint64_t kSelectorIndexShift = 3;
static_assert((KBUILD_GDT_CODE64 >> kSelectorIndexShift) == 1 &&
                  (KBUILD_GDT_DATA >> kSelectorIndexShift) == 2,
              "the selectors index kKernelGdt");

struct GdtDescriptor {
  uint16_t limit;
  uint64_t base;
} __attribute__((packed));

}  // namespace

void check_manifest(const kbuild_boot_manifest& m) {
  if (m.magic != KBUILD_MANIFEST_MAGIC) fail("bad boot manifest: no KBLDMAN1 magic");
  if (m.version != KBUILD_MANIFEST_VERSION) {
    Message()
        .str("boot manifest version ")
        .dec(m.version)
        .str(", this loader reads version ")
        .dec(KBUILD_MANIFEST_VERSION)
        .fail();
  }
  if (!kbuild_limits::stack_size_ok(m.stack_size)) fail("bad stack size in the boot manifest");
  if (!kbuild_limits::physical_memory_offset_ok(m.physical_memory_offset))
    fail("physical_memory_offset must be 2 MiB aligned, and 0 or at least 512 GiB");
  if (!kbuild_limits::cmdline_length_ok(m.cmdline_length)) fail("command line too long");
}

uint64_t boot_info_block_size(uint64_t map_capacity) {
  return kInfoSlot + sizeof(kKernelGdt) + kGdtrSlot + KBUILD_MANIFEST_CMDLINE_MAX + kModulesSlot +
         map_capacity * sizeof(kbuild_memory_region);
}

uint64_t write_boot_info(uint64_t block, uint64_t map_capacity, const MemoryMap& memory,
                         const BootInfoInputs& in) {
  const kbuild_boot_manifest& m = *in.manifest;
  const uint64_t offset = m.physical_memory_offset;
  if (static_cast<uint64_t>(memory.count()) > map_capacity) {
    fail("the memory map outgrew the room kept for it in the boot information");
  }
  memset(phys_ptr<void>(block), 0, align_up(boot_info_block_size(map_capacity), kPageSize));
  uint64_t gdt = block + kInfoSlot;
  uint64_t gdtr = gdt + sizeof(kKernelGdt);
  uint64_t cmdline = gdtr + kGdtrSlot;
  uint64_t modules = cmdline + KBUILD_MANIFEST_CMDLINE_MAX;
  uint64_t map = modules + kModulesSlot;

  memcpy(phys_ptr<void>(gdt), kKernelGdt, sizeof(kKernelGdt));
  GdtDescriptor descriptor = {static_cast<uint16_t>(sizeof(kKernelGdt) - 1), offset + gdt};
  memcpy(phys_ptr<void>(gdtr), &descriptor, sizeof(descriptor));
  memcpy(phys_ptr<void>(cmdline), m.cmdline, m.cmdline_length);
  for (int i = 0; i < memory.count(); ++i) {
    kbuild_memory_region r = {memory[i].base, memory[i].end - memory[i].base, memory[i].type, 0};
    memcpy(phys_ptr<uint8_t>(map) + i * sizeof(r), &r, sizeof(r));
  }

  const Modules& loaded = *in.modules;
  uint64_t strings = modules + loaded.count * sizeof(kbuild_module);
  for (uint32_t i = 0; i < loaded.count; ++i) {
    const kbuild_module_entry& e = loaded.entries[i];
    kbuild_module module = {loaded.address[i], e.size, 0, 0};
    uint64_t length = module_string_length(e.cmdline);
    memcpy(phys_ptr<void>(strings), e.cmdline, length);  // the block is zero: NUL-terminated
    module.cmdline = offset + strings;
    strings += length + 1;
    length = module_string_length(e.name);
    memcpy(phys_ptr<void>(strings), e.name, length);
    module.name = offset + strings;
    strings += length + 1;
    memcpy(phys_ptr<uint8_t>(modules) + i * sizeof(module), &module, sizeof(module));
  }

  kbuild_boot_info info = {};
  info.magic = KBUILD_BOOT_MAGIC;
  info.version = KBUILD_BOOT_VERSION;
  info.size = sizeof(info);
  info.memory_map = offset + map;
  info.memory_map_entries = memory.count();
  info.physical_memory_offset = offset;
  info.framebuffer = in.framebuffer;
  info.rsdp_address = in.rsdp_address;
  info.kernel_virtual_base = in.kernel->virtual_base;
  info.kernel_physical_base = in.kernel->physical_base;
  info.kernel_file_address = in.kernel->file_address;
  info.kernel_file_size = in.kernel_file_size;
  info.stack_top = in.stack.top;
  info.stack_size = m.stack_size;
  info.cmdline = offset + cmdline;
  info.cmdline_length = m.cmdline_length;
  info.firmware = in.firmware;
  info.efi_system_table = in.efi_system_table;
  info.dtb = in.dtb;
  info.boot_cpu_id = in.boot_cpu_id;
  info.modules = offset + modules;
  info.module_count = loaded.count;
  memcpy(phys_ptr<void>(block), &info, sizeof(info));
  return offset + gdtr;
}
