// The flattened device tree (Devicetree Specification, chapter 5) as the direct loaders and
// BOOTAA64.EFI read it: one walk of the blob for the few facts they use. RAM (/memory), what is
// reserved (the memory reservation block and /reserved-memory's children), where the disk image
// is (/chosen linux,initrd-start and -end), the UART, QEMU's fw_cfg, and the CPUs (/cpus).
#pragma once
#include <stdint.h>

#include "memory_map.h"

struct DeviceTreeCpu {
  uint64_t reg;          // aarch64: MPIDR's affinity fields; riscv64: the hart id
  bool psci;             // enable-method "psci" (aarch64)
  bool mmu;              // has an mmu-type (riscv64)
  bool disabled;         // status "disabled" (or "fail")
};

struct DeviceTreeFacts {
  static constexpr int kMaxRegions = 64;
  static constexpr int kMaxCpus = 64;

  uint64_t address = 0, total_size = 0;        // the blob itself
  Region memory[kMaxRegions];                  // /memory reg: type USABLE
  int memory_count = 0;
  Region reserved[kMaxRegions];                // type RESERVED
  int reserved_count = 0;
  uint64_t initrd_start = 0, initrd_end = 0;
  uint64_t boot_hart = 0;                      // /chosen boot-hartid (riscv64 under UEFI)
  bool has_boot_hart = false;
  uint64_t uart = 0;                           // reg of the first UART node; 0 if none
  uint64_t fw_cfg = 0;                         // reg of qemu,fw-cfg-mmio (QEMU's fw_cfg); 0 if none
  DeviceTreeCpu cpus[kMaxCpus];                // /cpus' cpu nodes in order (more are left out)
  int cpu_count = 0;
  uint64_t timebase_frequency = 0;             // /cpus timebase-frequency; 0 if none
  bool psci_smc = false;                       // /psci method is "smc" (else "hvc")
  bool has_psci = false;                       // a /psci node with a method
};

// The UARTs the loaders drive, by compatible string.
constexpr const char* kUartPl011 = "arm,pl011";
constexpr const char* kUartNs16550a = "ns16550a";

// Reads the blob at physical `address`; `uart` is the compatible string of the UART wanted
// (nullptr: either known one). Fails the boot on a blob it cannot read or one without /memory.
void read_device_tree(uint64_t address, const char* uart, DeviceTreeFacts* facts);

// The direct loaders' memory map: the tree's RAM and reserved regions, then the loader
// [loader_start, loader_end) and the disk image (BOOTLOADER) and the blob (BOOT_INFO) carved
// where they lie in RAM.
void device_tree_memory_map(const DeviceTreeFacts& tree, uint64_t loader_start, uint64_t loader_end, MemoryMap* map);

// How long the aarch64 and riscv64 loaders wait, for all of them together, for the CPUs the
// firmware starts (PSCI CPU_ON, SBI HSM hart_start) to check in: longer than x86_64's
// kCpuStartTimeoutMs, since under QEMU's TCG on a loaded host a new CPU's thread can take well
// over 100 ms to run its first instruction.
constexpr uint32_t kFirmwareCpuStartTimeoutMs = 1000;

// The CPUs a loader lists from the tree: the boot CPU (reg `boot_id`; listed even when the tree
// leaves it out) and every other one `usable` accepts, in the tree's order, at most
// kbuild_limits::kMaxCpus (a note on the UART says how many more stay off). Fills `hw_ids`
// (room for kMaxCpus) and `boot` (the boot CPU's index); returns the count.
uint32_t device_tree_cpu_list(const DeviceTreeFacts& tree, uint64_t boot_id, bool (*usable)(const DeviceTreeCpu&),
                              uint64_t* hw_ids, uint32_t* boot);
