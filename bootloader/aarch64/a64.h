// The aarch64 loader's console beyond common/console.h (aarch64/console.cpp): the PL011 the
// error line goes to, and its second output.
#pragma once
#include <stdint.h>

namespace a64 {

// The UART the error line goes to: virt's PL011 until the device tree names one.
void set_uart(uint64_t base);
void write(const char* text);
// The error line's second output after the UART (BOOTAA64.EFI: UEFI's ConOut while boot
// services last); none by default.
void set_second_output(void (*write)(const char* text));

}  // namespace a64
