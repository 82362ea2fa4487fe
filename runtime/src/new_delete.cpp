// The replaceable operator new/delete family, routed to the kernel's allocator hooks
// kbuild_alloc/kbuild_free (<kbuild/runtime.h>). Every form is defined because the compiler
// picks among them on its own (sized, aligned, array), and a class with a virtual destructor
// references operator delete even if the kernel never uses the heap.
#include <kbuild/runtime.h>
#include <new>

const std::nothrow_t std::nothrow{};

// Weak defaults, replaced by the kernel's own definitions when it has a heap.
extern "C" __attribute__((weak)) void* kbuild_alloc(size_t, size_t) {
  kbuild_panic("operator new called, but the kernel defines no allocator: define kbuild_alloc() "
               "and kbuild_free() (see <kbuild/runtime.h>)");
}
extern "C" __attribute__((weak)) void kbuild_free(void*, size_t, size_t) {
  kbuild_panic("operator delete called, but the kernel defines no allocator: define "
               "kbuild_alloc() and kbuild_free() (see <kbuild/runtime.h>)");
}

namespace {

constexpr size_t kDefaultAlign = __STDCPP_DEFAULT_NEW_ALIGNMENT__;

void* allocate_or_null(size_t size, size_t align) {
  if (align < kDefaultAlign) align = kDefaultAlign;
  return kbuild_alloc(size == 0 ? 1 : size, align);  // distinct pointers even for size 0
}

void* allocate(size_t size, size_t align) {
  void* p = allocate_or_null(size, align);
  // Without exceptions there is no std::bad_alloc to throw.
  if (p == nullptr) kbuild_panic("out of memory: operator new could not allocate (kbuild_alloc returned null)");
  return p;
}

void release(void* p, size_t size, size_t align) {
  if (p == nullptr) return;
  kbuild_free(p, size, align < kDefaultAlign ? kDefaultAlign : align);
}

}  // namespace

void* operator new(size_t size) { return allocate(size, kDefaultAlign); }
void* operator new[](size_t size) { return allocate(size, kDefaultAlign); }
void* operator new(size_t size, std::align_val_t align) { return allocate(size, size_t(align)); }
void* operator new[](size_t size, std::align_val_t align) { return allocate(size, size_t(align)); }
void* operator new(size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, kDefaultAlign);
}
void* operator new[](size_t size, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, kDefaultAlign);
}
void* operator new(size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, size_t(align));
}
void* operator new[](size_t size, std::align_val_t align, const std::nothrow_t&) noexcept {
  return allocate_or_null(size, size_t(align));
}

// Size 0 tells kbuild_free the size is unknown.
void operator delete(void* p) noexcept { release(p, 0, kDefaultAlign); }
void operator delete[](void* p) noexcept { release(p, 0, kDefaultAlign); }
void operator delete(void* p, size_t size) noexcept { release(p, size, kDefaultAlign); }
void operator delete[](void* p, size_t size) noexcept { release(p, size, kDefaultAlign); }
void operator delete(void* p, std::align_val_t align) noexcept { release(p, 0, size_t(align)); }
void operator delete[](void* p, std::align_val_t align) noexcept { release(p, 0, size_t(align)); }
void operator delete(void* p, size_t size, std::align_val_t align) noexcept {
  release(p, size, size_t(align));
}
void operator delete[](void* p, size_t size, std::align_val_t align) noexcept {
  release(p, size, size_t(align));
}
void operator delete(void* p, const std::nothrow_t&) noexcept { release(p, 0, kDefaultAlign); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { release(p, 0, kDefaultAlign); }
void operator delete(void* p, std::align_val_t align, const std::nothrow_t&) noexcept {
  release(p, 0, size_t(align));
}
void operator delete[](void* p, std::align_val_t align, const std::nothrow_t&) noexcept {
  release(p, 0, size_t(align));
}
