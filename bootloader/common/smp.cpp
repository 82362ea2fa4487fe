#include "smp.h"

#include <kbuild/boot.h>

#include "console.h"
#include "cpu.h"
#include "lib.h"
#include "platform.h"
#include "smp_layout.h"

static_assert(kbuild_limits::kMaxCpus == KBUILD_MAX_CPUS && SMP_MAX_CPUS == KBUILD_MAX_CPUS,
              "one CPU limit");

extern "C" char smp_trampoline[], smp_trampoline_long[], smp_trampoline_end[];  // smp_trampoline.S
extern "C" char enter_kernel[], park_cpu[];                                       // enter_kernel.S

namespace {

// ACPI: the RSDP's RSDT (revision 0) or XSDT (2 and up), each table's 36-byte header.
constexpr uint32_t kSdtHeader = 36;
constexpr uint64_t kMaxTableBytes = kMiB;  // anything longer is not a table
constexpr uint8_t kMadtLocalApic = 0, kMadtX2Apic = 9;
constexpr uint32_t kMadtEnabled = 1;

template <class T>
T read(uint64_t address) {
  T value;
  memcpy(&value, phys_ptr<void>(address), sizeof(value));
  return value;
}

// The table's length when `address` holds a table with this signature, else 0.
uint32_t table_length(uint64_t address, const char* signature) {
  if (address == 0 || address >= 4 * kGiB) return 0;
  if (memcmp(phys_ptr<void>(address), signature, 4) != 0) return 0;
  uint32_t length = read<uint32_t>(address + 4);
  return length >= kSdtHeader && length <= kMaxTableBytes ? length : 0;
}

uint64_t find_madt(uint64_t rsdp) {
  if (rsdp == 0) return 0;
  uint8_t revision = read<uint8_t>(rsdp + 15);
  uint64_t root = revision >= 2 ? read<uint64_t>(rsdp + 24) : read<uint32_t>(rsdp + 16);
  uint32_t entry_size = revision >= 2 ? 8 : 4;
  uint32_t length = table_length(root, revision >= 2 ? "XSDT" : "RSDT");
  if (length == 0 && revision >= 2) {  // a broken XSDT: the RSDT may still be right
    root = read<uint32_t>(rsdp + 16);
    entry_size = 4;
    length = table_length(root, "RSDT");
  }
  for (uint32_t at = kSdtHeader; at + entry_size <= length; at += entry_size) {
    uint64_t table = entry_size == 8 ? read<uint64_t>(root + at) : read<uint32_t>(root + at);
    if (table_length(table, "APIC") != 0) return table;
  }
  return 0;
}

void add_cpu(CpuList* out, uint32_t apic_id, uint32_t acpi_id, uint32_t* skipped) {
  for (uint32_t i = 0; i < out->count; ++i) {
    if (out->cpus[i].apic_id == apic_id) return;  // an x2APIC entry repeating a local APIC one
  }
  if (out->count == kbuild_limits::kMaxCpus) {
    ++*skipped;
    return;
  }
  out->cpus[out->count++] = {apic_id, acpi_id};
}

// The local APIC: xAPIC registers in MMIO at the base MSR's address, or x2APIC MSRs.
constexpr uint64_t kApicBaseAddressMask = 0xffffffffff000ULL;
constexpr uint32_t kMsrX2apicIcr = 0x830;
constexpr uint32_t kXapicIcrLow = 0x300, kXapicIcrHigh = 0x310;
constexpr uint32_t kIcrDeliveryPending = 1U << 12;
constexpr uint32_t kIcrInit = 0x4500;     // INIT, level assert
constexpr uint32_t kIcrStartup = 0x4600;  // start-up, level assert; vector = page >> 12

struct Apic {
  bool x2apic;
  uint64_t mmio;
};

Apic local_apic() {
  uint64_t base = cpu::read_msr(cpu::kMsrApicBase);
  return {(base & cpu::kApicBaseX2apic) != 0, base & kApicBaseAddressMask};
}

volatile uint32_t* xapic_register(const Apic& apic, uint32_t offset) {
  return phys_ptr<volatile uint32_t>(apic.mmio + offset);
}

// The PIT's channel 2 (gate and output through port 0x61), counting at 1.193182 MHz: a bounded
// wait that does not depend on the CPU's speed.
constexpr uint16_t kPitChannel2 = 0x42, kPitCommand = 0x43, kPort61 = 0x61;
constexpr uint8_t kPort61Gate = 0x01, kPort61Speaker = 0x02, kPort61Out2 = 0x20;
constexpr uint32_t kPitHz = 1193182;

void pit_start(uint32_t microseconds) {
  uint32_t ticks = uint32_t(uint64_t(kPitHz) * microseconds / 1000000);
  if (ticks == 0) ticks = 1;
  if (ticks > 0xffff) ticks = 0xffff;
  outb(kPort61, (inb(kPort61) & ~kPort61Speaker) | kPort61Gate);
  outb(kPitCommand, 0xb0);  // channel 2, low then high byte, mode 0 (interrupt on terminal count)
  outb(kPitChannel2, uint8_t(ticks));
  outb(kPitChannel2, uint8_t(ticks >> 8));
}

bool pit_done() { return (inb(kPort61) & kPort61Out2) != 0; }

void pit_wait(uint32_t microseconds) {
  pit_start(microseconds);
  while (!pit_done()) asm volatile("pause");
}

void send_ipi(const Apic& apic, uint32_t apic_id, uint32_t command) {
  if (apic.x2apic) {
    cpu::write_msr(kMsrX2apicIcr, uint64_t{apic_id} << 32 | command);
    return;
  }
  *xapic_register(apic, kXapicIcrHigh) = apic_id << 24;
  *xapic_register(apic, kXapicIcrLow) = command;
  pit_start(1000);  // the IPI leaves within microseconds; never wait forever for it
  while ((*xapic_register(apic, kXapicIcrLow) & kIcrDeliveryPending) != 0 && !pit_done()) {
    asm volatile("pause");
  }
}

uint8_t* data(uint64_t page) { return phys_ptr<uint8_t>(page + SMP_DATA); }
uint8_t* slot(uint64_t page, uint32_t index) {
  return data(page) + SMP_CPUS + index * SMP_SLOT_SIZE;
}

template <class T>
void put(uint8_t* at, T value) {
  memcpy(at, &value, sizeof(value));
}

bool all_started(const CpuList& list, uint64_t page, bool* started) {
  bool all = true;
  for (uint32_t i = 0; i < list.count; ++i) {
    if (i == list.bsp || started[i]) continue;
    started[i] = __atomic_load_n(reinterpret_cast<uint32_t*>(slot(page, i) + SMP_SLOT_STARTED),
                                 __ATOMIC_ACQUIRE) != 0;
    all = all && started[i];
  }
  return all;
}

// Fills the start-up page: the trampoline, the kernel's GDT copied, the boot CPU's state.
void fill_page(const CpuList& list, uint64_t page, const SmpHandover& h, bool xapic_ids_only) {
  memset(phys_ptr<void>(page), 0, kPageSize);
  memcpy(phys_ptr<void>(page), smp_trampoline, smp_trampoline_end - smp_trampoline);
  uint8_t* d = data(page);

  uint16_t gdt_limit = read<uint16_t>(h.gdtr - h.offset);
  uint64_t gdt_base = read<uint64_t>(h.gdtr - h.offset + 2);
  if (gdt_limit + 1u > SMP_GDT_MAX) fail("the kernel's GDT is too large for the start-up page");
  memcpy(d + SMP_GDT, phys_ptr<void>(gdt_base - h.offset), gdt_limit + 1u);
  put<uint16_t>(d + SMP_GDTR32, gdt_limit);
  put<uint32_t>(d + SMP_GDTR32 + 2, uint32_t(page + SMP_DATA + SMP_GDT));
  put<uint32_t>(d + SMP_FAR_JUMP, uint32_t(page + (smp_trampoline_long - smp_trampoline)));
  put<uint16_t>(d + SMP_FAR_JUMP + 4, h.code_selector);

  uint64_t cr3 = cpu::read_cr3();
  if (cr3 >= 4 * kGiB) fail("the loader's page tables lie above 4 GiB");
  put<uint32_t>(d + SMP_CR3_LOW, uint32_t(cr3));
  uint64_t cr0 = cpu::read_cr0();
  put<uint32_t>(d + SMP_CR0, uint32_t(cr0));
  constexpr uint64_t kEferLma = 1ULL << 10;
  put<uint64_t>(d + SMP_EFER, cpu::read_msr(cpu::kMsrEfer) & ~kEferLma);
  put<uint64_t>(d + SMP_PARK, h.park_page + (park_cpu - enter_kernel));
  put<uint64_t>(d + SMP_DATA_VIRT, h.offset + page + SMP_DATA);
  put<uint64_t>(d + SMP_KERNEL_CR3, h.kernel_cr3);
  uint64_t cr4;
  asm volatile("mov %%cr4, %0" : "=r"(cr4));
  put<uint64_t>(d + SMP_CR4, cr4);
  put<uint64_t>(d + SMP_PAT, cpu::read_msr(cpu::kMsrPat));
  memcpy(d + SMP_GDTR, phys_ptr<void>(h.gdtr - h.offset), 10);
  put<uint16_t>(d + SMP_SELECTORS, h.code_selector);
  put<uint16_t>(d + SMP_SELECTORS + 2, h.data_selector);
  put<uint32_t>(d + SMP_X2APIC, xapic_ids_only ? 0 : 1);
  put<uint32_t>(d + SMP_COUNT, list.count);
  for (uint32_t i = 0; i < list.count; ++i) {
    // The boot CPU's slot can never match another CPU's id, and it is never started.
    put<uint32_t>(slot(page, i) + SMP_SLOT_APIC_ID, i == list.bsp ? 0xffffffffu : list.cpus[i].apic_id);
  }
}

}  // namespace

