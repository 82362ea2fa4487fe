// A kernel whose last PT_LOAD is .bss alone: no initialised data, so a plain ld.lld link (no
// linker script) puts .bss in a segment of its own, at an address that is not page aligned and
// with no file bytes. Checks that the whole .bss is zero and writable, then passes.
#include "test_kernel.h"

static volatile uint8_t zeroes[3 * 4096 + 123];

extern "C" void test_main(const kbuild_boot_info*) {
  for (size_t i = 0; i < sizeof(zeroes); ++i) CHECK(zeroes[i] == 0);
  for (size_t i = 0; i < sizeof(zeroes); ++i) zeroes[i] = static_cast<uint8_t>(i);
  for (size_t i = 0; i < sizeof(zeroes); ++i) CHECK(zeroes[i] == static_cast<uint8_t>(i));
  tk::print("BSS OK\n");
  tk::exit(tk::kPass);
}
