/* The kernel-side runtime kbuild links into every kernel. Usable from C and C++.
 *
 * Besides what is declared here, the runtime provides what compilers call on their own:
 * memcpy/memmove/memset/memcmp, global constructors, the C++ ABI hooks (__cxa_*), the
 * operator new/delete family, 128-bit division and soft-float. See runtime/README.md. */
#ifndef KBUILD_RUNTIME_H
#define KBUILD_RUNTIME_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#define KBUILD_NORETURN [[noreturn]]
#else
#define KBUILD_NORETURN _Noreturn
#endif

/* Prints "panic: <message> (called from 0x...)" on the COM1 serial port, then halts this CPU for
 * good with interrupts disabled (`kbuild test` names the calling function). Safe to call at any time, even before global constructors. */
KBUILD_NORETURN void kbuild_panic(const char* message);

/* A kernel may define its own kbuild_panic: the runtime's is a weak definition, so the kernel's
 * replaces it without a duplicate-symbol error. When kbuild_panic_hook is set (by kbuild::run_tests
 * while a KBUILD_TEST_SHOULD_PANIC case runs), the runtime's kbuild_panic calls it instead of printing
 * the report (it does not return); a kernel's own kbuild_panic should do the same, or should-panic cases fail. */
extern void (*kbuild_panic_hook)(const char* message);

/* Disables interrupts and halts this CPU forever. When kbuild runs the kernel in QEMU
 * (`kbuild run`, `kbuild test`), it asks for the machine to be powered off instead, so that a
 * headless run ends by itself and kbuild can show the final screen. On real hardware, or under
 * QEMU started by hand, it only halts. */
KBUILD_NORETURN void kbuild_halt(void);

/* Ends a run with a status: under QEMU with the isa-debug-exit device at port 0xf4 (kbuild adds
 * it), QEMU exits with status (code << 1) | 1, so code 0x10 gives 33, the default success status
 * of `kbuild test`. Where there is no such device, it halts as kbuild_halt() does. */
KBUILD_NORETURN void kbuild_exit(unsigned code);

/* Writes `length` bytes to COM1 (0x3f8, 115200 baud, 8N1; set up on first use), turning "\n"
 * into "\r\n". Busy-waits on the UART; no locking. */
void kbuild_serial_write(const char* text, size_t length);

/* How many bytes kbuild_serial_write has been given so far. */
size_t kbuild_serial_bytes_written(void);

/* The heap behind operator new and delete. The kernel provides it by defining both functions
 * (with C linkage: include this header in the file that defines them); without them, any use
 * of new or delete panics with a message naming these functions.
 *
 * kbuild_alloc: returns memory for `size` bytes (size >= 1) aligned to `align` (a power of two,
 *   at least 16 for a plain `new`), or NULL when out of memory. A plain `new` panics on NULL;
 *   a `new (std::nothrow)` returns it.
 * kbuild_free: releases memory from kbuild_alloc; never called with NULL. `size` and `align`
 *   are those of the allocation when the compiler knows them (sized delete), otherwise `size`
 *   is 0 and `align` is the default alignment (16) or the one given to an aligned delete. */
void* kbuild_alloc(size_t size, size_t align);
void kbuild_free(void* pointer, size_t size, size_t align);

#ifdef __cplusplus
}
#endif
#undef KBUILD_NORETURN
#endif
