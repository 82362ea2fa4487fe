// A kernel without cases, sorted after the others: it passes when it boots.
#include <kbuild/boot.h>
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_test_print("z_after booted\n");
  kbuild_test_pass();
}
