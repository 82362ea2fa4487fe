// Panics: kbuild_panic prints "panic: ... (called from ADDRESS)" and halts, which powers QEMU off;
// kbuild names the function the address is in.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>

namespace memory {
[[gnu::noinline]] void allocate_frame() { kbuild_panic("the frame allocator is empty"); }
}  // namespace memory

extern "C" void kernel_main(const kbuild_boot_info*) { memory::allocate_frame(); }
