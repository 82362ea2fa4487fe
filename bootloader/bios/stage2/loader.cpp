// The BIOS 64-bit loader: from the boot manifest to the kernel's entry point. loader_main reads
// as the list of steps; everything it allocates is carved out of the E820 map it hands over.
#include <kbuild/boot.h>

#include "address_space.h"
#include "boot_info.h"
#include "boot_manifest.h"
#include "console.h"
#include "cpu.h"
#include "disk.h"
#include "e820.h"
#include "elf.h"
#include "kernel.h"
#include "limine_boot.h"
#include "limine_protocol.h"
#include "lib.h"
#include "memory_layout.h"
#include "memory_map.h"
#include "modules.h"
#include "multiboot_bios.h"
#include "paging.h"
#include "platform.h"
#include "rsdp.h"
#include "rtc.h"
#include "smbios.h"
#include "smp.h"
#include "vbe.h"

namespace {

MemoryMap memory;
Kernel kernel;
Modules modules;
uint8_t header_page[kPageSize] __attribute__((aligned(16)));

// Reads the headers, claims the homes of segments linked below 4 GiB, reads the file buffer,
// then each segment linked below 4 GiB that lies beyond it straight to its home.
void read_kernel(const kbuild_boot_manifest& manifest) {
  uint64_t size = manifest.kernel_bytes;
  uint64_t header_bytes = size < kPageSize ? size : kPageSize;
  disk_read(manifest.kernel_lba, header_bytes, reinterpret_cast<uint64_t>(header_page));
  if (!kernel_has_elf_magic(header_page, header_bytes)) {
    Message().str("bad kernel: no ELF magic at LBA ").dec(manifest.kernel_lba).fail();
  }
  kernel_parse(header_page, header_bytes, size, &kernel);
  kernel_claim_homes(kernel);
  kernel.file_address = platform_allocate(kernel.file_size, kernel_file_type(kernel));
  disk_read(manifest.kernel_lba, kernel.file_bytes, kernel.file_address);
  memset(phys_ptr<void>(kernel.file_address + kernel.file_bytes), 0,
         kernel.file_size - kernel.file_bytes);
  if (memcmp(phys_ptr<void>(kernel.file_address), header_page, sizeof(elf::Header)) != 0) {
    fail("bad kernel: the ELF header changed between two reads");
  }
  for (int i = 0; i < kernel.count; ++i) {
    if (!kernel_reads_to_home(kernel, i)) continue;
    Segment& s = kernel.segments[i];
    // From the start of its first sector: the bytes before it land in its own first page, which
    // kernel_map zeroes up to the segment.
    uint64_t lead = s.offset % KBUILD_SECTOR_SIZE;
    disk_read(manifest.kernel_lba + s.offset / KBUILD_SECTOR_SIZE, lead + s.filesz, s.vaddr - lead);
    s.loaded = true;
  }
}

// enter_kernel's page is mapped at the same address in the loader's page tables too.
void share_entry_page(const Stack& stack, uint64_t kernel_pml4, uint64_t /*mapped*/ = 0) {
  auto* loader_pml4 = phys_ptr<uint64_t>(KBUILD_LOADER_PML4);
  int slot = pml4_slot(stack.entry_page);
  loader_pml4[slot] = phys_ptr<uint64_t>(kernel_pml4)[slot];
  cpu::write_cr3(cpu::read_cr3());
}

// kbuild's own contract (<kbuild/boot.h>).
[[noreturn]] void boot_kbuild(const kbuild_boot_manifest& manifest, bool nx) {
  const uint64_t offset = manifest.physical_memory_offset;

  // The kernel's page tables: its segments, all physical memory at the offset, the stack.
  PageTables tables(KBUILD_MEMORY_PAGE_TABLES, nx);
  kernel_map(&kernel, &tables);
  uint64_t phys_map_size = map_physical_memory(&tables, offset, memory.ram_end());
  Stack stack = map_stack(&tables, kernel, manifest.stack_size, offset, phys_map_size);

  // The framebuffer last among BIOS screen work: errors before it still show in text mode.
  kbuild_framebuffer framebuffer = {};
  if (manifest.framebuffer_width != 0) {
    vbe_set_mode(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                 &framebuffer);
    if (framebuffer.address + uint64_t(framebuffer.pitch) * framebuffer.height > phys_map_size) {
      fail("the framebuffer lies beyond the physical memory mapping");
    }
  }

  // The other CPUs: found now, started last.
  uint64_t rsdp = find_rsdp();
  KbuildCpus cpus;
  smp_prepare_kbuild(rsdp, &cpus);

  // The boot information last, so the map it holds is final (its own block adds at most two
  // entries).
  uint64_t capacity = memory.count() + 4;
  uint64_t block = platform_allocate(boot_info_block_size(capacity), KBUILD_MEMORY_BOOT_INFO);
  BootInfoInputs inputs = {};
  inputs.manifest = &manifest;
  inputs.kernel = &kernel;
  inputs.kernel_file_size = kernel.file_bytes;
  inputs.stack = stack;
  inputs.framebuffer = framebuffer;
  inputs.rsdp_address = rsdp;
  inputs.firmware = KBUILD_FIRMWARE_BIOS;
  inputs.efi_system_table = 0;
  inputs.boot_cpu_id = cpu::apic_id();
  inputs.modules = &modules;
  uint64_t gdtr = write_boot_info(block, capacity, memory, inputs);

  share_entry_page(stack, tables.pml4());
  enable_page_protection(nx);
  smp_enter_kbuild(cpus, {tables.pml4(), gdtr, KBUILD_GDT_CODE64, KBUILD_GDT_DATA, offset, stack.entry_page},
                   block);
  enter_kernel_at(stack, tables.pml4(), kernel.entry, offset + block, gdtr);
}

// A Limine kernel asking for a framebuffer without a configured mode gets this one.
void set_limine_framebuffer(uint32_t width, uint32_t height, uint32_t bpp, kbuild_framebuffer* out) {
  if (width == 0) {
    width = 1024;
    height = 768;
    bpp = 32;
  }
  vbe_set_mode(width, height, bpp, out);
}

uint64_t final_map_capacity(const MemoryMap& map) { return map.count() + 4; }

// The Limine boot protocol (limine/).
[[noreturn]] void boot_limine(const kbuild_boot_manifest& manifest, bool nx) {
  LiminePlatform platform = {};
  platform.firmware_type = limine::kFirmwareX86Bios;
  platform.rsdp = find_rsdp();
  SmbiosEntries smbios = find_smbios();
  platform.smbios32 = smbios.entry32;
  platform.smbios64 = smbios.entry64;
  platform.nx = nx;
  platform.has_boot_time = read_rtc_unix_time(&platform.boot_time);
  platform.memory = &memory;
  platform.modules = &modules;
  platform.set_framebuffer = set_limine_framebuffer;
  platform.final_map_capacity = final_map_capacity;
  platform.share_entry_page = share_entry_page;
  LimineHandoff handoff = limine_prepare(manifest, &kernel, platform);
  limine_enter_kernel(handoff, nx);
}

}  // namespace

