// The boot manifest: what the image writer (src/image) tells the bootloader about the disk.
//
// Disk layout of a kbuild image (512-byte sectors, LBA = sector number):
//   LBA 0            stage 1 boot sector; bytes 440..509 (disk signature, partition table) are
//                    written by the image writer, so stage 1's code must end before byte 440
//   LBA 1..33        boot = "bios": zero. "hybrid" and "uefi": the GPT header and entries
//   LBA 34           this manifest (KBUILD_MANIFEST_LBA)
//   LBA 35..2047     stage 2 and later stages, one flat blob (at most KBUILD_STAGE2_MAX_SECTORS);
//                    "hybrid": LBA 34..2047 is the GPT's BIOS boot partition
//   LBA 2048..       "bios": the packed kernel (kernel_lba), then the module table and each
//                    module, each from a 4 KiB boundary, then zero padding to a whole MiB.
//                    "hybrid" and "uefi": the EFI system partition (KBUILD_ESP_LBA), a FAT file
//                    system holding the files below; the packed kernel is KERNEL.ELF, in
//                    contiguous clusters from kernel_lba, the module table MODULES.BIN from
//                    modules_lba and each module MODULE<i>.BIN from its entry's lba, each
//                    contiguous too. The backup GPT ends the disk.
// "uefi" images have no stage 1, stage 2 or BIOS boot partition, and nothing at LBA 34.
//
// The packed kernel is a valid ELF64 file: the ELF header, its program headers (PT_LOAD only),
// and each PT_LOAD segment's file bytes at an offset congruent to p_vaddr modulo 4096, so the
// loader may map file pages in place. No section headers, no debug information, except that a
// Multiboot kernel's packed file carries its section header table and symbols in a segment of
// their own, which e_shoff points into (src/image/multiboot_kernel.h).
//
// Shared by host code (C++) and the bootloader (C++ and assembly through the #defines).
#ifndef KBUILD_BOOT_MANIFEST_H
#define KBUILD_BOOT_MANIFEST_H

#define KBUILD_SECTOR_SIZE 512
#define KBUILD_MANIFEST_LBA 34
#define KBUILD_STAGE2_LBA 35
#define KBUILD_KERNEL_MIN_LBA 2048
#define KBUILD_STAGE2_MAX_SECTORS (KBUILD_KERNEL_MIN_LBA - KBUILD_STAGE2_LBA)
#define KBUILD_MANIFEST_MAGIC 0x314e414d444c424bULL /* "KBLDMAN1" little-endian */
#define KBUILD_MANIFEST_VERSION 1
#define KBUILD_MANIFEST_CMDLINE_MAX 400 /* bytes, including the terminating NUL */

/* kbuild_boot_manifest.protocol: how the loader hands over to the kernel ([bootloader] protocol,
 * resolved by the image writer: the manifest never says "auto"). */
#define KBUILD_PROTOCOL_KBUILD 0     /* <kbuild/boot.h>: long mode, kbuild_boot_info in rdi */
#define KBUILD_PROTOCOL_LIMINE 1     /* the Limine boot protocol: requests answered in place */
#define KBUILD_PROTOCOL_MULTIBOOT2 2 /* Multiboot2: 32-bit protected mode, magic in eax */
#define KBUILD_PROTOCOL_MULTIBOOT1 3 /* Multiboot 0.6.96: 32-bit protected mode, magic in eax */

/* The EFI system partition of "hybrid" and "uefi" images, and its files (FAT 8.3 names).
 * MANIFEST.BIN holds the same 512 bytes as LBA 34 of a hybrid image. */
#define KBUILD_ESP_LBA 2048
#define KBUILD_ESP_LOADER_PATH "\\EFI\\BOOT\\BOOTX64.EFI"      /* x86_64 */
#define KBUILD_ESP_LOADER_PATH_AA64 "\\EFI\\BOOT\\BOOTAA64.EFI" /* aarch64 */
#define KBUILD_ESP_LOADER_PATH_RISCV64 "\\EFI\\BOOT\\BOOTRISCV64.EFI" /* riscv64: a VFAT long name */
#define KBUILD_ESP_MANIFEST_PATH "\\KBUILD\\MANIFEST.BIN"
#define KBUILD_ESP_KERNEL_PATH "\\KBUILD\\KERNEL.ELF"
#define KBUILD_ESP_MODULE_TABLE_PATH "\\KBUILD\\MODULES.BIN"
#define KBUILD_ESP_MODULE_PREFIX "\\KBUILD\\MODULE" /* then the index in decimal, then ".BIN" */

