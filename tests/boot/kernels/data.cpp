// Big kernels: BLOB_PATH (BLOB_SIZE bytes, tk::checksum BLOB_SUM, computed by the test when it
// built the kernel) is included as initialised data and checked; BSS_SIZE bytes of .bss are
// checked to be zero and writable (every word, or with BSS_SAMPLED the first word of each page).
#include "test_kernel.h"

#define STR2(x) #x
#define STR(x) STR2(x)

asm(".section .rodata.blob, \"a\"\n"
    ".balign 4096\n"
    ".global blob_start\n"
    "blob_start:\n"
    ".incbin " STR(BLOB_PATH) "\n"
    ".global blob_end\n"
    "blob_end:\n"
    ".previous\n");
extern "C" const uint8_t blob_start[], blob_end[];

alignas(4096) static uint8_t big_bss[BSS_SIZE];

extern "C" void test_main(const kbuild_boot_info*) {
  uint64_t size = static_cast<uint64_t>(blob_end - blob_start);
  CHECK(size == BLOB_SIZE);
  CHECK(tk::checksum(blob_start, size) == BLOB_SUM);
  tk::print("DATA OK\n");
  auto* words = reinterpret_cast<volatile uint64_t*>(big_bss);
#ifdef BSS_SAMPLED
  const uint64_t step = 4096 / 8;
#else
  const uint64_t step = 1;
#endif
  CHECK(words[sizeof(big_bss) / 8 - 1] == 0);
  for (uint64_t i = 0; i < sizeof(big_bss) / 8; i += step) {
    CHECK(words[i] == 0);
    words[i] = i;
  }
  for (uint64_t i = 0; i < sizeof(big_bss) / 8; i += step) CHECK(words[i] == i);
  tk::print("BSS OK\n");
  tk::exit(tk::kPass);
}
