// The riscv64 boot tests' kernel, built by kbuild itself (runtime included): what it checks
// and prints depends on the command line's first word, so one build serves every test.
//   entry      ENTRY lines: S-mode state, satp, sstatus.SIE, a0, the stack
//   map        MAP base length type lines, then TOTAL
//   dtb        DTB magic=0x... hart=N
//   cmdline    CMDLINE [the whole command line]
//   write-text stores to its own code (must fault: W^X)
//   overflow   recurses without end (must hit the guard page)
//   exit N     kbuild_exit(N)
//   panic      kbuild_panic("probe panic")
// Each mode that returns ends with kbuild_exit(0x10) (QEMU status 33).
#include <kbuild/boot.h>
#include <kbuild/print.h>
#include <kbuild/runtime.h>
#include <stdint.h>

namespace {

#define CSR_READ(name)                                   \
  ({                                                     \
    uint64_t value;                                      \
    __asm__ volatile("csrr %0, " #name : "=r"(value)); \
    value;                                               \
  })

bool word_is(const char* text, const char* word) {
  while (*word && *text == *word) ++text, ++word;
  return *word == '\0' && (*text == '\0' || *text == ' ');
}

unsigned number_after(const char* text) {
  while (*text && *text != ' ') ++text;
  unsigned n = 0;
  while (*text == ' ') ++text;
  while (*text >= '0' && *text <= '9') n = n * 10 + unsigned(*text++ - '0');
  return n;
}

volatile int g_depth;

[[gnu::noinline]] int recurse(int n) {
  volatile char frame[256];
  frame[0] = char(n);
  g_depth = n;
  return recurse(n + 1) + frame[0];
}

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info* info) {
  const char* cmdline = reinterpret_cast<const char*>(info->cmdline);
  if (word_is(cmdline, "entry")) {
    uint64_t here = reinterpret_cast<uint64_t>(&cmdline);
    kbuild::println("ENTRY magic_ok={} version={} size={}", info->magic == KBUILD_BOOT_MAGIC,
                    info->version, info->size);
    kbuild::println("ENTRY satp_mode={} sie={} sie_csr={}", CSR_READ(satp) >> 60,
                    (CSR_READ(sstatus) >> 1) & 1, CSR_READ(sie));
    kbuild::println("ENTRY stack_top_aligned={} on_stack={} stack_size={}", info->stack_top % 16 == 0,
                    here < info->stack_top && here >= info->stack_top - info->stack_size, info->stack_size);
    kbuild::println("ENTRY info_in_map={} firmware={} offset={:#x}",
                    reinterpret_cast<uint64_t>(info) >= info->physical_memory_offset,
                    info->firmware, info->physical_memory_offset);
  } else if (word_is(cmdline, "map")) {
    auto* map = reinterpret_cast<const kbuild_memory_region*>(info->memory_map);
    uint64_t usable = 0, owned = 0, reserved = 0;
    for (uint64_t i = 0; i < info->memory_map_entries; ++i) {
      const kbuild_memory_region& r = map[i];
      kbuild::println("MAP {:#x} {:#x} {:#x}", r.base, r.length, r.type);
      if (r.type == KBUILD_MEMORY_USABLE) usable += r.length;
      else if (r.type >= KBUILD_MEMORY_KERNEL) owned += r.length;
      else reserved += r.length;
    }
    kbuild::println("TOTAL usable={} owned={} reserved={}", usable, owned, reserved);
  } else if (word_is(cmdline, "dtb")) {
    auto* dtb = reinterpret_cast<const uint8_t*>(info->physical_memory_offset + info->dtb);
    uint32_t magic = uint32_t(dtb[0]) << 24 | uint32_t(dtb[1]) << 16 | uint32_t(dtb[2]) << 8 | dtb[3];
    kbuild::println("DTB magic={:#x} hart={}", magic, info->boot_cpu_id);
  } else if (word_is(cmdline, "cmdline")) {
    kbuild::println("CMDLINE [{}]", cmdline);
  } else if (word_is(cmdline, "write-text")) {
    *reinterpret_cast<volatile uint32_t*>(reinterpret_cast<uintptr_t>(&kernel_main)) = 0;
    kbuild::println("text is writable");
  } else if (word_is(cmdline, "overflow")) {
    recurse(0);
  } else if (word_is(cmdline, "exit")) {
    kbuild_exit(number_after(cmdline));
  } else if (word_is(cmdline, "panic")) {
    kbuild_panic("probe panic");
  }
  kbuild_exit(0x10);
}
