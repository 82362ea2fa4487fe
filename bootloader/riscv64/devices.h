// The QEMU virt devices the riscv64 loader uses, at their physical addresses.
#pragma once
#include <stdint.h>

namespace virt {
constexpr uint64_t kUart = 0x10000000;      // NS16550A; the device tree may name another
constexpr uint64_t kSifiveTest = 0x100000;  // the exit device
constexpr uint32_t kTestPass = 0x5555;      // QEMU exits with status 0
constexpr uint32_t kTestFail = 0x3333;      // QEMU exits with status (value >> 16)
}  // namespace virt

// Where the loader's error line goes: the UART the device tree named (kUart until then).
void console_use_uart(uint64_t address);
// Before the UART: `write_text` sends the line to the firmware's console and says whether it
// could (UEFI's ConOut while boot services last, which U-Boot puts on the same UART).
void console_use_firmware(bool (*write_text)(const char*));
