// common/console.h's console_init for BOOTAA64.EFI: the error line (aarch64/console.cpp) goes
// to the PL011, then to ConOut while boot services last, then semihosting's exit.
#include "../common/console.h"

#include "../common/platform.h"
#include "a64.h"

void console_init() { a64::set_second_output(platform_console_write); }
