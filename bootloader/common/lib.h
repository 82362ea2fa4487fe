// The few freestanding helpers the loader needs (the compiler also emits calls to these).
#pragma once
#include <stddef.h>
#include <stdint.h>

extern "C" {
void* memcpy(void* dst, const void* src, size_t n);
void* memmove(void* dst, const void* src, size_t n);
void* memset(void* dst, int value, size_t n);
int memcmp(const void* a, const void* b, size_t n);
}

constexpr uint64_t kPageSize = 4096;
constexpr uint64_t kMiB = 1024 * 1024;
constexpr uint64_t kGiB = 1024 * kMiB;

inline uint64_t align_down(uint64_t value, uint64_t align) { return value & ~(align - 1); }
inline uint64_t align_up(uint64_t value, uint64_t align) {
  return (value + align - 1) & ~(align - 1);
}

template <class T>
T* phys_ptr(uint64_t address) {  // the loader runs on an identity map of 0..4 GiB
  return reinterpret_cast<T*>(address);
}

#if defined(__x86_64__) || defined(__i386__)  // port I/O: the PC's loaders only
inline void outb(uint16_t port, uint8_t value) {
  asm volatile("outb %0, %1" ::"a"(value), "Nd"(port));
}
inline uint8_t inb(uint16_t port) {
  uint8_t value;
  asm volatile("inb %1, %0" : "=a"(value) : "Nd"(port));
  return value;
}
#endif
