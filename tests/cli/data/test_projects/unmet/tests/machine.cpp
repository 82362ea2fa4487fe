// Passes when [test.machine] reached QEMU: its smp (fw_cfg's CPU count) and its args (a fw_cfg
// file they add).
#include <kbuild/boot.h>
#include <kbuild/test.h>

#include <stdint.h>

namespace {
// QEMU's fw_cfg on x86: a 16-bit key written to port 0x510 selects an item, port 0x511 reads it.
void select(uint16_t key) { __asm__ volatile("outw %0, %1" : : "a"(key), "Nd"(uint16_t{0x510})); }
uint8_t next_byte() {
  uint8_t value;
  __asm__ volatile("inb %1, %0" : "=a"(value) : "Nd"(uint16_t{0x511}));
  return value;
}
uint32_t big_endian(int bytes) {
  uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) value = value << 8 | next_byte();
  return value;
}

// The selector of the fw_cfg file `name`, or 0 when there is none.
uint16_t file_key(const char* name) {
  select(0x19);  // the file directory: a big-endian count, then 64-byte entries
  uint32_t count = big_endian(4);
  for (uint32_t i = 0; i < count; ++i) {
    big_endian(4);  // size
    uint16_t key = static_cast<uint16_t>(big_endian(2));
    big_endian(2);
    bool same = true;
    for (int at = 0; at < 56; ++at) {
      char c = static_cast<char>(next_byte());
      if (same && c != name[at]) same = false;
      if (same && c == '\0') {
        for (++at; at < 56; ++at) next_byte();
        return key;
      }
    }
  }
  return 0;
}
}  // namespace

KBUILD_TEST(cpus_are_the_tables) {
  select(0x05);  // the CPU count, little-endian
  uint16_t cpus = next_byte();
  cpus |= static_cast<uint16_t>(next_byte() << 8);
  KBUILD_ASSERT_EQ(cpus, 3);
}

KBUILD_TEST(arguments_are_the_tables) {
  uint16_t key = file_key("opt/kbuild-test/arg");
  KBUILD_ASSERT(key != 0);
  select(key);
  const char* expected = "from-args";
  for (int i = 0; expected[i] != '\0'; ++i)
    KBUILD_ASSERT_EQ(static_cast<char>(next_byte()), expected[i]);
}

extern "C" void kernel_main(const kbuild_boot_info*) { kbuild::run_tests(); }
