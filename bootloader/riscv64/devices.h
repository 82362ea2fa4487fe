// The QEMU virt devices the riscv64 loader uses, at their physical addresses.
#pragma once
#include <kbuild/qemu_virt.h>
#include <stdint.h>

namespace virt {
constexpr uint64_t kUart = KBUILD_VIRT_RISCV64_UART;  // NS16550A; the device tree may name another
constexpr uint64_t kSifiveTest = KBUILD_VIRT_RISCV64_SIFIVE_TEST;  // the exit device
constexpr uint32_t kTestPass = KBUILD_SIFIVE_TEST_PASS;  // QEMU exits with status 0
constexpr uint32_t kTestFail = KBUILD_SIFIVE_TEST_FAIL;  // QEMU exits with status (value >> 16)
}  // namespace virt

// Where the loader's error line goes: the UART the device tree named (kUart until then).
void console_use_uart(uint64_t address);
// Before the UART: `write_text` sends the line to the firmware's console and says whether it
// could (UEFI's ConOut while boot services last, which U-Boot puts on the same UART).
void console_use_firmware(bool (*write_text)(const char*));
