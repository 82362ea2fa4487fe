// A Limine-protocol kernel (base revision LIMINE_REVISION, default 2) with its requests where the
// Limine templates put them, booted from BIOS or, with EXPECT_UEFI, from UEFI. It checks the
// entry state the protocol defines and each response it can check by itself, prints what only
// the test knows the right value of, and exits with PASS.
//   MEM <type> <bytes>       total per Limine memory type
//   CMDLINE [...]            the executable command line (and the executable file's)
//   FB <width>x<height>x<bpp> pitch <pitch>
//   RSDP ok
//   BOOT_TIME <unix seconds>
//   EFI_MEMMAP usable <bytes>  RAM the firmware's own map counts as free after ExitBootServices
#include "test_kernel.h"

#ifndef LIMINE_REVISION
#define LIMINE_REVISION 2
#endif

namespace {

constexpr uint64_t kMagic0 = 0xc7b1dd30df4c8b88ULL, kMagic1 = 0x0a82e883a194f07bULL;
constexpr uint64_t kHhdm = 0xffff800000000000ULL;
constexpr uint64_t kStackAsked = 512 * 1024;

struct Request {
  uint64_t id[4];
  uint64_t revision;
  uint64_t* response;
  uint64_t extra[2];
};

#define REQUEST(name, a, b, ...)                                                 \
  __attribute__((used, section(".limine_requests"))) volatile Request name = { \
      {kMagic0, kMagic1, a, b}, 0, nullptr, {__VA_ARGS__}}

__attribute__((used, section(".limine_requests_start"))) volatile uint64_t start_marker[4] = {
    0xf6b8f4b39de7d1aeULL, 0xfab91a6940fcb9cfULL, 0x785c6ed015d3e316ULL, 0x181e920a7852b9d9ULL};
__attribute__((used, section(".limine_requests"))) volatile uint64_t base_revision[3] = {
    0xf9562b2d5c95a6c8ULL, 0x6a7b384944536bdcULL, LIMINE_REVISION};

extern "C" void entry_override();

REQUEST(info_request, 0xf55038d8e2a1202fULL, 0x279426fcf5f59740ULL);
REQUEST(firmware_request, 0x8c2f75d90bef28a8ULL, 0x7045a4688eac00c3ULL);
REQUEST(stack_request, 0x224ef0460a8e8926ULL, 0xe1cb0fc25f46ea3dULL, kStackAsked);
REQUEST(hhdm_request, 0x48dcf1cb8ad2b852ULL, 0x63984e959a98244bULL);
REQUEST(paging_request, 0x95c1a0edab0944cbULL, 0xa4e5cb3842f7488aULL, 0);
REQUEST(memmap_request, 0x67cf3d9d378a806fULL, 0xe304acdfc50c3c62ULL);
struct EntryPointRequest {
  uint64_t id[4];
  uint64_t revision;
  uint64_t* response;
  void (*entry)();
};
__attribute__((used, section(".limine_requests"))) volatile EntryPointRequest entry_request = {
    {kMagic0, kMagic1, 0x13d86c035a1cd3e1ULL, 0x2b0caa89d8f3026aULL}, 0, nullptr,
    &entry_override};
REQUEST(file_request, 0xad97e90e83f1ed67ULL, 0x31eb5d1c5ff23b69ULL);
REQUEST(cmdline_request, 0x4b161536e598651eULL, 0xb390ad4a2f1f303aULL);
REQUEST(rsdp_request, 0xc5e77b6b397e7b43ULL, 0x27637845accdcf3cULL);
REQUEST(address_request, 0x71ba76863cc55f63ULL, 0xb2644a48c516a487ULL);
REQUEST(boot_time_request, 0x502746e184c088aaULL, 0xfbc5ec83e6327893ULL);
REQUEST(efi_table_request, 0x5ceba5163eaaf6d6ULL, 0x0a6981610cf65fccULL);
REQUEST(smbios_request, 0x9e9046f11e095391ULL, 0xaa4a520fefbde5eeULL);
REQUEST(module_request, 0x3e7e279702be32afULL, 0xca1c4f3bd1280ceeULL);
REQUEST(efi_memmap_request, 0x7df62a431d6872d5ULL, 0xa4fcdfb3e57306c8ULL);
#ifdef WITH_FRAMEBUFFER
REQUEST(framebuffer_request, 0x9d5827dcd881dd75ULL, 0xa3148604f6fab11bULL);
#endif
// No such feature: it must stay unanswered.
REQUEST(unknown_request, 0x1111111111111111ULL, 0x2222222222222222ULL);

__attribute__((used, section(".limine_requests_end"))) volatile uint64_t end_marker[2] = {
    0xadc0e0531bb10d03ULL, 0x9572709f31764c62ULL};

// A request outside the markers: the loader must not see it.
__attribute__((used)) volatile Request outside_request = {
    {kMagic0, kMagic1, 0x48dcf1cb8ad2b852ULL, 0x63984e959a98244bULL}, 0, nullptr, {}};

volatile uint64_t bss_word;
const uint64_t rodata_word = 0x1234567887654321ULL;

template <class T, class R>
T* response(volatile R& r) {
  CHECK(r.response != nullptr);
  CHECK(reinterpret_cast<uint64_t>(r.response) >= kHhdm);
  return reinterpret_cast<T*>(r.response);
}

bool same(const char* a, const char* b) {
  while (*a && *a == *b) ++a, ++b;
  return *a == *b;
}

// "SMBIOS entry=32|64 manufacturer=[...]": the system manufacturer (structure type 1, the
// string its byte 4 names) from the structure table at physical `table`, `length` bytes.
void print_smbios_manufacturer(const char* entry, uint64_t table, uint64_t length) {
  auto* p = reinterpret_cast<const uint8_t*>(kHhdm + table);
  const uint8_t* end = p + length;
  while (p + 4 <= end && p[0] != 127) {
    const uint8_t* strings = p + p[1];
    if (p[0] == 1 && p[1] > 4 && p[4] != 0) {
      const char* s = reinterpret_cast<const char*>(strings);
      for (int i = 1; i < p[4]; ++i) {
        while (*s) ++s;
        ++s;
      }
      tk::print("SMBIOS entry=");
      tk::print(entry);
      tk::print(" manufacturer=[");
      tk::print(s);
      tk::print("]\n");
      return;
    }
    const uint8_t* next = strings;  // the strings end with two NULs
    while (next + 1 < end && (next[0] != 0 || next[1] != 0)) ++next;
    p = next + 2;
  }
  tk::print("SMBIOS no system information\n");
}

uint16_t read_cs() {
  uint16_t v;
  asm volatile("mov %%cs, %0" : "=r"(v));
  return v;
}
uint16_t read_ss() {
  uint16_t v;
  asm volatile("mov %%ss, %0" : "=r"(v));
  return v;
}
uint16_t read_ds() {
  uint16_t v;
  asm volatile("mov %%ds, %0" : "=r"(v));
  return v;
}

}  // namespace