/* Modules ([bootloader] modules, `kbuild runner --module`): files the loader reads into memory
 * beside the kernel. The module table is module_count entries of struct kbuild_module_entry. */
#define KBUILD_MODULES_MAX 16
#define KBUILD_MODULE_NAME_MAX 64     /* bytes, including the terminating NUL */
#define KBUILD_MODULE_CMDLINE_MAX 176 /* bytes, including the terminating NUL */

/* Byte offsets of the fields, for assembly code. */
#define KBUILD_MANIFEST_OFF_STAGE2_SECTORS 12
#define KBUILD_MANIFEST_OFF_STAGE2_LBA 16

#ifndef __ASSEMBLER__
#include <stdint.h>

struct kbuild_boot_manifest {
  uint64_t magic;                  /* KBUILD_MANIFEST_MAGIC */
  uint32_t version;                /* KBUILD_MANIFEST_VERSION */
  uint32_t stage2_sectors;         /* size of the stage 2 blob in sectors; 0 in "uefi" images */
  uint64_t stage2_lba;             /* KBUILD_STAGE2_LBA; 0 in "uefi" images */
  uint64_t kernel_lba;             /* first sector of the packed kernel */
  uint64_t kernel_bytes;           /* size of the packed kernel in bytes */
  uint64_t stack_size;             /* kernel stack in bytes, a multiple of 4096, >= 64 KiB */
  uint64_t physical_memory_offset; /* virtual address at which all physical memory is mapped */
  uint32_t framebuffer_width;      /* 0: stay in 80x25 VGA text mode */
  uint32_t framebuffer_height;
  uint32_t framebuffer_bpp;
  uint32_t cmdline_length;         /* bytes before the NUL */
  uint32_t protocol;               /* KBUILD_PROTOCOL_* */
  uint32_t protocol_header_offset; /* Multiboot: file offset of the header in the original ELF */
  uint64_t protocol_revision;      /* Limine: the base revision the kernel asks for */
  uint64_t modules_lba;            /* first sector of the module table; 0 without modules */
  uint32_t module_count;           /* entries in the module table, at most KBUILD_MODULES_MAX */
  uint32_t reserved32;             /* zero */
  uint64_t limine_request_list;    /* Limine base revision 0: the .limine_reqs list's virtual address; 0: scan */
  char cmdline[KBUILD_MANIFEST_CMDLINE_MAX];
};

/* One module: where it is on a "bios" or "hybrid" disk (the UEFI path reads MODULE<i>.BIN),
 * its size, the name kernels see (the file's name on the host) and its command line. */
struct kbuild_module_entry {
  uint64_t lba;
  uint64_t size; /* bytes */
  char name[KBUILD_MODULE_NAME_MAX];
  char cmdline[KBUILD_MODULE_CMDLINE_MAX];
};

#ifdef __cplusplus
static_assert(sizeof(kbuild_module_entry) == 256, "module table ABI");
static_assert(KBUILD_MODULES_MAX * sizeof(kbuild_module_entry) % KBUILD_SECTOR_SIZE == 0,
              "a full table is whole sectors");
static_assert(sizeof(kbuild_boot_manifest) == KBUILD_SECTOR_SIZE, "the manifest is one sector");
static_assert(__builtin_offsetof(kbuild_boot_manifest, stage2_sectors) ==
              KBUILD_MANIFEST_OFF_STAGE2_SECTORS, "keep the assembly offsets in step");
static_assert(__builtin_offsetof(kbuild_boot_manifest, stage2_lba) ==
              KBUILD_MANIFEST_OFF_STAGE2_LBA, "keep the assembly offsets in step");
#endif
#endif /* __ASSEMBLER__ */
#endif
