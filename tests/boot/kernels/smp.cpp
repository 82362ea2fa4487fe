// The other CPUs through kbuild's contract: the command line says how many QEMU was given
// ("cpus=N"); the kernel checks the list (N entries, APIC ids 0..N-1, the boot CPU among them),
// starts every other CPU with kbuild_start_cpu on a stack of its own, and each adds its index
// to a shared sum and its bit to a shared mask after checking its entry state. Prints
// "SMP cpus=N started=M" and exits with PASS once all have arrived (at most 5 s).
#include <kbuild/smp.h>

#include "test_kernel.h"
#include "cpu_start.h"

namespace {

using tk::kMaxTestCpus;
constexpr uint64_t kStackBytes = 16 * 1024;
alignas(16) uint8_t stacks[kMaxTestCpus][kStackBytes];

uint64_t boot_cr3;
uint64_t index_sum;

extern "C" void ap_main(kbuild_cpu* cpu) {
  uint64_t rflags, local = 0;
  asm volatile("pushfq; popq %0" : "=r"(rflags));
  uint16_t cs, ds;
  asm volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(cs), "=r"(ds));
  AP_CHECK((rflags & (1 << 9)) == 0);  // interrupts off
  AP_CHECK(tk::read_cr3() == boot_cr3);  // the kernel's page tables
  AP_CHECK(cs == 0x08 && ds == 0x10);  // kbuild's GDT
  AP_CHECK(tk::read_msr(0xc0000080) & (1 << 10));
  AP_CHECK(cpu->argument < kMaxTestCpus);
  uint64_t at = reinterpret_cast<uint64_t>(&local);
  uint64_t base = reinterpret_cast<uint64_t>(stacks[cpu->argument]);
  AP_CHECK(at >= base && at < base + kStackBytes);  // its own stack
  __atomic_fetch_add(&index_sum, uint64_t(cpu->index), __ATOMIC_ACQ_REL);
  tk::arrived(cpu->index);
  for (;;) asm volatile("cli; hlt");
}

}  // namespace

extern "C" void test_main(const kbuild_boot_info* info) {
  CHECK(info->version == KBUILD_BOOT_VERSION);
  CHECK(info->size == sizeof(kbuild_boot_info));
  boot_cr3 = tk::read_cr3();
  uint64_t want = tk::expected_cpus(reinterpret_cast<const char*>(info->cmdline));
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
  tk::await_cpus("SMP", info->cpu_count, expected_mask);
  CHECK(index_sum == expected_sum);
  tk::exit(tk::kPass);
}
