// The Itanium C++ ABI hooks clang emits calls to: pure and deleted virtual calls, destructor
// registration for globals, and thread-safe initialization of function-local statics.
#include <kbuild/runtime.h>
#include <stdint.h>

#include "arch.h"

extern "C" {

// Identifies this "shared object" to __cxa_atexit; a kernel is one image.
__attribute__((visibility("hidden"))) void* __dso_handle = &__dso_handle;

// A kernel never exits, so destructors of globals never run: record nothing.
int __cxa_atexit(void (*)(void*), void*, void*) { return 0; }

[[noreturn]] void __cxa_pure_virtual() {
  kbuild_panic("pure virtual function called (an object used during its construction or "
               "destruction, or after it was destroyed)");
}

[[noreturn]] void __cxa_deleted_virtual() { kbuild_panic("deleted virtual function called"); }

// Guard variables (64 bits): byte 0 is the "done" flag the compiler tests inline before calling
// __cxa_guard_acquire; byte 1 is "initialization in progress"; byte 2 remembers whether
// interrupts were enabled. The initializer runs with interrupts off on this CPU, so an interrupt
// handler touching the same static cannot deadlock against it; other CPUs spin until it is done.
namespace {
constexpr int kDone = 0, kBusy = 1, kInterruptsWereOn = 2;

uint8_t* byte(uint64_t* guard, int index) { return reinterpret_cast<uint8_t*>(guard) + index; }

bool interrupts_off_save() { return kbuild_arch_interrupts_off_save(); }
void interrupts_restore(bool on) { kbuild_arch_interrupts_restore(on); }
}  // namespace

int __cxa_guard_acquire(uint64_t* guard) {
  for (;;) {
    if (__atomic_load_n(byte(guard, kDone), __ATOMIC_ACQUIRE)) return 0;
    bool were_on = interrupts_off_save();
    if (!__atomic_exchange_n(byte(guard, kBusy), uint8_t(1), __ATOMIC_ACQUIRE)) {
      if (__atomic_load_n(byte(guard, kDone), __ATOMIC_ACQUIRE)) {  // finished meanwhile
        __atomic_store_n(byte(guard, kBusy), uint8_t(0), __ATOMIC_RELEASE);
        interrupts_restore(were_on);
        return 0;
      }
      *byte(guard, kInterruptsWereOn) = were_on;
      return 1;  // the caller runs the initializer, then calls release (or abort)
    }
    interrupts_restore(were_on);
    kbuild_arch_cpu_relax();
  }
}

void __cxa_guard_release(uint64_t* guard) {
  bool were_on = *byte(guard, kInterruptsWereOn);
  __atomic_store_n(byte(guard, kDone), uint8_t(1), __ATOMIC_RELEASE);
  __atomic_store_n(byte(guard, kBusy), uint8_t(0), __ATOMIC_RELEASE);
  interrupts_restore(were_on);
}

void __cxa_guard_abort(uint64_t* guard) {
  bool were_on = *byte(guard, kInterruptsWereOn);
  __atomic_store_n(byte(guard, kBusy), uint8_t(0), __ATOMIC_RELEASE);
  interrupts_restore(were_on);
}

}  // extern "C"
