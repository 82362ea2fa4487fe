// Handing over to a Multiboot2 or Multiboot1 kernel: what both loaders do once the packed
// kernel's one segment (src/image/multiboot_kernel.h) is read to its physical home.
#pragma once
#include <stdint.h>

#include "kernel.h"

// Copies what is not at home yet and zeroes the .bss.
void multiboot_place(const Kernel& kernel);

// The magic EAX holds at entry for the manifest's protocol.
uint32_t multiboot_magic(uint32_t protocol);

// enter_multiboot.S: 32-bit protected mode, paging off, EAX = magic, EBX = info.
// System V convention on both loaders (the UEFI one is compiled for the Microsoft x64 ABI).
extern "C" [[noreturn]] __attribute__((sysv_abi)) void enter_multiboot(uint32_t entry, uint32_t magic,
                                                                      uint32_t info);