extern "C" uint8_t entered_by_override;
uint8_t entered_by_override;

// The entry point request names this; it marks that it ran and goes on at _start.
asm(R"(
  .text
  .global entry_override
entry_override:
  movb $1, entered_by_override(%rip)
  jmp _start
)");

extern "C" void test_main(const kbuild_boot_info*) {
  // Entry state.
  CHECK(entered_by_override == 1);
  CHECK(base_revision[2] == 0);
  CHECK(read_cs() == 0x28);
  CHECK(read_ss() == 0x30 && read_ds() == 0x30);
  CHECK((tk_entry_rflags & (1 << 9)) == 0);   // IF
  CHECK((tk_entry_rflags & (1 << 10)) == 0);  // DF
  CHECK(tk_entry_rdi == 0);
  CHECK(tk_entry_rsp % 16 == 8);
  CHECK(*reinterpret_cast<uint64_t*>(tk_entry_rsp) == 0);  // the return address pushed
  uint64_t pat = tk::read_msr(0x277);
  CHECK((pat & 0xffffffffffffULL) == 0x010500070406ULL);  // WB WT UC- UC WP WC
  CHECK((tk::read_cr0() & (1 << 16)) != 0);               // WP
  CHECK((tk::read_cr4() & (1 << 12)) == 0);               // no LA57: 4-level paging

  // The stack is as large as asked for: its far end is writable.
  volatile uint8_t* far_end = reinterpret_cast<volatile uint8_t*>(tk_entry_rsp - kStackAsked + 64);
  *far_end = 0x5a;
  CHECK(*far_end == 0x5a);

  CHECK(unknown_request.response == nullptr);
  CHECK(outside_request.response == nullptr);

  auto* info = response<uint64_t>(info_request);
  CHECK(same(reinterpret_cast<const char*>(info[1]), "kbuild"));
#ifdef EXPECT_UEFI
  CHECK(response<uint64_t>(firmware_request)[1] == 2);  // 64-bit UEFI
  // The EFI system table, through the direct map except under base revision 3: its signature.
  uint64_t efi_table = response<uint64_t>(efi_table_request)[1];
  CHECK(*reinterpret_cast<uint64_t*>(LIMINE_REVISION == 3 ? kHhdm + efi_table : efi_table) ==
        0x5453595320494249ULL);  // "IBI SYST"
#else
  CHECK(response<uint64_t>(firmware_request)[1] == 0);  // x86 BIOS
  CHECK(efi_table_request.response == nullptr);
#endif
  CHECK(response<uint64_t>(stack_request)[0] == 0);
  CHECK(response<uint64_t>(hhdm_request)[1] == kHhdm);
  CHECK(response<uint64_t>(paging_request)[1] == 0);  // 4-level
  CHECK(response<uint64_t>(entry_request)[0] == 0);

  // The kernel is contiguous at physical_base: every segment, read through the direct map.
  auto* address = response<uint64_t>(address_request);
  CHECK(address[2] == 0xffffffff80000000ULL);
  auto through_hhdm = [&](const volatile void* p) {
    return reinterpret_cast<volatile uint64_t*>(kHhdm + address[1] +
                                                (reinterpret_cast<uint64_t>(p) - address[2]));
  };
  bss_word = 0xfeedface;
  CHECK(*through_hhdm(&bss_word) == 0xfeedface);
  CHECK(*through_hhdm(&rodata_word) == rodata_word);
  CHECK(*through_hhdm(&base_revision[0]) == 0xf9562b2d5c95a6c8ULL);

  // The memory map: sorted, page zero never usable, usable and reclaimable entries page-aligned;
  // the kernel's physical base inside an executable entry.
  auto* memmap = response<uint64_t>(memmap_request);
  uint64_t count = memmap[1];
  auto** entries = reinterpret_cast<uint64_t**>(memmap[2]);
  uint64_t totals[8] = {};
  bool kernel_found = false;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t* e = entries[i];
    CHECK(reinterpret_cast<uint64_t>(e) >= kHhdm);
    CHECK(e[2] < 8);
    if (i > 0) CHECK(e[0] >= entries[i - 1][0]);
    if (e[2] == 0 || e[2] == 5) CHECK(e[0] % 4096 == 0 && e[1] % 4096 == 0);
    if (e[2] == 0) CHECK(e[0] >= 4096);
    if (e[2] == 6 && e[0] <= address[1] && address[1] < e[0] + e[1]) kernel_found = true;
    totals[e[2]] += e[1];
    // Usable memory is mapped and writable through the direct map.
    if (e[2] == 0) {
      auto* last = reinterpret_cast<volatile uint64_t*>(kHhdm + e[0] + e[1] - 8);
      *last = 0x600dULL;
      CHECK(*last == 0x600dULL);
    }
  }
  CHECK(kernel_found);
  // The responses themselves are in bootloader-reclaimable memory.
  auto in_reclaimable = [&](uint64_t phys) {
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t* e = entries[i];
      if (e[2] == 5 && e[0] <= phys && phys < e[0] + e[1]) return true;
    }
    return false;
  };
  uint64_t memmap_phys = reinterpret_cast<uint64_t>(memmap) - kHhdm;
  CHECK(in_reclaimable(memmap_phys));

