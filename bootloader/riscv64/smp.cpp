#include "smp.h"

#include <kbuild/boot.h>

#include "console.h"
#include "lib.h"
#include "platform.h"
#include "rv_smp_layout.h"

namespace {

static_assert(__builtin_offsetof(kbuild_cpu, stack_top) == RV_CPU_STACK_TOP, "rv_smp_layout.h");
static_assert(__builtin_offsetof(kbuild_cpu, goto_address) == RV_CPU_GOTO, "rv_smp_layout.h");

constexpr uint64_t kSbiBase = 0x10, kSbiProbeExtension = 3;
constexpr uint64_t kSbiHsm = 0x48534d, kSbiHartStart = 0;

struct SbiResult {
  int64_t error;
  uint64_t value;
};

SbiResult sbi_call(uint64_t extension, uint64_t function, uint64_t arg0, uint64_t arg1, uint64_t arg2) {
  register uint64_t a0 asm("a0") = arg0;
  register uint64_t a1 asm("a1") = arg1;
  register uint64_t a2 asm("a2") = arg2;
  register uint64_t a6 asm("a6") = function;
  register uint64_t a7 asm("a7") = extension;
  asm volatile("ecall" : "+r"(a0), "+r"(a1) : "r"(a2), "r"(a6), "r"(a7) : "memory");
  return {static_cast<int64_t>(a0), a1};
}

bool has_hsm() {
  SbiResult r = sbi_call(kSbiBase, kSbiProbeExtension, kSbiHsm, 0, 0);
  return r.error == 0 && r.value != 0;
}

uint64_t time_now() {
  uint64_t t;
  asm volatile("rdtime %0" : "=r"(t));
  return t;
}

uint64_t* slot(const Harts& harts, uint32_t i) { return phys_ptr<uint64_t>(harts.slots + i * RV_SLOT_SIZE); }

// Waits until every hart `launched` has checked in, or kFirmwareCpuStartTimeoutMs have passed since
// the last hart_start; `started` says which did.
void wait_parked(const Harts& harts, const bool* launched, bool* started) {
  uint64_t ticks = harts.timebase * kFirmwareCpuStartTimeoutMs / 1000;
  uint64_t begin = time_now();
  for (;;) {
    bool all = true;
    for (uint32_t i = 0; i < harts.count; ++i) {
      if (launched[i] && !started[i]) started[i] = *(static_cast<volatile uint64_t*>(slot(harts, i)) + RV_SLOT_STARTED / 8) != 0;
      all = all && (!launched[i] || started[i]);
    }
    if (all || time_now() - begin > ticks) return;
  }
}

// A note on the UART for a hart left out: `error` is hart_start's, 0 when it did not park in time.
void note_not_started(uint64_t hart, int64_t error) {
  Message note;
  note.str("kbuild boot: note: hart ").dec(hart);
  if (error != 0) note.str(" was not started (SBI hart_start returned -").dec(uint64_t(-error)).str(")");
  else note.str(" did not start within ").dec(kFirmwareCpuStartTimeoutMs).str(" ms");
  note.str("; it is left out of the CPU list").print();
}

}  // namespace

void smp_prepare(const DeviceTreeFacts& tree, uint64_t boot_hart, Harts* out) {
  out->timebase = tree.timebase_frequency;
  bool others = tree.timebase_frequency != 0 && has_hsm();
  auto usable = [](const DeviceTreeCpu& c) { return c.mmu && !c.disabled; };
  auto none = [](const DeviceTreeCpu&) { return false; };
  out->count = device_tree_cpu_list(tree, boot_hart, others ? +usable : +none, out->hw_id, &out->boot);
  out->array = platform_allocate(out->count * sizeof(kbuild_cpu), KBUILD_MEMORY_BOOT_INFO);
  memset(phys_ptr<void>(out->array), 0, out->count * sizeof(kbuild_cpu));
  out->slots = platform_allocate(out->count * RV_SLOT_SIZE, KBUILD_MEMORY_BOOTLOADER);
  memset(phys_ptr<void>(out->slots), 0, out->count * RV_SLOT_SIZE);
}

void smp_start(const Harts& harts, uint64_t satp, uint64_t entry, uint64_t offset, uint64_t info) {
  // hart_start to each, then one bounded wait for all.
  bool launched[kbuild_limits::kMaxCpus] = {}, started[kbuild_limits::kMaxCpus] = {};
  for (uint32_t i = 0; i < harts.count; ++i) {
    if (i == harts.boot) {
      started[i] = true;
      continue;
    }
    uint64_t* s = slot(harts, i);
    s[RV_SLOT_SATP / 8] = satp;
    s[RV_SLOT_SELF / 8] = offset + harts.slots + i * RV_SLOT_SIZE;
    asm volatile("fence rw, rw" ::: "memory");
    SbiResult r = sbi_call(kSbiHsm, kSbiHartStart, harts.hw_id[i], entry, harts.slots + i * RV_SLOT_SIZE);
    if (r.error != 0) note_not_started(harts.hw_id[i], r.error);
    launched[i] = r.error == 0;
  }
  wait_parked(harts, launched, started);
  for (uint32_t i = 0; i < harts.count; ++i)
    if (launched[i] && !started[i]) note_not_started(harts.hw_id[i], 0);

  // The list: the boot hart and those parked, in the tree's order; each parked hart is then
  // told its entry.
  auto* list = phys_ptr<kbuild_cpu>(harts.array);
  uint32_t n = 0;
  for (uint32_t i = 0; i < harts.count; ++i) {
    if (!started[i]) continue;
    list[n] = {};
    list[n].index = n;
    list[n].hw_id = harts.hw_id[i];
    if (i != harts.boot) {
      asm volatile("fence rw, w" ::: "memory");
      slot(harts, i)[RV_SLOT_CPU / 8] = offset + harts.array + n * sizeof(kbuild_cpu);
    }
    ++n;
  }
  auto* boot_info = phys_ptr<kbuild_boot_info>(info);
  boot_info->cpus = offset + harts.array;
  boot_info->cpu_count = n;
  asm volatile("fence rw, rw" ::: "memory");
}
