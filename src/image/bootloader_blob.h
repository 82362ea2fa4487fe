// The bundled bootloader (bootloader/), built with kbuild and embedded in it.
#pragma once

#include <cstdint>
#include <span>

namespace kbuild {

std::span<const uint8_t> bootloader_stage1();  // the 512-byte MBR, 0x55aa at its end
std::span<const uint8_t> bootloader_stage2();  // stage 2 and the 64-bit loader, one flat blob
std::span<const uint8_t> bootloader_uefi_x64();  // EFI/BOOT/BOOTX64.EFI, a PE32+ application
std::span<const uint8_t> bootloader_uefi_aa64();  // EFI/BOOT/BOOTAA64.EFI, the same for AArch64
// EFI/BOOT/BOOTRISCV64.EFI: a PE32+ made from an ELF at kbuild's build time (src/image/elf_to_pe.h).
std::span<const uint8_t> bootloader_uefi_riscv64();
// The aarch64 direct loader: an arm64 Image (QEMU virt's -kernel), the disk image its initrd.
std::span<const uint8_t> bootloader_aarch64_direct();
// The riscv64 direct loader: a flat binary QEMU virt loads at 0x80200000 (-kernel), where
// OpenSBI enters it; the disk image its initrd.
std::span<const uint8_t> bootloader_riscv64_direct();

}  // namespace kbuild