#ifdef EXPECT_UEFI
  // The firmware's own map: a direct-map address under every base revision, in
  // bootloader-reclaimable memory, whole descriptors sorted by address without overlaps.
  auto* efi_map = response<uint64_t>(efi_memmap_request);
  uint64_t map_size = efi_map[2], desc_size = efi_map[3];
  CHECK(efi_map[1] >= kHhdm && in_reclaimable(efi_map[1] - kHhdm));
  CHECK(desc_size >= 40 && desc_size % 8 == 0 && efi_map[4] == 1);
  CHECK(map_size >= 3 * desc_size && map_size % desc_size == 0);
  uint64_t usable = 0, previous_end = 0;
  for (uint64_t at = 0; at < map_size; at += desc_size) {
    auto* d = reinterpret_cast<const uint8_t*>(efi_map[1] + at);
    uint32_t type;
    uint64_t start, pages;
    __builtin_memcpy(&type, d, 4);
    __builtin_memcpy(&start, d + 8, 8);
    __builtin_memcpy(&pages, d + 24, 8);
    CHECK(type < 16 && start % 4096 == 0 && start >= previous_end);
    previous_end = start + pages * 4096;
    // Loader and boot-services code and data, and conventional memory, are free once boot
    // services are gone.
    if (type == 1 || type == 2 || type == 3 || type == 4 || type == 7) usable += pages * 4096;
  }
  tk::print("EFI_MEMMAP usable ");
  tk::print_dec(usable);
  tk::print("\n");
#else
  CHECK(efi_memmap_request.response == nullptr);  // BIOS has no such map