uint64_t platform_allocate(uint64_t size, uint32_t type) {
  return memory.allocate(size, type, kMiB, 4 * kGiB);
}

bool platform_claim(uint64_t base, uint64_t end, uint32_t type) {
  return memory.carve(base, end, type);
}

uint64_t platform_allocate_low_page() { return KBUILD_SMP_PAGE_ADDRESS; }

void platform_read_module_table(const kbuild_boot_manifest& manifest, kbuild_module_entry* table) {
  disk_read(manifest.modules_lba, manifest.module_count * sizeof(kbuild_module_entry),
            reinterpret_cast<uint64_t>(table));
}

void platform_read_module(uint32_t, const kbuild_module_entry& entry, uint64_t dest) {
  disk_read(entry.lba, entry.size, dest);
}

extern "C" [[noreturn]] void loader_main() {
  console_init();
  kbuild_boot_manifest manifest;
  memcpy(&manifest, phys_ptr<void>(KBUILD_MANIFEST_ADDRESS), sizeof(manifest));
  check_manifest(manifest);
  bool nx = phys_ptr<kbuild_stage_handoff>(KBUILD_HANDOFF_ADDRESS)->nx_supported;

  // Memory: the E820 map, which is also the allocator. The first MiB stays the loader's.
  read_e820(&memory);
  memory.carve_below(kMiB, KBUILD_MEMORY_BOOTLOADER);

  // The kernel file into memory (homes of segments linked below 4 GiB claimed first).
  read_kernel(manifest);
  load_modules(manifest, &modules);

  // One call per protocol: each maps the kernel and hands over its own way.
  switch (manifest.protocol) {
    case KBUILD_PROTOCOL_KBUILD: boot_kbuild(manifest, nx);
    case KBUILD_PROTOCOL_LIMINE: boot_limine(manifest, nx);
    case KBUILD_PROTOCOL_MULTIBOOT2:
    case KBUILD_PROTOCOL_MULTIBOOT1: boot_multiboot(manifest, kernel, &memory, modules);
    default:
      Message().str("boot protocol ").dec(manifest.protocol).str(" is not one this loader speaks").fail();
  }
}
