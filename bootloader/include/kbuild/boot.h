/* The boot contract between kbuild's bootloader and a kernel. Usable from C and C++.
 * Version 3 added dtb, boot_cpu_id and the modules list at the end of kbuild_boot_info;
 * version 4 the CPU list (cpus, cpu_count, struct kbuild_cpu).
 *
 * Entry state (x86_64, the same from kbuild's BIOS loader and from its UEFI loader BOOTX64.EFI):
 *   - 64-bit long mode, paging on, interrupts off (RFLAGS.IF = 0), direction flag clear.
 *   - Every PT_LOAD segment mapped at its virtual address with 4 KiB pages: writable only when
 *     PF_W, no-execute unless PF_X (EFER.NXE set), CR0.WP set so read-only holds in ring 0.
 *     On a CPU without NX (CPUID 80000001h EDX bit 20 clear) EFER.NXE stays clear and nothing
 *     is no-execute: data and the physical memory mapping are executable there.
 *     .bss (p_memsz beyond p_filesz) is zero. Segments linked below 4 GiB sit at
 *     physical == virtual (that RAM must be free, above 1 MiB); higher-half segments anywhere.
 *   - Physical memory 0..max(4 GiB, end of the highest usable/ACPI region) mapped read/write,
 *     no-execute, at physical_memory_offset (2 MiB pages). The offset is 0 or >= 512 GiB.
 *   - rsp = stack_top, rsp % 16 == 0 at the entry's first instruction (the entry is jumped to,
 *     not called: call into C/C++ from there), stack_size bytes below it, and below those an
 *     unmapped guard page. Below the guard page one read-only executable page (the loader's last
 *     instructions, memory type BOOTLOADER) is still mapped; unmap it at will.
 *   - rdi = pointer to struct kbuild_boot_info (a virtual address inside the physical memory
 *     mapping); every address in it is physical or inside that mapping, as documented.
 *   - GDT: selector 0x08 is 64-bit code, 0x10 is data; the GDT lives in the boot-info region.
 *     IDTR has limit 0: load a GDT and an IDT of your own before enabling interrupts.
 *   - Other general registers are zero. The PIC is as the firmware left it (interrupts off).
 *   - Caches on (CR0.CD and CR0.NW clear); MTRRs and the PAT as the firmware left them.
 *   - x87/SSE as the firmware left them: off under a BIOS (CR4.OSFXSR clear), usually on under
 *     UEFI. kbuild compiles kernels without FP/SIMD registers (-mgeneral-regs-only); a kernel
 *     that wants them sets CR0/CR4 up itself (and saves the state on task switches).
 *   - Screen under BIOS: 80x25 VGA text mode at 0xb8000 unless a framebuffer was requested
 *     (then `framebuffer` describes a linear VBE framebuffer, mapped through the offset).
 *     Under UEFI there is no text mode: `framebuffer` is the GOP mode that was requested, or
 *     else the firmware's current mode (address 0 when the machine has no GOP).
 *   - Under UEFI, boot services have been exited; runtime services stay callable through
 *     efi_system_table (physical, identity addresses: the kernel maps them as it sees fit);
 *     their memory is type EFI_RUNTIME.
 *   - Everything the loader allocates (page tables, stack, .bss, boot information, packed
 *     file, modules) lies below 4 GiB, and the first MiB is the loader's (type BOOTLOADER).
 *     Under UEFI the firmware placed the loader's own image, wherever it chose (also type
 *     BOOTLOADER).
 *   - Other CPUs (x86_64): `cpus` lists every enabled CPU of the ACPI MADT (Processor Local
 *     APIC and x2APIC entries), the boot CPU included, in the MADT's order, at most
 *     KBUILD_MAX_CPUS (the first ones, the boot CPU always among them; a note on COM1 says how
 *     many were left out). Every CPU but the boot CPU has been started (INIT, SIPI, SIPI) and
 *     is parked: interrupts off, in long mode on the kernel's page tables (the same CR3), with
 *     the boot CPU's GDT and selectors, CR0, CR4, EFER and PAT, IDTR limit 0, spinning with
 *     `pause` on its entry's goto_address. A CPU that has not checked in 100 ms after its
 *     start-up IPIs is left out of the list (a note on COM1 names its APIC id). To start one,
 *     write stack_top and argument, then goto_address with a release store (kbuild_start_cpu
 *     in <kbuild/smp.h> does it in that order): the CPU loads rsp = stack_top, rdi = its
 *     struct kbuild_cpu*, pushes a zero return address and jumps to goto_address, with the
 *     other general registers zero. stack_top must be 16-byte aligned (the function then
 *     starts with rsp % 16 == 8, as after a call). The park loop runs in the read-only page
 *     below the stack's guard page, and each CPU reads its state from the loader's page below
 *     1 MiB (BOOTLOADER memory) through the physical memory mapping: keep both mapped, and
 *     that memory unused, until every listed CPU has been started. The list itself is in the
 *     boot-information region (type BOOT_INFO).
 *
 * Entry state (aarch64, from kbuild's direct loader on QEMU virt: `-kernel` the loader,
 * `-initrd` the disk image; or from \EFI\BOOT\BOOTAA64.EFI under UEFI, the same state with the
 * differences listed at the end):
 *   - EL1 (the loaders drop from EL2 when entered there, as with -M virt,virtualization=on:
 *     HCR_EL2.RW set and nothing else, EL1's counter and timer access on, CNTVOFF_EL2 = 0,
 *     VTTBR_EL2 = 0), AArch64, DAIF all masked.
 *   - MMU on with 4 KiB pages and 48-bit addresses in both halves; MAIR_EL1 attribute 0 is
 *     normal write-back memory, 1 is Device-nGnRE; SCTLR_EL1.M, .C and .I set, .A clear.
 *   - TTBR1_EL1: every PT_LOAD segment (all in the higher half, 0xffff000000000000 and up) at
 *     its virtual address in pages of its own the loader allocated anywhere in RAM, copied from
 *     the packed file; read-only unless PF_W, PXN unless PF_X, UXN always; .bss zero. All
 *     physical memory 0..max(4 GiB, end of RAM) at physical_memory_offset in 2 MiB blocks, RAM
 *     as normal memory and the rest (virt's MMIO below 1 GiB: the PL011 at 0x09000000, fw_cfg
 *     at 0x09020000, the GIC) as device memory, never executable.
 *   - TTBR0_EL1 walks are off (TCR_EL1.EPD0 = 1): every lower-half address faults, a null
 *     pointer included. TTBR0_EL1 still holds the identity map the loader switched on; load your
 *     own and clear EPD0 to use the lower half. TCR_EL1: T0SZ = T1SZ = 16, 4 KiB granules,
 *     write-back inner-shareable walks.
 *   - sp = stack_top, 16-byte aligned; stack_size bytes below it; below those an unmapped guard
 *     page, which is the first page of a 512 GiB slot of the address space of its own.
 *   - x0 = pointer to struct kbuild_boot_info (inside the physical memory mapping); x1-x30 zero.
 *   - VBAR_EL1 points to the loader's vectors (one read-only page a page above stack_top):
 *     any exception ends QEMU with status 0 through semihosting SYS_EXIT, so a fault before the
 *     kernel installs vectors of its own ends the run at once, and kbuild reports it from QEMU's
 *     exception log (class from ESR, PC from ELR, FAR). Install your own before unmasking.
 *   - FP/SIMD as QEMU left it; kbuild compiles kernels with -mgeneral-regs-only.
 *   - Other CPUs: `cpus` lists the device tree's /cpus in its order (hw_id = reg, MPIDR's
 *     Aff3..Aff0), those with enable-method "psci" that are not disabled and the boot CPU, at
 *     most KBUILD_MAX_CPUS (a note on the UART says how many more stay off); without a /psci
 *     node only the boot CPU. Every other CPU has been started with PSCI CPU_ON (function
 *     0xC4000003 through HVC or SMC, as /psci's method says) and is parked: EL1, DAIF masked,
 *     the boot CPU's MAIR_EL1, TCR_EL1 (TTBR0 walks off), TTBR1_EL1, VBAR_EL1 and SCTLR_EL1
 *     bits, waiting with wfe in the read-only vectors page on its entry's goto_address. A CPU
 *     that has not checked in within 1 s of the CPU_ONs (CNTVCT_EL0 at CNTFRQ_EL0), or that CPU_ON
 *     refuses, is left out of the list with a note on the UART. To start one, write stack_top
 *     and argument, then goto_address with a release store, then dsb ish and sev
 *     (kbuild_start_cpu in <kbuild/smp.h>): the CPU jumps to goto_address with x0 = its struct
 *     kbuild_cpu*, sp = stack_top, the other general registers zero. The list is BOOT_INFO;
 *     keep the vectors page mapped until every listed CPU has been started.
 *   - dtb = the device tree QEMU passed (type BOOT_INFO in the map), boot_cpu_id = MPIDR_EL1's
 *     affinity; firmware = 0 (no firmware), rsdp_address = 0. framebuffer = QEMU's ramfb when
 *     the machine has one (`-device ramfb`, which kbuild adds): set up by the loader through
 *     fw_cfg at [bootloader] framebuffer's size (1280x800x32 without one), XRGB8888 (red 8 at
 *     16, green 8 at 8, blue 8 at 0; RGB888 at 24 bpp), its pages RESERVED in the memory map;
 *     zero without a ramfb (no screen). The
 *     memory map is /memory minus the memreserve block and /reserved-memory (RESERVED), with
 *     the kernel, stack, page tables, boot information, device tree and the loader and disk
 *     image (BOOTLOADER, free once the kernel runs) marked. kernel_file_address is the packed
 *     file copied to pages of its own. Modules as on x86_64 (copied out of the disk image, or
 *     under UEFI read from the ESP, to pages of type MODULE).
 *   - Under UEFI (BOOTAA64.EFI, from the firmware at EL1 or EL2): firmware = KBUILD_FIRMWARE_UEFI,
 *     efi_system_table = the system table; dtb = the device tree from the configuration table
 *     (always there: the loader refuses a firmware without one; BOOT_INFO in the map);
 *     rsdp_address = the ACPI RSDP when the firmware publishes one too, else 0; framebuffer =
 *     GOP's current (or requested) mode, address 0 when the machine has no GOP (kbuild's AAVMF
 *     machine has no display device). The memory map
 *     is UEFI's: boot-services, loader and conventional memory USABLE, runtime-services code and
 *     data EFI_RUNTIME, ACPI memory as such; firmware-reserved and MMIO ranges are left out (the
 *     map lists RAM). The loader's image is BOOTLOADER; kernel_file_address is a copy of
 *     \KBUILD\KERNEL.ELF (KERNEL).
 *
 * Entry state (riscv64, QEMU virt, kbuild's direct loader: QEMU's -kernel is the loader,
 * OpenSBI enters it, the disk image is QEMU's -initrd):
 *   - S-mode, sstatus.SIE clear and sie zero; satp in Sv39 mode (Sv39 always: its upper half
 *     starts at 0xffffffc000000000, the default physical_memory_offset); the TLB flushed.
 *   - Every PT_LOAD segment mapped at its virtual address with 4 KiB pages: R always, W only
 *     when PF_W, X only when PF_X; A and D set, G set. .bss is zero. Segments linked below
 *     4 GiB sit at physical == virtual (that RAM must be free); all others anywhere in RAM.
 *   - Physical memory 0..max(4 GiB, end of RAM) mapped read/write, not executable, at
 *     physical_memory_offset with 2 MiB pages: 0, or 1 GiB aligned from 0xffffffc000000000.
 *     Devices are reached through it: the NS16550A UART at 0x10000000 and the sifive_test
 *     exit device at 0x100000 (the runtime's serial port, kbuild_exit and kbuild_halt).
 *   - sp = stack_top, 16-byte aligned, stack_size bytes below it and an unmapped guard page
 *     below those, in a 1 GiB slot of its own in the upper half.
 *   - a0 = pointer to struct kbuild_boot_info (inside the physical memory mapping); the other
 *     general registers are zero (gp and tp included).
 *   - stvec points at a loader page mapped at its own physical address (read + execute, type
 *     BOOTLOADER, which also holds the last instructions): a trap the kernel has not taken
 *     over resets the machine through sifive_test, as a triple fault does on x86_64 (under
 *     kbuild's -no-reboot QEMU stops and kbuild names the trap from QEMU's log). Set stvec
 *     before unmapping that page.
 *   - Other harts: `cpus` lists the device tree's /cpus in its order (hw_id = reg, the hart
 *     id), those not disabled that have an mmu-type and the boot hart, at most KBUILD_MAX_CPUS
 *     (a note on the UART says how many more stay off). Every other hart has been started
 *     with SBI HSM hart_start (EID 0x48534D, FID 0) and is parked: S-mode, sstatus.SIE clear,
 *     the kernel's satp, stvec at the loader's trap stub, spinning in the loader's last page
 *     (BOOTLOADER, mapped at its physical address) on its entry's goto_address. Without the
 *     HSM extension (sbi_probe_extension) or without /cpus' timebase-frequency only the boot
 *     hart is listed and the others stay stopped in OpenSBI. A hart that has not checked in
 *     within 1 s of the hart_starts (the time CSR), or that hart_start refuses, is left out of the list with a
 *     note on the UART. To start one, write stack_top and argument, then goto_address with a
 *     release store (kbuild_start_cpu in <kbuild/smp.h>): the hart jumps to goto_address with
 *     a0 = its struct kbuild_cpu*, sp = stack_top, the other general registers zero. The list
 *     is BOOT_INFO; keep the loader's last page mapped until every listed hart has been
 *     started.
 *   - dtb = the device tree OpenSBI passed (type BOOT_INFO); boot_cpu_id = the hart id.
 *     OpenSBI's own memory is RESERVED (from /reserved-memory). framebuffer is zero (no screen),
 *     rsdp_address and efi_system_table are 0, firmware = 0 (no firmware loader). Modules as on
 *     x86_64 (copied out of the disk image to pages of type MODULE).
 *   - The disk image (QEMU's initrd) is BOOTLOADER memory; the packed kernel file is copied to
 *     pages of its own (kernel_file_address). No floating-point state: kernels are built for
 *     rv64imac, lp64.
 *   - Under UEFI (BOOTRISCV64.EFI, from U-Boot's UEFI on OpenSBI, S-mode, MMU off): the same
 *     state, with firmware = KBUILD_FIRMWARE_UEFI, efi_system_table = the system table; dtb =
 *     the device tree from the configuration table (BOOT_INFO in the map); boot_cpu_id = the
 *     hart from RISCV_EFI_BOOT_PROTOCOL, else the device tree's /chosen boot-hartid. The memory
 *     map is UEFI's: boot-services, loader and conventional memory USABLE, runtime-services
 *     code and data EFI_RUNTIME, what the firmware reserves RESERVED. The loader's image and the
 *     files it read (kernel_file_address is a copy of \KBUILD\KERNEL.ELF) are BOOTLOADER.
 *     No framebuffer (U-Boot on virt has no GOP).
 */
