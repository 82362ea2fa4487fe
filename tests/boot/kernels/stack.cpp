// A deep stack works; with MODE_OVERFLOW, running off its end hits the guard page, reported by
// a #PF handler on an IST stack (the faulting stack is unusable).
#include "test_kernel.h"

static const kbuild_boot_info* boot_info;

__attribute__((noinline)) static uint64_t deep(uint64_t n) {
  volatile uint8_t frame[1024];
  frame[0] = static_cast<uint8_t>(n);
  frame[sizeof(frame) - 1] = 1;
  if (n == 0) return frame[0];
  uint64_t r = deep(n - 1);
  asm volatile("" ::: "memory");
  return r + frame[sizeof(frame) - 1];
}

static void on_fault(const tk::Fault& f) {
  uint64_t guard_top = boot_info->stack_top - boot_info->stack_size;
  tk::print("FAULT vector=");
  tk::print_dec(f.vector);
  tk::print(" cr2=");
  tk::print_hex(f.cr2);
  tk::print("\n");
  bool in_guard = f.cr2 >= guard_top - 4096 && f.cr2 < guard_top;
  if ((f.vector == 14 && in_guard) || f.vector == 8) {
    tk::print("GUARD PAGE HIT\n");
    tk::exit(tk::kFaultCaught);
  }
  tk::exit(tk::kFail);
}

extern "C" void test_main(const kbuild_boot_info* info) {
  boot_info = info;
  tk::install_fault_handlers();
  tk::on_fault = on_fault;
  // Most of the stack, in 1 KiB frames (each call also pushes a return address and more).
  uint64_t depth = (info->stack_size - 16 * 1024) / 1100;
  CHECK(deep(depth) == depth);
  tk::print("DEEP STACK OK depth=");
  tk::print_dec(depth);
  tk::print("\n");
#ifdef MODE_OVERFLOW
  deep(info->stack_size);  // far more than fits
  tk::print("NO FAULT\n");
  tk::exit(tk::kFail);
#endif
  tk::exit(tk::kPass);
}
