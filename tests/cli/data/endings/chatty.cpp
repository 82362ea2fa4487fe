// Prints about 3 MiB on COM1, then its last line, then passes: the serial log kbuild keeps must
// stay bounded and hold the tail.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <kbuild/test.h>

extern "C" void kernel_main(const kbuild_boot_info*) {
  char line[] = "chatter line 000000 ................................................\n";
  for (unsigned i = 0; i < 48000; ++i) {
    unsigned n = i;
    for (int d = 18; d >= 13; --d, n /= 10) line[d] = static_cast<char>('0' + n % 10);
    kbuild_serial_write(line, sizeof line - 1);
  }
  kbuild_test_print("LAST LINE\n");
  kbuild_test_pass();
}
