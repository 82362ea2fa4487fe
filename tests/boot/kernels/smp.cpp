// The other CPUs through kbuild's contract: the command line says how many QEMU was given
// ("cpus=N"); the kernel checks the list (N entries, APIC ids 0..N-1, the boot CPU among them),
// starts every other CPU with kbuild_start_cpu on a stack of its own, and each adds its index
// to a shared sum and its bit to a shared mask after checking its entry state. Prints
// "SMP cpus=N started=M" and exits with PASS once all have arrived (at most 5 s).
#include <kbuild/smp.h>

#include "test_kernel.h"

namespace {

constexpr int kMaxTestCpus = 8;
constexpr uint64_t kStackBytes = 16 * 1024;
alignas(16) uint8_t stacks[kMaxTestCpus][kStackBytes];

uint64_t boot_cr3;
uint64_t arrived_mask;
uint64_t index_sum;
uint64_t bad_line;  // set by a CPU whose entry state is wrong

uint64_t read_cr3() {
  uint64_t v;
  asm volatile("mov %%cr3, %0" : "=r"(v));
  return v;
}

#define AP_CHECK(cond) \
  do {                 \
    if (!(cond)) {     \
      __atomic_store_n(&bad_line, uint64_t(__LINE__), __ATOMIC_RELEASE); \
      for (;;) asm volatile("cli; hlt"); \
    }                  \
  } while (0)

extern "C" void ap_main(kbuild_cpu* cpu) {
  uint64_t rflags, local = 0;
  asm volatile("pushfq; popq %0" : "=r"(rflags));
  uint16_t cs, ds;
  asm volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(cs), "=r"(ds));
  AP_CHECK((rflags & (1 << 9)) == 0);  // interrupts off
  AP_CHECK(read_cr3() == boot_cr3);    // the kernel's page tables
  AP_CHECK(cs == 0x08 && ds == 0x10);  // kbuild's GDT
  AP_CHECK(tk::read_msr(0xc0000080) & (1 << 10));
  AP_CHECK(cpu->argument < kMaxTestCpus);
  uint64_t at = reinterpret_cast<uint64_t>(&local);
  uint64_t base = reinterpret_cast<uint64_t>(stacks[cpu->argument]);
  AP_CHECK(at >= base && at < base + kStackBytes);  // its own stack
  __atomic_fetch_add(&index_sum, uint64_t(cpu->index), __ATOMIC_ACQ_REL);
  __atomic_fetch_or(&arrived_mask, uint64_t(1) << cpu->index, __ATOMIC_ACQ_REL);
  for (;;) asm volatile("cli; hlt");
}

// The PIT's channel 2, polled: one millisecond.
void wait_1ms() {
  tk::outb(0x61, (tk::inb(0x61) & ~0x02) | 0x01);
  tk::outb(0x43, 0xb0);
  tk::outb(0x42, 1193 & 0xff);
  tk::outb(0x42, 1193 >> 8);
  while (!(tk::inb(0x61) & 0x20)) asm volatile("pause");
}

uint64_t expected_cpus(const char* cmdline) {
  for (const char* p = cmdline; *p; ++p) {
    if (p[0] == 'c' && p[1] == 'p' && p[2] == 'u' && p[3] == 's' && p[4] == '=') {
      uint64_t n = 0;
      for (p += 5; *p >= '0' && *p <= '9'; ++p) n = n * 10 + uint64_t(*p - '0');
      return n;
    }
  }
  return 0;
}

}  // namespace

extern "C" void test_main(const kbuild_boot_info* info) {
  CHECK(info->version == KBUILD_BOOT_VERSION);
  CHECK(info->size == sizeof(kbuild_boot_info));
  boot_cr3 = read_cr3();
  uint64_t want = expected_cpus(reinterpret_cast<const char*>(info->cmdline));
  CHECK(want >= 1 && want <= kMaxTestCpus);
  tk::print("SMP listed=");
  tk::print_dec(info->cpu_count);
  tk::print("\n");
  CHECK(info->cpu_count == want);
  CHECK(info->cpus >= info->physical_memory_offset);
  auto* cpus = reinterpret_cast<kbuild_cpu*>(info->cpus);

  // QEMU numbers its CPUs' APIC ids 0..N-1; each once, the boot CPU's among them.
  uint64_t ids = 0, boot_entries = 0, expected_mask = 0, expected_sum = 0;
  for (uint64_t i = 0; i < info->cpu_count; ++i) {
    CHECK(cpus[i].index == i);
    CHECK(cpus[i].hw_id < want);
    CHECK((ids & (uint64_t(1) << cpus[i].hw_id)) == 0);
    ids |= uint64_t(1) << cpus[i].hw_id;
    CHECK(cpus[i].goto_address == 0);
    if (cpus[i].hw_id == info->boot_cpu_id) {
      ++boot_entries;
    } else {
      expected_mask |= uint64_t(1) << i;
      expected_sum += i;
    }
  }
  CHECK(boot_entries == 1);

  uint64_t stack = 0;
  for (uint64_t i = 0; i < info->cpu_count; ++i) {
    if (cpus[i].hw_id == info->boot_cpu_id) continue;
    kbuild_start_cpu(&cpus[i], ap_main, stacks[stack] + kStackBytes, stack);
    ++stack;
  }
  for (int ms = 0; ms < 5000; ++ms) {
    if (__atomic_load_n(&arrived_mask, __ATOMIC_ACQUIRE) == expected_mask) break;
    if (__atomic_load_n(&bad_line, __ATOMIC_ACQUIRE) != 0) break;
    wait_1ms();
  }
  uint64_t bad = __atomic_load_n(&bad_line, __ATOMIC_ACQUIRE);
  if (bad != 0) tk::fail("a started CPU's entry state (AP_CHECK at that line)", int(bad));
  tk::print("SMP cpus=");
  tk::print_dec(info->cpu_count);
  tk::print(" started=");
  tk::print_dec(uint64_t(__builtin_popcountll(arrived_mask)));
  tk::print("\n");
  CHECK(arrived_mask == expected_mask);
  CHECK(index_sum == expected_sum);
  tk::exit(tk::kPass);
}
