// The other CPUs on aarch64 (kbuild_boot_info.cpus): listed from the device tree's /cpus
// (enable-method "psci"; reg is MPIDR's affinity), started with PSCI CPU_ON (the /psci
// node's method: HVC or SMC) into enter_kernel.S's secondary_entry, which takes the boot CPU's
// translation state and parks in the vectors' page (park_cpu) on the kernel's tables.
//
// Order: smp_prepare while pages can still be allocated (before the memory map is final);
// smp_start with the MMU off as the last step before the jump, after the boot information.
#pragma once
#include <stdint.h>

#include "../common/fdt.h"
#include "../shared/boot_limits.h"
#include "boot.h"

namespace a64 {

struct Cpus {
  uint32_t count = 0;  // the boot CPU included
  uint32_t boot = 0;   // its index
  uint64_t hw_id[kbuild_limits::kMaxCpus];
  bool smc = false;    // PSCI's conduit
  uint64_t array = 0;  // physical: struct kbuild_cpu[count] (BOOT_INFO)
  uint64_t slots = 0;  // physical: one slot per CPU (a64_smp_layout.h; BOOTLOADER)
};

// The CPUs of `tree` (the boot CPU alone without a /psci method), at most KBUILD_MAX_CPUS (a
// note on the UART says how many more stay off), and the pages for the list and the slots.
void smp_prepare(const DeviceTreeFacts& tree, Cpus* out);

// Starts every CPU but the boot CPU and waits (kFirmwareCpuStartTimeoutMs at most, for all) for it to
// park; lists the boot CPU and those that parked in the kbuild_cpu array, sets cpus and
// cpu_count in the boot information at physical `info`, and releases the parked CPUs to spin
// on their goto_address. A CPU that did not start is named in a note on the UART.
void smp_start(const Cpus& cpus, const AddressSpace& space, uint64_t offset, uint64_t info);

}  // namespace a64