void smp_find_cpus(uint64_t rsdp, CpuList* out) {
  out->count = 0;
  uint32_t bsp_id = cpu::apic_id();
  uint32_t skipped = 0;
  uint64_t madt = find_madt(rsdp);
  uint32_t length = madt == 0 ? 0 : table_length(madt, "APIC");
  // The boot CPU first among equals: it is always listed, where the MADT puts it.
  bool bsp_seen = false;
  for (uint32_t at = kSdtHeader + 8; at + 2 <= length;) {
    uint8_t type = read<uint8_t>(madt + at);
    uint8_t size = read<uint8_t>(madt + at + 1);
    if (size < 2 || at + size > length) break;
    uint32_t apic_id = 0, acpi_id = 0, flags = 0;
    bool cpu = false;
    if (type == kMadtLocalApic && size >= 8) {
      acpi_id = read<uint8_t>(madt + at + 2);
      apic_id = read<uint8_t>(madt + at + 3);
      flags = read<uint32_t>(madt + at + 4);
      cpu = true;
    } else if (type == kMadtX2Apic && size >= 16) {
      apic_id = read<uint32_t>(madt + at + 4);
      flags = read<uint32_t>(madt + at + 8);
      acpi_id = read<uint32_t>(madt + at + 12);
      cpu = true;
    }
    at += size;
    if (!cpu || (flags & kMadtEnabled) == 0) continue;
    if (apic_id == bsp_id) {
      bsp_seen = true;
      if (out->count == kbuild_limits::kMaxCpus) {  // make room: it must be listed
        out->count--;
        ++skipped;
      }
    }
    add_cpu(out, apic_id, acpi_id, &skipped);
  }
  if (!bsp_seen) {
    if (out->count == kbuild_limits::kMaxCpus) {
      out->count--;
      ++skipped;
    }
    add_cpu(out, bsp_id, 0, &skipped);
  }
  for (uint32_t i = 0; i < out->count; ++i) {
    if (out->cpus[i].apic_id == bsp_id) out->bsp = i;
  }
  if (skipped != 0) {
    Message()
        .str("kbuild boot: note: ")
        .dec(skipped)
        .str(" more CPUs than the ")
        .dec(kbuild_limits::kMaxCpus)
        .str(" listed; they stay off")
        .print();
  }
}

