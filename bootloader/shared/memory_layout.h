/* Physical memory used by the BIOS loader below 1 MiB. Included by the stages' assembly, their
 * C++ and their linker scripts (which are run through the C preprocessor), so every address
 * lives here once.
 *
 *   0x00000 - 0x004ff  real-mode IVT and BIOS data area (untouched)
 *   0x00500 - 0x0050f  A20 probe word
 *   0x00600 - 0x006ff  struct kbuild_stage_handoff (stage 1 -> stage 2 -> the 64-bit loader)
 *   0x00800 - 0x00fff  scratch buffer for BIOS calls (DAP, E820 entry, VBE info blocks)
 *   0x01000 - 0x06fff  the loader's own page tables: PML4, PDPT, 4 PDs (identity 0..4 GiB)
 *   0x07000 - 0x07bff  real-mode stack (grows down from 0x7c00)
 *   0x07c00 - 0x07dff  stage 1 (MBR), see stage1/linker.ld
 *   0x07e00 - 0x07fff  the boot manifest (LBA 34), read by stage 1
 *   0x08000 - 0x4ffff  stage 2 (code, data, bss, 64-bit stack), see stage2/linker.ld
 *   0x50000 - 0x7ffff  disk bounce buffer: three 64 KiB INT 13h reads, copied out at once
 *   0x80000 - 0x80fff  the other CPUs' start-up page (common/smp_layout.h), filled last
 */
#ifndef KBUILD_MEMORY_LAYOUT_H
#define KBUILD_MEMORY_LAYOUT_H

#define KBUILD_A20_PROBE_ADDRESS 0x0500
#define KBUILD_HANDOFF_ADDRESS 0x0600
#define KBUILD_SCRATCH_ADDRESS 0x0800
#define KBUILD_SCRATCH_SIZE 0x0800
#define KBUILD_LOADER_PML4 0x1000
#define KBUILD_LOADER_PDPT 0x2000
#define KBUILD_LOADER_PD 0x3000 /* four of them */
#define KBUILD_LOADER_TABLES_END 0x7000
#define KBUILD_REAL_STACK_TOP 0x7c00
#define KBUILD_STAGE1_ADDRESS 0x7c00
#define KBUILD_MANIFEST_ADDRESS 0x7e00
#define KBUILD_STAGE2_ADDRESS 0x8000
#define KBUILD_STAGE2_END 0x50000
#define KBUILD_STAGE2_MEMORY_SECTORS ((KBUILD_STAGE2_END - KBUILD_STAGE2_ADDRESS) / 512)
#define KBUILD_BIOS_READ_MAX 0x10000 /* bytes per INT 13h call: SeaBIOS's most */
#define KBUILD_BOUNCE_ADDRESS 0x50000
#define KBUILD_BOUNCE_SIZE (3 * KBUILD_BIOS_READ_MAX) /* whole calls: each fills one slot */
#define KBUILD_SMP_PAGE_ADDRESS 0x80000
#define KBUILD_LOADER_LOW_END 0x81000 /* everything below is the loader's during boot */

/* Offsets in struct kbuild_stage_handoff, for assembly. */
#define KBUILD_HANDOFF_OFF_DRIVE 0
#define KBUILD_HANDOFF_OFF_NX 1

#ifndef __ASSEMBLER__
#ifndef KBUILD_LINKER_SCRIPT
#include <stdint.h>

/* The one struct the stages pass along, at KBUILD_HANDOFF_ADDRESS. */
struct kbuild_stage_handoff {
  uint8_t boot_drive;   /* BIOS drive number (DL at boot), stored by stage 1 */
  uint8_t nx_supported; /* CPUID 80000001h EDX.NX, stored by stage 2 before EFER is set */
  uint8_t reserved[14];
};
#endif
#endif
#endif
