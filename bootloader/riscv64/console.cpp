// common/console.h for riscv64: the error line goes to the NS16550A (or, for BOOTRISCV64.EFI, to
// ConOut while boot services last), then the sifive_test device ends QEMU with
// KBUILD_EXIT_BOOT_FAILED's status, as the debug-exit port does on x86_64.
#include "console.h"

#include <kbuild/exit_codes.h>

#include "devices.h"
#include "lib.h"

namespace {

constexpr uint64_t kData = 0, kInterruptEnable = 1, kFifoControl = 2, kLineControl = 3,
                   kLineStatus = 5;
constexpr uint8_t kTransmitEmpty = 0x20;
constexpr int kTransmitPolls = 100000;  // a missing UART must not hang the error path

uint64_t g_uart = virt::kUart;
bool (*g_firmware_console)(const char*) = nullptr;

volatile uint8_t* reg(uint64_t offset) { return phys_ptr<volatile uint8_t>(g_uart + offset); }

void serial_put(char c) {
  for (int i = 0; i < kTransmitPolls && !(*reg(kLineStatus) & kTransmitEmpty); ++i) {
  }
  *reg(kData) = static_cast<uint8_t>(c);
}

void serial_write(const char* text) {
  for (; *text; ++text) serial_put(*text);
}

// The firmware's console while it takes the text, else the UART.
void write(const char* text) {
  if (g_firmware_console && g_firmware_console(text)) return;
  serial_write(text);
}

}  // namespace

void console_use_uart(uint64_t address) { g_uart = address; }

void console_use_firmware(bool (*write_text)(const char*)) { g_firmware_console = write_text; }

void console_init() {
  *reg(kInterruptEnable) = 0;
  *reg(kLineControl) = 0x03;  // 8N1
  *reg(kFifoControl) = 0xc7;
}

void Message::print() {
  write(buffer_);
  write("\r\n");
}

void Message::fail() {
  write(KBUILD_BOOT_FAILURE_PREFIX);
  write(buffer_);
  write("\r\n");
  *phys_ptr<volatile uint32_t>(virt::kSifiveTest) =
      virt::kTestFail | uint32_t(KBUILD_QEMU_STATUS(KBUILD_EXIT_BOOT_FAILED)) << 16;
  for (;;) asm volatile("wfi");
}

void fail(const char* text) { Message().str(text).fail(); }