void smp_start(const CpuList& list, uint64_t page, const SmpHandover& handover, bool* started) {
  for (uint32_t i = 0; i < list.count; ++i) started[i] = i == list.bsp;
  if (list.count <= 1) return;
  asm volatile("cli");  // no firmware interrupt between the IPIs and the polls (UEFI)
  Apic apic = local_apic();
  fill_page(list, page, handover, !apic.x2apic);
  // Targets the xAPIC cannot address stay off (and are reported as not started).
  auto reachable = [&](uint32_t i) { return i != list.bsp && (apic.x2apic || list.cpus[i].apic_id < 0xff); };

  // INIT to each, 10 ms, then a start-up IPI, 200 us, and a second one for those not parked.
  for (uint32_t i = 0; i < list.count; ++i) {
    if (reachable(i)) send_ipi(apic, list.cpus[i].apic_id, kIcrInit);
  }
  pit_wait(10000);
  uint32_t vector = uint32_t(page >> 12);
  for (int round = 0; round < 2; ++round) {
    for (uint32_t i = 0; i < list.count; ++i) {
      if (reachable(i) && !started[i]) send_ipi(apic, list.cpus[i].apic_id, kIcrStartup | vector);
    }
    pit_wait(200);
    if (all_started(list, page, started)) return;
  }
  for (uint32_t waited = 0; waited < kbuild_limits::kCpuStartTimeoutMs; ++waited) {
    pit_start(1000);
    while (!pit_done()) {
      if (all_started(list, page, started)) return;
      asm volatile("pause");
    }
  }
  if (all_started(list, page, started)) return;
  for (uint32_t i = 0; i < list.count; ++i) {
    if (started[i]) continue;
    Message()
        .str("kbuild boot: note: the CPU with APIC id ")
        .dec(list.cpus[i].apic_id)
        .str(" did not start within ")
        .dec(kbuild_limits::kCpuStartTimeoutMs)
        .str(" ms; it is left out of the CPU list")
        .print();
  }
}