#ifndef KBUILD_BOOT_H
#define KBUILD_BOOT_H

#include <stdint.h>

#define KBUILD_BOOT_MAGIC 0x544f4f42444c424bULL /* "KBLDBOOT" */
#define KBUILD_BOOT_VERSION 4

/* The most CPUs kbuild_boot_info.cpus lists. */
#define KBUILD_MAX_CPUS 64

/* Memory map entry types. */
#define KBUILD_MEMORY_USABLE 1
#define KBUILD_MEMORY_RESERVED 2
#define KBUILD_MEMORY_ACPI_RECLAIMABLE 3
#define KBUILD_MEMORY_ACPI_NVS 4
#define KBUILD_MEMORY_BAD 5
#define KBUILD_MEMORY_EFI_RUNTIME 6      /* UEFI runtime-services code and data: keep it */
#define KBUILD_MEMORY_KERNEL 0x100       /* the kernel's segments and its packed ELF file */
#define KBUILD_MEMORY_KERNEL_STACK 0x101 /* the entry stack */
#define KBUILD_MEMORY_PAGE_TABLES 0x102  /* the page tables in CR3 at entry */
#define KBUILD_MEMORY_BOOTLOADER 0x103   /* the loader's own: free once the kernel runs */
#define KBUILD_MEMORY_BOOT_INFO 0x104    /* this structure, the map, the cmdline, the GDT */
#define KBUILD_MEMORY_MODULE 0x105       /* a module's bytes (kbuild_boot_info.modules) */

