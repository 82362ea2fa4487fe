/* A text console on the screen the kernel was booted with, and on COM1. Usable from C and C++.
 *
 * The screen is the 80x25 VGA text buffer when the kernel was booted in text mode (BIOS without
 * [bootloader] framebuffer), otherwise the linear framebuffer the bootloader set up (always so
 * under UEFI), drawn with kbuild's 8x8 font (twice the size on screens 1024 pixels wide or more).
 * Both are reached through the boot information's physical memory mapping. Every write also goes
 * to COM1 (kbuild_serial_write), so `kbuild run --headless` and `kbuild test` see it too.
 * '\n' starts a new line; the screen scrolls when full. Not thread-safe. */
#ifndef KBUILD_CONSOLE_H
#define KBUILD_CONSOLE_H

#include <kbuild/boot.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The 16 colours of the VGA text palette; on a framebuffer they are drawn in the same RGB. */
enum kbuild_color {
  KBUILD_COLOR_BLACK, KBUILD_COLOR_BLUE, KBUILD_COLOR_GREEN, KBUILD_COLOR_CYAN,
  KBUILD_COLOR_RED, KBUILD_COLOR_MAGENTA, KBUILD_COLOR_BROWN, KBUILD_COLOR_LIGHT_GRAY,
  KBUILD_COLOR_DARK_GRAY, KBUILD_COLOR_LIGHT_BLUE, KBUILD_COLOR_LIGHT_GREEN,
  KBUILD_COLOR_LIGHT_CYAN, KBUILD_COLOR_LIGHT_RED, KBUILD_COLOR_PINK, KBUILD_COLOR_YELLOW,
  KBUILD_COLOR_WHITE
};

/* Picks the screen from `info` and clears it (light gray on black). Before this call, or
 * with a framebuffer format it cannot draw (fewer than 15 bits per pixel), writes go to COM1
 * only. */
void kbuild_console_init(const struct kbuild_boot_info* info);

/* Columns and rows of the screen (0 before kbuild_console_init). */
unsigned kbuild_console_columns(void);
unsigned kbuild_console_rows(void);

void kbuild_console_set_color(enum kbuild_color foreground, enum kbuild_color background);
void kbuild_console_clear(void);

/* Writes `length` bytes at the cursor, and to COM1. */
void kbuild_console_write(const char* text, size_t length);

/* Writes a NUL-terminated string. */
void kbuild_console_print(const char* text);

#ifdef __cplusplus
}
#endif
#endif
