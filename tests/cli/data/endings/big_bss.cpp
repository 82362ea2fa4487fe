// 64 MiB of .bss: more than a 32 MiB machine can give, so the loader gives up.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

static volatile char big[64 << 20];

extern "C" void kernel_main(const kbuild_boot_info*) {
  big[sizeof big - 1] = 1;
  kbuild_exit(0x10);
}