/* Which firmware booted the machine (kbuild_boot_info.firmware). */
#define KBUILD_FIRMWARE_BIOS 1
#define KBUILD_FIRMWARE_UEFI 2

struct kbuild_memory_region {
  uint64_t base;   /* physical, 4 KiB aligned for usable and kbuild-owned regions */
  uint64_t length; /* bytes */
  uint32_t type;   /* KBUILD_MEMORY_* */
  uint32_t reserved;
};

struct kbuild_framebuffer {
  uint64_t address; /* physical; 0 when there is no framebuffer (VGA text mode) */
  uint32_t width, height;
  uint32_t pitch; /* bytes per line */
  uint32_t bpp;   /* bits per pixel */
  uint8_t red_size, red_shift, green_size, green_shift, blue_size, blue_shift;
  uint8_t reserved[2];
};

/* A module: a file from [bootloader] modules (or `kbuild runner --module`), read whole into
 * memory of its own starting on a page boundary (type MODULE in the memory map). */
struct kbuild_module {
  uint64_t address; /* physical, 4 KiB aligned */
  uint64_t size;    /* bytes of the file; the rest of its last page is zero */
  uint64_t cmdline; /* virtual address of a NUL-terminated string ("" when none was given) */
  uint64_t name;    /* virtual address of the file's name, NUL-terminated ("initrd.tar") */
};

