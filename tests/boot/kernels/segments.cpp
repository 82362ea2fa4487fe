// Six segments: contents, page permissions (walked through the physical-memory mapping), and a
// fault on purpose: MODE_WRITE_RO writes to a read-only segment, MODE_EXEC_DATA jumps into data.
#include "test_kernel.h"

__attribute__((section(".rodata2"))) const volatile uint64_t ro2_value = 0x5eed;
const volatile uint64_t ro_value = 0xabcdef;
volatile uint64_t data_value = 7;
uint8_t bss_block[3 * 4096];
__attribute__((section(".text2"), noinline)) int text2_fn() { return 42; }
alignas(16) volatile uint8_t data_code[16] = {0xc3};  // ret

static const kbuild_boot_info* boot_info;

// The page-table entry for `virt` (4 KiB pages), read through the physical-memory mapping.
static uint64_t pte(uint64_t virt) {
  uint64_t offset = boot_info->physical_memory_offset;
  uint64_t cr3;
  asm volatile("mov %%cr3, %0" : "=r"(cr3));
  uint64_t table = cr3 & ~0xfffULL;
  for (int shift = 39; shift >= 12; shift -= 9) {
    uint64_t entry = reinterpret_cast<const uint64_t*>(offset + table)[(virt >> shift) & 511];
    if (!(entry & 1) || shift == 12) return entry;
    table = entry & 0x000ffffffffff000ULL;
  }
  return 0;
}

static void expect_flags(const volatile void* p, bool writable, bool executable) {
  uint64_t e = pte(reinterpret_cast<uint64_t>(p));
  CHECK(e & 1);
  CHECK(((e >> 1) & 1) == writable);
  CHECK(((e >> 63) & 1) == !executable);
}

static void on_fault(const tk::Fault& f) {
  tk::print("FAULT vector=");
  tk::print_dec(f.vector);
  tk::print(" error=");
  tk::print_hex(f.error);
  tk::print(" cr2=");
  tk::print_hex(f.cr2);
  tk::print("\n");
#ifdef MODE_EXEC_DATA
  bool expected =
      f.vector == 14 && (f.error & 0x11) == 0x11 && f.cr2 == reinterpret_cast<uint64_t>(data_code);
#else
  bool expected =
      f.vector == 14 && (f.error & 3) == 3 && f.cr2 == reinterpret_cast<uint64_t>(&ro2_value);
#endif
  tk::exit(expected ? tk::kFaultCaught : tk::kFail);
}

extern "C" void test_main(const kbuild_boot_info* info) {
  boot_info = info;
  tk::install_fault_handlers();
  CHECK(ro_value == 0xabcdef);
  CHECK(ro2_value == 0x5eed);
  CHECK(data_value == 7);
  data_value = data_value + 1;
  CHECK(data_value == 8);
  for (uint8_t b : bss_block) CHECK(b == 0);
  bss_block[sizeof(bss_block) - 1] = 1;
  CHECK(text2_fn() == 42);

  expect_flags(reinterpret_cast<void*>(&test_main), false, true);
  expect_flags(&ro_value, false, false);
  expect_flags(&data_value, true, false);
  expect_flags(&ro2_value, false, false);
  expect_flags(bss_block, true, false);
  expect_flags(reinterpret_cast<void*>(&text2_fn), false, true);
  // The gaps between segments are not mapped.
  CHECK(!(pte(reinterpret_cast<uint64_t>(&ro_value) - 0x2000) & 1));
  CHECK(!(pte(reinterpret_cast<uint64_t>(&text2_fn) - 0x1000) & 1));
  tk::print("SEGMENTS OK\n");

  tk::on_fault = on_fault;
#ifdef MODE_EXEC_DATA
  reinterpret_cast<void (*)()>(const_cast<uint8_t*>(data_code))();
#else
  *const_cast<volatile uint64_t*>(&ro2_value) = 1;
#endif
  tk::print("NO FAULT\n");
  tk::exit(tk::kFail);
}
