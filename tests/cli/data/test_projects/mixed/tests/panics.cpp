// Panics: kbuild_panic prints "panic: ..." and halts, which powers QEMU off.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild_panic("the frame allocator is empty"); }
