// common/console.h for BOOTAA64.EFI: the uefi/ sources report through it; the line goes the
// aarch64 way (the PL011, then ConOut while boot services last, then semihosting's exit).
#include "../common/console.h"

#include "../common/platform.h"
#include "a64.h"

void console_init() { a64::set_second_output(platform_console_write); }

void Message::print() {
  a64::write(buffer_);
  a64::write("\n");
}

void Message::fail() { a64::fail(buffer_); }

void fail(const char* text) { a64::fail(text); }
