// The simplest test kernel: report success straight away.
#include <kbuild/boot.h>
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  kbuild_test_print("single_pass reached kernel_main\n");
  kbuild_test_pass();
}
