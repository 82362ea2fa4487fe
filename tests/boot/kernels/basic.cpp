// Checks the entry state and the boot information, prints the memory map and the command line.
// Built both in the higher half and low (at 2 MiB); booted by the BIOS and the UEFI loader.
#include "test_kernel.h"

extern "C" char _start[];

static bool is_kbuild_type(uint32_t t) {
  return t >= KBUILD_MEMORY_KERNEL && t <= KBUILD_MEMORY_BOOT_INFO;
}

extern "C" void test_main(const kbuild_boot_info* info) {
  tk::print("ENTRY rsp=");
  tk::print_hex(tk_entry_rsp);
  tk::print(" rflags=");
  tk::print_hex(tk_entry_rflags);
  tk::print("\n");
  CHECK(tk_entry_rsp % 16 == 0);
  CHECK((tk_entry_rflags & (1 << 9)) == 0);     // interrupts off
  CHECK(tk::read_cr0() & (1ULL << 31));         // paging
  CHECK(tk::read_cr0() & (1ULL << 16));         // write protect
  CHECK((tk::read_cr0() & (3ULL << 29)) == 0);  // caches on: CD and NW clear
  CHECK(tk::read_msr(0xc0000080) & (1 << 10));  // EFER.LMA: long mode active
#ifdef EXPECT_NO_NX  // a CPU without NX: the loader leaves EFER.NXE clear (setting it would #GP)
  CHECK(!(tk::read_msr(0xc0000080) & (1 << 11)));
#else
  CHECK(tk::read_msr(0xc0000080) & (1 << 11));  // EFER.NXE
#endif
  CHECK(tk_entry_rdi == reinterpret_cast<uint64_t>(info));
  uint16_t cs, ss, ds;
  asm volatile("mov %%cs, %0; mov %%ss, %1; mov %%ds, %2" : "=r"(cs), "=r"(ss), "=r"(ds));
  CHECK(cs == 0x08 && ss == 0x10 && ds == 0x10);  // kbuild's GDT on every firmware
  CHECK(info->magic == KBUILD_BOOT_MAGIC);
  CHECK(info->version == KBUILD_BOOT_VERSION);
  CHECK(info->size == sizeof(kbuild_boot_info));
  CHECK(info->stack_top == tk_entry_rsp);

  const uint64_t offset = info->physical_memory_offset;
  CHECK(reinterpret_cast<uint64_t>(info) >= offset);

  // The memory map: sorted, non-overlapping, and the kbuild-owned regions present.
  auto* map = reinterpret_cast<const kbuild_memory_region*>(info->memory_map);
  uint64_t usable = 0, owned = 0, kept = 0, seen_types = 0;
  bool kernel_marked = false;
  for (uint64_t i = 0; i < info->memory_map_entries; ++i) {
    const kbuild_memory_region& r = map[i];
    tk::print("MAP ");
    tk::print_hex(r.base);
    tk::print(" ");
    tk::print_hex(r.length);
    tk::print(" ");
    tk::print_hex(r.type);
    tk::print("\n");
    CHECK(r.length > 0);
    if (i > 0) CHECK(map[i - 1].base + map[i - 1].length <= r.base);
    if (r.type == KBUILD_MEMORY_USABLE) usable += r.length;
    if (r.type == KBUILD_MEMORY_EFI_RUNTIME || r.type == KBUILD_MEMORY_ACPI_RECLAIMABLE ||
        r.type == KBUILD_MEMORY_ACPI_NVS) {
      kept += r.length;  // RAM the firmware keeps
    }
    if (is_kbuild_type(r.type)) {
      owned += r.length;
      seen_types |= 1ULL << (r.type - KBUILD_MEMORY_KERNEL);
      CHECK(r.base % 4096 == 0 && r.length % 4096 == 0);
    }
    if (r.type == KBUILD_MEMORY_KERNEL && info->kernel_physical_base >= r.base &&
        info->kernel_physical_base < r.base + r.length) {
      kernel_marked = true;
    }
  }
  CHECK(kernel_marked);

  // Modules: each inside a MODULE region of the map.
  auto* modules = reinterpret_cast<const kbuild_module*>(info->modules);
  for (uint64_t i = 0; i < info->module_count; ++i) {
    const kbuild_module& m = modules[i];
    bool marked = false;
    for (uint64_t j = 0; j < info->memory_map_entries; ++j)
      marked |= map[j].type == KBUILD_MEMORY_MODULE && map[j].base <= m.address &&
                m.address + m.size <= map[j].base + map[j].length;
    CHECK(marked);
    tk::print_module(reinterpret_cast<const uint8_t*>(offset + m.address), m.size,
                     reinterpret_cast<const char*>(m.name), reinterpret_cast<const char*>(m.cmdline));
  }
  tk::print("BOOTCPU ");
  tk::print_dec(info->boot_cpu_id);
  tk::print("\n");
  CHECK(info->dtb == 0);

  // Usable RAM above 4 GiB (QEMU puts RAM beyond 2 or 3 GiB there) takes writes through the
  // physical-memory mapping.
  for (uint64_t i = 0; i < info->memory_map_entries; ++i) {
    const kbuild_memory_region& r = map[i];
    if (r.type != KBUILD_MEMORY_USABLE || r.base < (1ULL << 32)) continue;
    auto* word = reinterpret_cast<volatile uint64_t*>(offset + r.base + r.length - 8);
    *word = 0x6b62756c6421ULL;
    CHECK(*word == 0x6b62756c6421ULL);
    tk::print("HIGH MEMORY OK\n");
    break;
  }
  CHECK(seen_types == 0x1f);  // kernel, stack, page tables, bootloader, boot info
  tk::print("TOTAL usable=");
  tk::print_dec(usable);
  tk::print(" owned=");
  tk::print_dec(owned);
  tk::print(" kept=");
  tk::print_dec(kept);
  tk::print("\n");

  // Physical memory through the offset: the kernel's own first bytes, and the BIOS data area.
  CHECK(info->kernel_virtual_base == reinterpret_cast<uint64_t>(_start));
  auto* through_offset = reinterpret_cast<const uint8_t*>(offset + info->kernel_physical_base);
  CHECK(__builtin_memcmp(through_offset, _start, 64) == 0);
  if (info->firmware == KBUILD_FIRMWARE_BIOS) {
    uint16_t com1_port;
    __builtin_memcpy(&com1_port, reinterpret_cast<const void*>(offset + 0x400), 2);
    CHECK(com1_port == 0x3f8);  // BDA word 0: the first serial port
    CHECK(info->efi_system_table == 0);
    CHECK((tk::read_cr4() & (1 << 9)) == 0);  // x87/SSE as the BIOS left them: CR4.OSFXSR clear
    tk::print("FIRMWARE bios\n");
  } else {
    CHECK(info->firmware == KBUILD_FIRMWARE_UEFI);
    CHECK(info->efi_system_table != 0);
    uint64_t signature;  // EFI_SYSTEM_TABLE's header: "IBI SYST"
    __builtin_memcpy(&signature, reinterpret_cast<const void*>(offset + info->efi_system_table), 8);
    CHECK(signature == 0x5453595320494249ULL);
    tk::print("FIRMWARE uefi\n");
  }
  auto* elf = reinterpret_cast<const uint8_t*>(offset + info->kernel_file_address);
  CHECK(elf[0] == 0x7f && elf[1] == 'E' && elf[2] == 'L' && elf[3] == 'F');
  tk::print("FILE bytes=");
  tk::print_dec(info->kernel_file_size);
  tk::print("\n");

  // Identity placement for kernels linked below 4 GiB.
  if (info->kernel_virtual_base < (1ULL << 32))
    CHECK(info->kernel_physical_base == info->kernel_virtual_base);

  auto* cmdline = reinterpret_cast<const char*>(info->cmdline);
  CHECK(cmdline[info->cmdline_length] == 0);
  tk::print("CMDLINE [");
  tk::print(cmdline);
  tk::print("]\n");
  tk::print("RSDP ");
  tk::print_hex(info->rsdp_address);
  tk::print("\n");
  if (info->rsdp_address != 0) {
    CHECK(__builtin_memcmp(reinterpret_cast<const void*>(offset + info->rsdp_address), "RSD PTR ",
                           8) == 0);
  }
  tk::print("FRAMEBUFFER ");
  tk::print_hex(info->framebuffer.address);
  tk::print("\nOK\n");
  tk::exit(tk::kPass);
}