/* One CPU (kbuild_boot_info.cpus). The boot CPU's goto_address, stack_top and argument are
 * unused. */
struct kbuild_cpu {
  uint32_t index;    /* its place in the list: 0, 1, 2... */
  uint32_t reserved;
  uint64_t hw_id;    /* x86_64: the local APIC id; aarch64: MPIDR affinity; riscv64: hart id */
  uint64_t stack_top;  /* written by the kernel: rsp when it starts (virtual, 16-byte aligned) */
  uint64_t argument;   /* written by the kernel, for its own use (the CPU's per-CPU data, say) */
  volatile uint64_t goto_address; /* written last by the kernel: where the CPU jumps */
};

struct kbuild_boot_info {
  uint64_t magic;   /* KBUILD_BOOT_MAGIC */
  uint32_t version; /* KBUILD_BOOT_VERSION */
  uint32_t size;    /* sizeof(struct kbuild_boot_info) as written by the loader */

  /* Sorted by base, non-overlapping; kbuild-owned regions are carved out of usable RAM. */
  uint64_t memory_map;         /* virtual address of struct kbuild_memory_region[] */
  uint64_t memory_map_entries;

  /* virtual = physical + this, for all physical memory. kernel.toml's [bootloader]
   * physical-memory-offset: a multiple of 1 GiB in the higher half, 0xffff800000000000 and up
   * (riscv64: 0xffffffc000000000 and up, Sv39's upper half), by default the lowest of these. */
  uint64_t physical_memory_offset;

