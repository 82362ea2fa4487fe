// riscv64 direct boot: the memory map from the device tree, against QEMU's -m, with OpenSBI's
// own region kept out of usable RAM; and the kernel's permissions and guard page, judged as
// kbuild judges faults (QEMU's -d int log).
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>

#include <kbuild/boot.h>

#include "boot/boot_harness.h"
#include "boot/riscv64_harness.h"
#include "qemu/fault_log.h"

namespace kbuild::boot_test {
namespace {

struct Entry {
  uint64_t base, length, type;
};

std::vector<Entry> map_of(const std::string& serial) {
  std::vector<Entry> out;
  for (size_t at = serial.find("MAP "); at != std::string::npos; at = serial.find("MAP ", at + 1)) {
    Entry e{};
    if (std::sscanf(serial.c_str() + at, "MAP %" SCNx64 " %" SCNx64 " %" SCNx64, &e.base, &e.length, &e.type) == 3)
      out.push_back(e);
  }
  return out;
}

void expect_map_adds_up(const std::string& memory, uint64_t ram) {
  Riscv64Boot r = boot_riscv64_probe("map", memory);
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.exit_code, kPass) << r.serial;
  std::vector<Entry> map = map_of(r.serial);
  ASSERT_FALSE(map.empty()) << r.serial;
  uint64_t total = 0, usable = 0;
  bool opensbi_reserved = false, kernel = false, stack = false, tables = false, info = false;
  for (size_t i = 0; i < map.size(); ++i) {
    const Entry& e = map[i];
    if (i > 0) {
      EXPECT_GE(e.base, map[i - 1].base + map[i - 1].length) << "sorted, no overlap\n" << r.serial;
    }
    total += e.length;
    if (e.type == KBUILD_MEMORY_USABLE) usable += e.length;
    // OpenSBI keeps the start of RAM (its /reserved-memory node): never usable.
    if (e.base <= 0x80000000 && e.base + e.length > 0x80000000) {
      EXPECT_EQ(e.type, uint64_t{KBUILD_MEMORY_RESERVED}) << r.serial;
      opensbi_reserved = true;
    }
    kernel = kernel || e.type == KBUILD_MEMORY_KERNEL;
    stack = stack || e.type == KBUILD_MEMORY_KERNEL_STACK;
    tables = tables || e.type == KBUILD_MEMORY_PAGE_TABLES;
    info = info || e.type == KBUILD_MEMORY_BOOT_INFO;
  }
  EXPECT_EQ(total, ram) << r.serial;  // RAM is 0x80000000 + size on virt: every byte described
  EXPECT_GT(usable, ram / 2) << r.serial;
  EXPECT_TRUE(opensbi_reserved && kernel && stack && tables && info) << r.serial;
}

TEST(Riscv64Memory, MapAddsUpWith128M) { expect_map_adds_up("128M", uint64_t{128} << 20); }

TEST(Riscv64Memory, MapAddsUpWith1G) { expect_map_adds_up("1G", uint64_t{1} << 30); }

TEST(Riscv64Memory, WritingToTextFaults) {
  Riscv64Boot r = boot_riscv64_probe("write-text");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.exit_code, 0) << r.serial;  // the loader's trap stub resets; -no-reboot ends QEMU
  EXPECT_EQ(r.serial.find("text is writable"), std::string::npos) << r.serial;
  std::optional<std::string> fault = explain_fault_log(Arch::riscv64, r.int_log, nullptr);
  ASSERT_TRUE(fault.has_value()) << r.int_log;
  EXPECT_EQ(fault->rfind("store/AMO page fault at PC 0xffffffff8", 0), 0u) << *fault;
  EXPECT_NE(fault->find(", address 0xffffffff8"), std::string::npos) << *fault;
}

TEST(Riscv64Memory, StackOverflowHitsTheGuardPage) {
  Riscv64Boot r = boot_riscv64_probe("overflow");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.exit_code, 0) << r.serial;
  std::optional<std::string> fault = explain_fault_log(Arch::riscv64, r.int_log, nullptr);
  ASSERT_TRUE(fault.has_value()) << r.int_log;
  EXPECT_EQ(fault->rfind("stack overflow: store/AMO page fault at PC ", 0), 0u) << *fault;
}

}  // namespace
}  // namespace kbuild::boot_test
