#include "smp.h"

#include <kbuild/boot.h>

#include "../common/console.h"
#include "../common/lib.h"
#include "../common/platform.h"
#include "a64_smp_layout.h"

extern "C" char secondary_entry[];

namespace a64 {
namespace {

static_assert(__builtin_offsetof(kbuild_cpu, stack_top) == A64_CPU_STACK_TOP, "a64_smp_layout.h");
static_assert(__builtin_offsetof(kbuild_cpu, goto_address) == A64_CPU_GOTO, "a64_smp_layout.h");

constexpr uint64_t kPsciCpuOn = 0xc4000003;  // CPU_ON, SMC64 calling convention

// PSCI CPU_ON: `target` (MPIDR affinity) starts at physical `entry` with x0 = `context`.
int64_t psci_cpu_on(bool smc, uint64_t target, uint64_t entry, uint64_t context) {
  register uint64_t x0 __asm__("x0") = kPsciCpuOn;
  register uint64_t x1 __asm__("x1") = target;
  register uint64_t x2 __asm__("x2") = entry;
  register uint64_t x3 __asm__("x3") = context;
  if (smc)
    __asm__ volatile("smc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"x4", "x5", "x6", "x7", "x8", "x9", "x10",
                     "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
  else
    __asm__ volatile("hvc #0" : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)::"x4", "x5", "x6", "x7", "x8", "x9", "x10",
                     "x11", "x12", "x13", "x14", "x15", "x16", "x17", "memory");
  return static_cast<int64_t>(x0);
}

uint64_t counter() {
  uint64_t v;
  __asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v));
  return v;
}

uint64_t counter_frequency() {
  uint64_t v;
  __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(v));
  return v;
}

uint64_t* slot(const Cpus& cpus, uint32_t i) { return phys_ptr<uint64_t>(cpus.slots + i * A64_SLOT_SIZE); }

// Waits until every CPU `launched` has checked in, or kFirmwareCpuStartTimeoutMs have passed since the
// last CPU_ON; `started` says which did.
void wait_parked(const Cpus& cpus, const bool* launched, bool* started) {
  uint64_t ticks = counter_frequency() * kFirmwareCpuStartTimeoutMs / 1000;
  uint64_t begin = counter();
  for (;;) {
    bool all = true;
    for (uint32_t i = 0; i < cpus.count; ++i) {
      if (launched[i] && !started[i]) started[i] = *(static_cast<volatile uint64_t*>(slot(cpus, i)) + A64_SLOT_STARTED / 8) != 0;
      all = all && (!launched[i] || started[i]);
    }
    if (all || counter() - begin > ticks) return;
  }
}

// A note on the UART for a CPU left out: `status` is CPU_ON's error, 0 when it did not park in time.
void note_not_started(uint64_t hw_id, int64_t status) {
  Message note;
  note.str("kbuild boot: note: the CPU with MPIDR affinity ").hex(hw_id);
  if (status != 0) note.str(" was not started (PSCI CPU_ON returned -").dec(uint64_t(-status)).str(")");
  else note.str(" did not start within ").dec(kFirmwareCpuStartTimeoutMs).str(" ms");
  note.str("; it is left out of the CPU list").print();
}

}  // namespace

void smp_prepare(const DeviceTreeFacts& tree, Cpus* out) {
  out->smc = tree.psci_smc;
  auto psci = [](const DeviceTreeCpu& c) { return c.psci && !c.disabled; };
  auto none = [](const DeviceTreeCpu&) { return false; };
  out->count = device_tree_cpu_list(tree, boot_cpu_id(), tree.has_psci ? +psci : +none, out->hw_id, &out->boot);
  out->array = platform_allocate(out->count * sizeof(kbuild_cpu), KBUILD_MEMORY_BOOT_INFO);
  memset(phys_ptr<void>(out->array), 0, out->count * sizeof(kbuild_cpu));
  out->slots = platform_allocate(out->count * A64_SLOT_SIZE, KBUILD_MEMORY_BOOTLOADER);
  memset(phys_ptr<void>(out->slots), 0, out->count * A64_SLOT_SIZE);
}

void smp_start(const Cpus& cpus, const AddressSpace& space, uint64_t offset, uint64_t info) {
  // CPU_ON to each, then one bounded wait for all: a CPU that starts late does not hold up the
  // others' start.
  bool launched[kbuild_limits::kMaxCpus] = {}, started[kbuild_limits::kMaxCpus] = {};
  for (uint32_t i = 0; i < cpus.count; ++i) {
    if (i == cpus.boot) {
      started[i] = true;
      continue;
    }
    uint64_t* s = slot(cpus, i);
    s[A64_SLOT_TTBR1 / 8] = space.ttbr1;
    s[A64_SLOT_TTBR0 / 8] = space.ttbr0;
    s[A64_SLOT_MAIR / 8] = space.mair;
    s[A64_SLOT_TCR / 8] = space.tcr;
    s[A64_SLOT_VBAR / 8] = space.vectors;
    s[A64_SLOT_SELF / 8] = offset + cpus.slots + i * A64_SLOT_SIZE;
    __asm__ volatile("dsb sy" ::: "memory");
    int64_t status = psci_cpu_on(cpus.smc, cpus.hw_id[i], reinterpret_cast<uint64_t>(secondary_entry),
                                 cpus.slots + i * A64_SLOT_SIZE);
    if (status != 0) note_not_started(cpus.hw_id[i], status);
    launched[i] = status == 0;
  }
  wait_parked(cpus, launched, started);
  for (uint32_t i = 0; i < cpus.count; ++i)
    if (launched[i] && !started[i]) note_not_started(cpus.hw_id[i], 0);

  // The list: the boot CPU and those parked, in the tree's order; each parked CPU is then told
  // its entry.
  auto* list = phys_ptr<kbuild_cpu>(cpus.array);
  uint32_t n = 0;
  for (uint32_t i = 0; i < cpus.count; ++i) {
    if (!started[i]) continue;
    list[n] = {};
    list[n].index = n;
    list[n].hw_id = cpus.hw_id[i];
    if (i != cpus.boot) slot(cpus, i)[A64_SLOT_CPU / 8] = offset + cpus.array + n * sizeof(kbuild_cpu);
    ++n;
  }
  auto* boot_info = phys_ptr<kbuild_boot_info>(info);
  boot_info->cpus = offset + cpus.array;
  boot_info->cpu_count = n;
  __asm__ volatile("dsb sy; sev" ::: "memory");
}

}  // namespace a64