  struct kbuild_framebuffer framebuffer;

  uint64_t rsdp_address; /* physical address of the ACPI RSDP; 0 if none was found */

  /* Where the kernel is: its lowest PT_LOAD virtual address and the physical address that
   * backs it, and the packed ELF file in memory: its first kernel_file_size bytes (header,
   * program headers, every segment mapped from it in place). Segments linked below 4 GiB that
   * come after all of those are read straight to their home instead, so they are not in it. */
  uint64_t kernel_virtual_base;
  uint64_t kernel_physical_base;
  uint64_t kernel_file_address; /* physical; type KERNEL, or BOOTLOADER when no segment is
                                   mapped from it (kernels linked below 4 GiB) */
  uint64_t kernel_file_size;

  uint64_t stack_top;  /* virtual; equals rsp at entry */
  uint64_t stack_size; /* bytes, not counting the guard page below it */

  uint64_t cmdline;        /* virtual address of a NUL-terminated string */
  uint64_t cmdline_length; /* bytes before the NUL */

  /* Since version 2. */
  uint32_t firmware; /* KBUILD_FIRMWARE_* */
  uint32_t reserved;
  uint64_t efi_system_table; /* physical address of the EFI system table; 0 under BIOS */

  /* Since version 3. Fields only some architectures fill are 0 elsewhere. */
  uint64_t dtb;         /* physical address of the flattened device tree; 0 when there is none (x86_64) */
  uint64_t boot_cpu_id; /* x86_64: the local APIC id; aarch64: MPIDR_EL1's affinity (Aff3..Aff0); riscv64: hart id */
  uint64_t modules;     /* virtual address of struct kbuild_module[], in the order given */
  uint64_t module_count;