void smp_release(uint64_t page, uint32_t index, uint64_t info, uint64_t goto_word, uint64_t stack_word) {
  uint8_t* s = slot(page, index);
  put<uint64_t>(s + SMP_SLOT_GOTO, goto_word);
  put<uint64_t>(s + SMP_SLOT_STACK, stack_word);
  __atomic_store_n(reinterpret_cast<uint64_t*>(s + SMP_SLOT_INFO), info, __ATOMIC_RELEASE);
}

uint64_t smp_own_stack_word(uint64_t page, const SmpHandover& handover, uint32_t index, uint64_t stack_top) {
  put<uint64_t>(slot(page, index) + SMP_SLOT_OWN_STACK, stack_top);
  return handover.offset + page + SMP_DATA + SMP_CPUS + index * SMP_SLOT_SIZE + SMP_SLOT_OWN_STACK;
}

void smp_prepare_kbuild(uint64_t rsdp, KbuildCpus* out) {
  smp_find_cpus(rsdp, &out->list);
  out->array = platform_allocate(out->list.count * sizeof(kbuild_cpu), KBUILD_MEMORY_BOOT_INFO);
  out->page = 0;
  if (out->list.count > 1) {
    out->page = platform_allocate_low_page();
    if (out->page == 0) {
      Message().str("kbuild boot: note: no free page below 1 MiB; the other CPUs stay off").print();
    }
  }
}

CpuList cpus_to_start(const CpuList& list, uint64_t page) {
  CpuList out = list;
  if (page == 0) {
    out.cpus[0] = list.cpus[list.bsp];
    out.count = 1;
    out.bsp = 0;
  }
  return out;
}

void smp_enter_kbuild(const KbuildCpus& cpus, const SmpHandover& handover, uint64_t info) {
  bool started[kbuild_limits::kMaxCpus] = {};
  CpuList list = cpus_to_start(cpus.list, cpus.page);
  smp_start(list, cpus.page, handover, started);
  auto* array = phys_ptr<kbuild_cpu>(cpus.array);
  uint32_t listed = 0;
  for (uint32_t i = 0; i < list.count; ++i) {
    if (!started[i]) continue;
    kbuild_cpu* entry = array + listed;
    *entry = {};
    entry->index = listed;
    entry->hw_id = list.cpus[i].apic_id;
    uint64_t virt = handover.offset + reinterpret_cast<uint64_t>(entry);
    if (i != list.bsp) {
      smp_release(cpus.page, i, virt, virt + __builtin_offsetof(kbuild_cpu, goto_address),
                  virt + __builtin_offsetof(kbuild_cpu, stack_top));
    }
    ++listed;
  }
  auto* boot_info = phys_ptr<kbuild_boot_info>(info);
  boot_info->cpus = handover.offset + cpus.array;
  boot_info->cpu_count = listed;
}
