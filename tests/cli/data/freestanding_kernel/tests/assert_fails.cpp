// A failed assert() must panic with the file, the line and the expression.
#include <kbuild/boot.h>
#include <kbuild/test.h>

#include <cassert>

static volatile int g_answer = 41;

extern "C" void kernel_main(const kbuild_boot_info*) {
  int answer = g_answer;
  assert(answer == 42);
  kbuild_test_pass();  // not reached: the assertion panics
}