  /* Since version 4. */
  uint64_t cpus;      /* virtual address of struct kbuild_cpu[] */
  uint64_t cpu_count; /* entries, the boot CPU included (0 where none are listed) */
};

#ifdef __cplusplus
static_assert(sizeof(struct kbuild_memory_region) == 24, "boot ABI");
static_assert(sizeof(struct kbuild_framebuffer) == 32, "boot ABI");
static_assert(sizeof(struct kbuild_module) == 32, "boot ABI");
static_assert(sizeof(struct kbuild_cpu) == 40, "boot ABI");
static_assert(sizeof(struct kbuild_boot_info) == 208, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, cpus) == 192, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_cpu, goto_address) == 32, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, modules) == 176, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, cmdline_length) == 136, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, firmware) == 144, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, efi_system_table) == 152, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, dtb) == 160, "boot ABI");
static_assert(__builtin_offsetof(struct kbuild_boot_info, boot_cpu_id) == 168, "boot ABI");
#else
_Static_assert(sizeof(struct kbuild_memory_region) == 24, "boot ABI");
_Static_assert(sizeof(struct kbuild_framebuffer) == 32, "boot ABI");
_Static_assert(sizeof(struct kbuild_module) == 32, "boot ABI");
_Static_assert(sizeof(struct kbuild_cpu) == 40, "boot ABI");
_Static_assert(sizeof(struct kbuild_boot_info) == 208, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, cpus) == 192, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_cpu, goto_address) == 32, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, modules) == 176, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, cmdline_length) == 136, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, firmware) == 144, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, efi_system_table) == 152, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, dtb) == 160, "boot ABI");
_Static_assert(__builtin_offsetof(struct kbuild_boot_info, boot_cpu_id) == 168, "boot ABI");
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Written by the kernel: called once, after global constructors, with the boot information. */
void kernel_main(const struct kbuild_boot_info* info);

#ifdef __cplusplus
}
#endif
#endif
