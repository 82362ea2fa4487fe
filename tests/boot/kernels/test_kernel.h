// Support for kbuild's boot-test kernels: self-contained (no kbuild runtime), one translation
// unit each. Provides the entry point (_start records the entry state, then calls test_main),
// COM1 output, CHECK, exit through isa-debug-exit, and an IDT/GDT/TSS for fault tests.
// Exit values: QEMU exits with (value << 1) | 1.
#pragma once

#include <kbuild/boot.h>
#include <stddef.h>
#include <stdint.h>

namespace tk {

constexpr uint8_t kPass = 0x10;         // QEMU status 33
constexpr uint8_t kFail = 0x11;         // 35
constexpr uint8_t kFaultCaught = 0x12;  // 37: the expected fault arrived

inline void outb(uint16_t port, uint8_t v) { asm volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
inline uint8_t inb(uint16_t port) {
  uint8_t v;
  asm volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

inline void putc(char c) {
  while (!(inb(0x3f8 + 5) & 0x20)) {
  }
  outb(0x3f8, static_cast<uint8_t>(c));
}
inline void print(const char* s) {
  while (*s) putc(*s++);
}
inline void print_hex(uint64_t v) {
  print("0x");
  for (int shift = 60; shift >= 0; shift -= 4) putc("0123456789abcdef"[(v >> shift) & 0xf]);
}
inline void print_dec(uint64_t v) {
  char buf[21];
  int n = 20;
  buf[n] = 0;
  do {
    buf[--n] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  print(buf + n);
}

[[noreturn]] inline void exit(uint8_t value) {
  outb(0xf4, value);
  for (;;) asm volatile("cli; hlt");
}

[[noreturn]] inline void fail(const char* what, int line) {
  print("FAIL line ");
  print_dec(line);
  print(": ");
  print(what);
  print("\n");
  exit(kFail);
}

#define CHECK(cond) ((cond) ? (void)0 : tk::fail(#cond, __LINE__))

inline uint64_t read_cr0() {
  uint64_t v;
  asm volatile("mov %%cr0, %0" : "=r"(v));
  return v;
}
inline uint64_t read_cr2() {
  uint64_t v;
  asm volatile("mov %%cr2, %0" : "=r"(v));
  return v;
}
inline uint64_t read_cr4() {
  uint64_t v;
  asm volatile("mov %%cr4, %0" : "=r"(v));
  return v;
}
inline uint64_t read_msr(uint32_t msr) {
  uint32_t lo, hi;
  asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return (uint64_t(hi) << 32) | lo;
}

// 64-bit FNV-1a over 8-byte words; the host computes the same (boot_harness.h).
inline uint64_t checksum(const uint8_t* p, uint64_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (uint64_t i = 0; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, p + i, 8);
    h = (h ^ w) * 1099511628211ULL;
  }
  return h;
}

// "MODULE size checksum name [cmdline]": one module as the boot tests compare it, after checking
// it starts on a page and its last page is zero after its end. `bytes` is where it is mapped.
inline void print_module(const uint8_t* bytes, uint64_t size, const char* name, const char* cmdline) {
  CHECK(reinterpret_cast<uint64_t>(bytes) % 4096 == 0);
  for (uint64_t at = size; at % 4096 != 0; ++at) CHECK(bytes[at] == 0);
  print("MODULE ");
  print_dec(size);
  print(" ");
  print_hex(checksum(bytes, size));
  print(" ");
  print(name);
  print(" [");
  print(cmdline);
  print("]\n");
}

// Fault handling: vectors 6, 8, 13, 14 go to `on_fault` (default: report and fail).
struct Fault {
  uint64_t vector, error, rip, cr2;
};
inline void (*on_fault)(const Fault&) = nullptr;

}  // namespace tk

// Recorded by _start before anything else runs.
extern "C" uint64_t tk_entry_rsp, tk_entry_rflags, tk_entry_rdi;
uint64_t tk_entry_rsp, tk_entry_rflags, tk_entry_rdi;

extern "C" void test_main(const kbuild_boot_info* info);

asm(R"(
  .section .text.entry, "ax"
  .global _start
_start:
  mov %rsp, tk_entry_rsp(%rip)
  mov %rdi, tk_entry_rdi(%rip)
  pushfq
  popq tk_entry_rflags(%rip)
  call test_main
  mov $0x11, %al
  out %al, $0xf4
1:
  hlt
  jmp 1b

  .text
  .macro tk_isr vector, has_error
  .global tk_isr\vector
tk_isr\vector:
  .if \has_error == 0
  push $0
  .endif
  push $\vector
  jmp tk_isr_common
  .endm
  tk_isr 6, 0
  tk_isr 8, 1
  tk_isr 13, 1
  tk_isr 14, 1
tk_isr_common:
  mov (%rsp), %rdi
  mov 8(%rsp), %rsi
  mov 16(%rsp), %rdx
  mov %cr2, %rcx
  and $-16, %rsp
  call tk_fault
1:
  hlt
  jmp 1b
)");

extern "C" void tk_isr6();
extern "C" void tk_isr8();
extern "C" void tk_isr13();
extern "C" void tk_isr14();

extern "C" void tk_fault(uint64_t vector, uint64_t error, uint64_t rip, uint64_t cr2) {
  tk::Fault f = {vector, error, rip, cr2};
  if (tk::on_fault) tk::on_fault(f);
  tk::print("FAULT vector=");
  tk::print_dec(vector);
  tk::print(" error=");
  tk::print_hex(error);
  tk::print(" rip=");
  tk::print_hex(rip);
  tk::print(" cr2=");
  tk::print_hex(cr2);
  tk::print("\n");
  tk::exit(tk::kFail);
}

namespace tk {

struct __attribute__((packed)) Tss {
  uint32_t reserved0;
  uint64_t rsp[3];
  uint64_t reserved1;
  uint64_t ist[7];
  uint64_t reserved2;
  uint16_t reserved3, iomap_base;
};
static_assert(sizeof(Tss) == 104, "x86_64 TSS");

struct IdtEntry {
  uint16_t offset_low, selector;
  uint8_t ist, type;
  uint16_t offset_mid;
  uint32_t offset_high, zero;
};
static_assert(sizeof(IdtEntry) == 16, "x86_64 gate");

struct __attribute__((packed)) TableRegister {
  uint16_t limit;
  uint64_t base;
};

inline Tss tss;
inline uint64_t gdt[5];
inline IdtEntry idt[32];
alignas(16) inline uint8_t fault_stack[16384];

inline void set_gate(int vector, void (*handler)(), uint8_t ist) {
  uint64_t a = reinterpret_cast<uint64_t>(handler);
  idt[vector] = {uint16_t(a), 0x08, ist, 0x8e, uint16_t(a >> 16), uint32_t(a >> 32), 0};
}

// Own GDT (code 0x08, data 0x10, TSS 0x18), a TSS whose IST1 is `fault_stack`, an IDT for
// faults; #PF and #DF run on IST1 so that a stack overflow can still be reported.
inline void install_fault_handlers() {
  uint64_t t = reinterpret_cast<uint64_t>(&tss);
  tss.ist[0] = reinterpret_cast<uint64_t>(fault_stack + sizeof(fault_stack));
  tss.iomap_base = sizeof(Tss);
  gdt[0] = 0;
  gdt[1] = 0x00af9a000000ffffULL;
  gdt[2] = 0x00cf92000000ffffULL;
  gdt[3] =
      (sizeof(Tss) - 1) | ((t & 0xffffff) << 16) | (0x89ULL << 40) | (((t >> 24) & 0xff) << 56);
  gdt[4] = t >> 32;
  TableRegister g = {sizeof(gdt) - 1, reinterpret_cast<uint64_t>(gdt)};
  asm volatile("lgdt %0" ::"m"(g));
  asm volatile(
      "pushq $0x08; leaq 1f(%%rip), %%rax; pushq %%rax; lretq; 1:"
      "mov $0x10, %%ax; mov %%ax, %%ds; mov %%ax, %%es; mov %%ax, %%ss" ::
          : "rax", "memory");
  asm volatile("ltr %w0" ::"r"(0x18));
  set_gate(6, tk_isr6, 0);
  set_gate(8, tk_isr8, 1);
  set_gate(13, tk_isr13, 0);
  set_gate(14, tk_isr14, 1);
  TableRegister i = {sizeof(idt) - 1, reinterpret_cast<uint64_t>(idt)};
  asm volatile("lidt %0" ::"m"(i));
}

}  // namespace tk

// Compilers may call these even in freestanding code.
extern "C" void* memcpy(void* d, const void* s, size_t n) {
  void* r = d;
  asm volatile("rep movsb" : "+D"(d), "+S"(s), "+c"(n)::"memory");
  return r;
}
extern "C" void* memset(void* d, int c, size_t n) {
  void* r = d;
  asm volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
  return r;
}
extern "C" int memcmp(const void* a, const void* b, size_t n) {
  auto* x = static_cast<const volatile uint8_t*>(a);
  auto* y = static_cast<const volatile uint8_t*>(b);
  for (size_t i = 0; i < n; ++i) {
    if (x[i] != y[i]) return x[i] < y[i] ? -1 : 1;
  }
  return 0;
}
