// .bss that does not start on a page (see bss_last.ld): checked zero and writable.
#include "test_kernel.h"

static uint64_t counters[3000];  // 8-byte aligned, so the linker script decides where it starts

extern "C" void test_main(const kbuild_boot_info*) {
  volatile uint64_t* words = counters;
  for (uint64_t i = 0; i < 3000; ++i) {
    CHECK(words[i] == 0);
    words[i] = i * 3;
  }
  for (uint64_t i = 0; i < 3000; ++i) CHECK(words[i] == i * 3);
  tk::print("BSS OK\n");
  tk::exit(tk::kPass);
}
