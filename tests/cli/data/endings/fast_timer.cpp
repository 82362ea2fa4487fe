// A timer interrupt at about 10 kHz (PIT channel 0) for 4000 ticks: QEMU's -d int log records
// every one of them (over a KiB each), so only a bounded log keeps this cheap. Reports the tick
// count on serial and passes.
#include <kbuild/boot.h>
#include <kbuild/runtime.h>
#include <kbuild/test.h>

#include <cstdint>

namespace {

inline void outb(uint16_t port, uint8_t value) { __asm__ volatile("outb %0, %1" ::"a"(value), "Nd"(port)); }

struct [[gnu::packed]] IdtEntry {
  uint16_t offset_low, selector;
  uint8_t ist, type;
  uint16_t offset_mid;
  uint32_t offset_high, reserved;
};
static_assert(sizeof(IdtEntry) == 16);

struct [[gnu::packed]] IdtPointer {
  uint16_t limit;
  uint64_t base;
};

IdtEntry idt[256];
volatile uint64_t ticks = 0;

struct InterruptFrame;

[[gnu::interrupt]] void on_timer(InterruptFrame*) {
  ticks = ticks + 1;
  outb(0x20, 0x20);  // end of interrupt
}

void set_gate(int vector, void (*handler)(InterruptFrame*)) {
  auto address = reinterpret_cast<uint64_t>(handler);
  idt[vector] = {static_cast<uint16_t>(address), 0x08, 0, 0x8e, static_cast<uint16_t>(address >> 16),
                 static_cast<uint32_t>(address >> 32), 0};
}

void write_decimal(uint64_t value) {
  char text[24];
  int n = 0;
  do text[n++] = static_cast<char>('0' + value % 10);
  while ((value /= 10) != 0);
  char out[24];
  for (int i = 0; i < n; ++i) out[i] = text[n - 1 - i];
  kbuild_serial_write(out, n);
}

}  // namespace

extern "C" void kernel_main(const kbuild_boot_info*) {
  set_gate(0x20, on_timer);
  IdtPointer pointer{sizeof idt - 1, reinterpret_cast<uint64_t>(idt)};
  __asm__ volatile("lidt %0" ::"m"(pointer));
  // The 8259 PICs: IRQ 0-7 at vectors 0x20-0x27, 8-15 at 0x28-0x2f; only IRQ 0 unmasked.
  outb(0x20, 0x11), outb(0xa0, 0x11);
  outb(0x21, 0x20), outb(0xa1, 0x28);
  outb(0x21, 0x04), outb(0xa1, 0x02);
  outb(0x21, 0x01), outb(0xa1, 0x01);
  outb(0x21, 0xfe), outb(0xa1, 0xff);
  // PIT channel 0, rate generator, divisor 119: 1193182 / 119 = about 10 kHz.
  outb(0x43, 0x34);
  outb(0x40, 119), outb(0x40, 0);
  __asm__ volatile("sti");
  while (ticks < 4000) __asm__ volatile("hlt");
  __asm__ volatile("cli");
  kbuild_serial_write("ticks: ", 7);
  write_decimal(ticks);
  kbuild_serial_write("\n", 1);
  kbuild_test_pass();
}
