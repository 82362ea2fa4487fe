// Reading llvm-symbolizer's answers and the runtime's backtrace line.
#include "qemu/symbolizer.h"

#include <gtest/gtest.h>

#include "image/elf_symbols.h"

namespace kbuild {
namespace {

TEST(Symbolizer, SourceLocationIsFileAndLineRelativeToTheProject) {
  EXPECT_EQ(source_location_from("/p/src/main.cpp:12:5\n", "/p"), "src/main.cpp:12");
  EXPECT_EQ(source_location_from("/elsewhere/x.cpp:3:1", "/p"), "/elsewhere/x.cpp:3");
  EXPECT_EQ(source_location_from("/p/a:b.cpp:7:0", "/p"), "a:b.cpp:7");
  EXPECT_EQ(source_location_from("??:0:0", "/p"), "");
  EXPECT_EQ(source_location_from("/p/x.cpp:0:0", "/p"), "");
  EXPECT_EQ(source_location_from("garbage", "/p"), "");
  EXPECT_EQ(source_location_from("", "/p"), "");
}

TEST(Symbolizer, BacktraceIsTheLineAfterTheLastPanic) {
  EXPECT_TRUE(find_backtrace("hello\n").empty());
  EXPECT_TRUE(find_backtrace("backtrace: 0x1\n").empty()) << "no panic, no backtrace";
  std::vector<uint64_t> found = find_backtrace(
      "panic: old\nbacktrace: 0x5\npanic: new (called from 0xffffffff80001000)\n"
      "backtrace: 0xffffffff80001000 0xffffffff80002000\n");
  EXPECT_EQ(found, (std::vector<uint64_t>{0xffffffff80001000, 0xffffffff80002000}));
  EXPECT_TRUE(find_backtrace("panic: x\nbacktrace:\n").empty());
}

TEST(Symbolizer, BacktraceLinesNameTheCallBeforeEachReturnAddress) {
  ElfSymbols none;
  EXPECT_EQ(describe_backtrace({0x10, 0x20}, &none), "\n  #0 0x10\n  #1 0x20");
  EXPECT_EQ(describe_backtrace({}, nullptr), "");
}

}  // namespace
}  // namespace kbuild