#endif
  for (int t = 0; t < 8; ++t) {
    tk::print("MEM ");
    tk::print_dec(t);
    tk::print(" ");
    tk::print_dec(totals[t]);
    tk::print("\n");
  }

  auto* cmdline = response<uint64_t>(cmdline_request);
  tk::print("CMDLINE [");
  tk::print(reinterpret_cast<const char*>(cmdline[1]));
  tk::print("]\n");
  auto* file = reinterpret_cast<uint64_t*>(response<uint64_t>(file_request)[1]);
  CHECK(*reinterpret_cast<const uint32_t*>(file[1]) == 0x464c457f);  // the ELF magic
  CHECK(file[2] > 0 && file[1] % 4096 == 0);
  CHECK(same(reinterpret_cast<const char*>(file[4]), reinterpret_cast<const char*>(cmdline[1])));

  // Modules: Files in the direct map, each path "/NAME".
  auto* modules = response<uint64_t>(module_request);
  auto** module_files = reinterpret_cast<uint64_t**>(modules[2]);
  for (uint64_t i = 0; i < modules[1]; ++i) {
    uint64_t* m = module_files[i];
    auto* path = reinterpret_cast<const char*>(m[3]);
    CHECK(m[1] >= kHhdm && path[0] == '/');
    tk::print_module(reinterpret_cast<const uint8_t*>(m[1]), m[2], path + 1, reinterpret_cast<const char*>(m[4]));
  }

  // SMBIOS, when the firmware has it: direct-map addresses except under base revision 3 (as for
  // the RSDP); each entry point's anchor, then the table it names.
  if (smbios_request.response != nullptr) {
    auto* smbios = response<uint64_t>(smbios_request);
    auto entry = [](uint64_t a) {
      CHECK(LIMINE_REVISION == 3 ? a < kHhdm : a >= kHhdm);
      return reinterpret_cast<const uint8_t*>(LIMINE_REVISION == 3 ? kHhdm + a : a);
    };
    CHECK(smbios[1] != 0 || smbios[2] != 0);
    if (smbios[2] != 0) {
      const uint8_t* e = entry(smbios[2]);
      CHECK(__builtin_memcmp(e, "_SM3_", 5) == 0);
      uint32_t max_size;
      uint64_t table;
      __builtin_memcpy(&max_size, e + 0x0c, 4);
      __builtin_memcpy(&table, e + 0x10, 8);
      print_smbios_manufacturer("64", table, max_size);
    }
    if (smbios[1] != 0) {
      const uint8_t* e = entry(smbios[1]);
      CHECK(__builtin_memcmp(e, "_SM_", 4) == 0);
      uint16_t length;
      uint32_t table;
      __builtin_memcpy(&length, e + 0x16, 2);
      __builtin_memcpy(&table, e + 0x18, 4);
      print_smbios_manufacturer("32", table, length);
    }
  }

  // The RSDP: a direct-map address, except under base revision 3, which hands over the physical.
  uint64_t rsdp = response<uint64_t>(rsdp_request)[1];
  const char* signature = reinterpret_cast<const char*>(LIMINE_REVISION == 3 ? kHhdm + rsdp : rsdp);
  CHECK(LIMINE_REVISION == 3 ? rsdp < kHhdm : rsdp >= kHhdm);
  for (int i = 0; i < 8; ++i) CHECK(signature[i] == "RSD PTR "[i]);
  tk::print("RSDP ok\n");
  tk::print("BOOT_TIME ");
  tk::print_dec(response<uint64_t>(boot_time_request)[1]);
  tk::print("\n");

#if LIMINE_REVISION == 0
  // Base revision 0 also maps the first 4 GiB at their physical addresses.
  auto* identity = reinterpret_cast<volatile uint64_t*>(memmap_phys);
  CHECK(*identity == *reinterpret_cast<volatile uint64_t*>(memmap));
#endif

#ifdef WITH_FRAMEBUFFER
  auto* fbr = response<uint64_t>(framebuffer_request);
  CHECK(fbr[1] == 1);
  auto* fb = reinterpret_cast<uint64_t*>(reinterpret_cast<uint64_t**>(fbr[2])[0]);
  CHECK(fb[0] >= kHhdm);
  uint16_t bpp = *reinterpret_cast<uint16_t*>(fb + 4);
  uint8_t model = *(reinterpret_cast<uint8_t*>(fb + 4) + 2);
  CHECK(model == 1);
  tk::print("FB ");
  tk::print_dec(fb[1]);
  tk::print("x");
  tk::print_dec(fb[2]);
  tk::print("x");
  tk::print_dec(bpp);
  tk::print(" pitch ");
  tk::print_dec(fb[3]);
  tk::print("\n");
  // The last pixel is writable.
  auto* pixels = reinterpret_cast<volatile uint8_t*>(fb[0]);
  pixels[fb[3] * (fb[2] - 1) + (fb[1] - 1) * (bpp / 8)] = 0xff;
#endif
  tk::exit(tk::kPass);
}
