// The other harts on riscv64 (kbuild_boot_info.cpus): listed from the device tree's /cpus
// (reg = hart id; not disabled, with an mmu-type), started with SBI HSM hart_start into
// entry.S's secondary_entry in the last step's page, which takes the kernel's satp and parks.
// Without the HSM extension (sbi_probe_extension) only the boot hart is listed.
//
// Order: smp_prepare while pages can still be allocated (before the boot information);
// smp_start as the last step before the jump.
#pragma once
#include <stdint.h>

#include "boot_limits.h"
#include "fdt.h"

struct Harts {
  uint32_t count = 0;  // the boot hart included
  uint32_t boot = 0;   // its index
  uint64_t hw_id[kbuild_limits::kMaxCpus];
  uint64_t timebase = 0;  // Hz of the time CSR
  uint64_t array = 0;     // physical: struct kbuild_cpu[count] (BOOT_INFO)
  uint64_t slots = 0;     // physical: one slot per hart (rv_smp_layout.h; BOOTLOADER)
};

void smp_prepare(const DeviceTreeFacts& tree, uint64_t boot_hart, Harts* out);

// Starts every hart but the boot hart at `entry` (physical, secondary_entry in the last step's
// page) and waits (kFirmwareCpuStartTimeoutMs at most, for all) for it to park; lists the boot hart and
// those that parked, sets cpus and cpu_count in the boot information at physical `info`, and
// lets the parked harts wait on their goto_address. A hart that did not start is named in a
// note on the UART.
void smp_start(const Harts& harts, uint64_t satp, uint64_t entry, uint64_t offset, uint64_t info);
