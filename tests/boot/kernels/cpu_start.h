// What the test kernels that start the other CPUs share (smp.cpp through kbuild's contract,
// limine_mp.cpp through the Limine protocol): how many CPUs the command line says QEMU has
// ("cpus=N"), a check a started CPU makes of its entry state (AP_CHECK: it records the failing
// line and parks the CPU, since only the boot CPU may report), and the boot CPU's wait for the
// others and its "<label> cpus=N started=M" line. Include after test_kernel.h.
#pragma once

#include <stdint.h>

namespace tk {

constexpr int kMaxTestCpus = 8;

inline uint64_t arrived_mask;  // one bit per CPU that got through its checks
inline uint64_t bad_line;      // set by a CPU whose entry state is wrong

#define AP_CHECK(cond)                                                         \
  do {                                                                         \
    if (!(cond)) {                                                             \
      __atomic_store_n(&tk::bad_line, uint64_t(__LINE__), __ATOMIC_RELEASE);   \
      for (;;) asm volatile("cli; hlt");                                       \
    }                                                                          \
  } while (0)

inline void arrived(uint64_t bit) { __atomic_fetch_or(&arrived_mask, uint64_t(1) << bit, __ATOMIC_ACQ_REL); }

inline uint64_t read_cr3() {
  uint64_t v;
  asm volatile("mov %%cr3, %0" : "=r"(v));
  return v;
}

// The PIT's channel 2, polled: one millisecond.
inline void wait_1ms() {
  outb(0x61, (inb(0x61) & ~0x02) | 0x01);
  outb(0x43, 0xb0);
  outb(0x42, 1193 & 0xff);
  outb(0x42, 1193 >> 8);
  while (!(inb(0x61) & 0x20)) asm volatile("pause");
}

// N of "cpus=N" in the command line; 0 without one.
inline uint64_t expected_cpus(const char* cmdline) {
  for (const char* p = cmdline; *p; ++p) {
    if (p[0] == 'c' && p[1] == 'p' && p[2] == 'u' && p[3] == 's' && p[4] == '=') {
      uint64_t n = 0;
      for (p += 5; *p >= '0' && *p <= '9'; ++p) n = n * 10 + uint64_t(*p - '0');
      return n;
    }
  }
  return 0;
}

// Waits (at most 5 s) until the arrived mask is `expected` or a CPU failed a check, fails the
// test with that CPU's line, then prints "<label> cpus=<count> started=<arrived>" and checks
// that every expected CPU arrived.
inline void await_cpus(const char* label, uint64_t count, uint64_t expected) {
  for (int ms = 0; ms < 5000; ++ms) {
    if (__atomic_load_n(&arrived_mask, __ATOMIC_ACQUIRE) == expected) break;
    if (__atomic_load_n(&bad_line, __ATOMIC_ACQUIRE) != 0) break;
    wait_1ms();
  }
  uint64_t bad = __atomic_load_n(&bad_line, __ATOMIC_ACQUIRE);
  if (bad != 0) fail("a started CPU's entry state (AP_CHECK at that line)", int(bad));
  uint64_t mask = __atomic_load_n(&arrived_mask, __ATOMIC_ACQUIRE);
  print(label);
  print(" cpus=");
  print_dec(count);
  print(" started=");
  print_dec(uint64_t(__builtin_popcountll(mask)));
  print("\n");
  CHECK(mask == expected);
}

}  // namespace tk
