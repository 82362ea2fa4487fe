// C sources in a kernel: gnu17 by default (asm and typeof compile), c-standard, flags per
// language that never reach the other language, and sources kbuild cannot compile.
#include "cli_harness.h"

namespace kbuild::test {
namespace {

class CLanguage : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    // typeof and a bare `asm` statement are GNU C: they need gnu17 (or c-standard = "gnu11"...).
    write("k/src/port.c",
          "#include <stdint.h>\n"
          "void c_outb(uint16_t port, uint8_t value) {\n"
          "  typeof(value) v = value;\n"
          "  asm volatile(\"outb %0, %1\" : : \"a\"(v), \"Nd\"(port));\n"
          "}\n");
    write("k/src/main.cpp",
          "#include <kbuild/boot.h>\n#include <stdint.h>\n"
          "extern \"C\" void c_outb(uint16_t, uint8_t);\n"
          "extern \"C\" void kernel_main(const kbuild_boot_info*) { c_outb(0xf4, 0x10); }\n");
  }
  void manifest(const std::string& keys) {
    write("k/kernel.toml", "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\", \"src/*.c\"]\n" + keys +
                               "[target]\nboot = \"bios\"\n");
  }
};

TEST_F(CLanguage, GnuCByDefaultAndTheKernelRuns) {
  manifest("flags = [\"-Werror\"]\n");
  CliRun r = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "k");
  EXPECT_EQ(r.status, 33) << r.all();  // the C function wrote 0x10 to the debug-exit port
}

TEST_F(CLanguage, CFlagsDoNotReachCxxAndCxxFlagsDoNotReachC) {
  manifest("cflags = [\"-std=gnu11\"]\ncxxflags = [\"-std=c++2b\"]\n"
           "[profile.dev]\ncflags = [\"-DONLY_C\"]\ncxxflags = [\"-DONLY_CXX\"]\n");
  write("k/src/check.c", "#ifndef ONLY_C\n#error no C flag\n#endif\n#ifdef ONLY_CXX\n#error leak\n#endif\n"
                         "#if __STDC_VERSION__ != 201112L\n#error not gnu11\n#endif\n");
  write("k/src/check.cpp", "#ifndef ONLY_CXX\n#error no C++ flag\n#endif\n#ifdef ONLY_C\n#error leak\n"
                           "#endif\n#if __cplusplus <= 202002L\n#error not c++2b\n#endif\n");
  CliRun r = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
}

TEST_F(CLanguage, StrictCStandardFromTheKey) {
  manifest("c-standard = \"c11\"\n");
  CliRun r = kbuild({"build"}, dir_ / "k");
  EXPECT_NE(r.status, 0) << "typeof is not C11: " << r.all();
  manifest("c-standard = \"gnu11\"\n");
  r = kbuild({"build"}, dir_ / "k");
  EXPECT_EQ(r.status, 0) << r.all();
}

TEST_F(CLanguage, NasmSourceGetsOneClearLine) {
  write("k/kernel.toml",
        "[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\", \"src/*.c\", \"src/*.asm\"]\n");
  write("k/src/boot.asm", "bits 64\nsection .text\nglobal f\nf: ret\n");
  CliRun r = kbuild({"build"}, dir_ / "k");
  EXPECT_NE(r.status, 0);
  EXPECT_EQ(count_lines_containing(r.err, "boot.asm"), 1u) << r.err;
  EXPECT_NE(r.err.find("src/boot.asm: kbuild cannot assemble NASM sources; rewrite it for the GNU "
                       "assembler as a .S file"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("Compiling"), std::string::npos) << "nothing may be compiled first: " << r.err;
  EXPECT_EQ(r.all().find("error: unknown"), std::string::npos) << r.all();
}

// cflags reach C compiles only; in a kernel without C sources they would be lost unseen.
TEST_F(CliTest, CFlagsInAKernelWithoutCSourcesAreNamedAsUnused) {
  ASSERT_EQ(kbuild({"new", "cxxonly"}).status, 0);
  std::string toml = read("cxxonly/kernel.toml");
  write("cxxonly/kernel.toml", toml.replace(toml.find("[kernel]\n"), 9, "[kernel]\ncflags = [\"-Wall\"]\n"));
  CliRun r = kbuild({"build"}, dir_ / "cxxonly");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find("warning: kernel.toml: `cflags` apply to C sources (.c) only, and this kernel has none"),
            std::string::npos) << r.err;
  // with a C source they are used, and nothing is said
  write("cxxonly/src/extra.c", "int extra(void) { return 1; }\n");
  toml = read("cxxonly/kernel.toml");
  const std::string cxx_glob = "sources = [\"src/**/*.cpp\"]";
  ASSERT_NE(toml.find(cxx_glob), std::string::npos) << toml;
  write("cxxonly/kernel.toml", toml.replace(toml.find(cxx_glob), cxx_glob.size(), "sources = [\"src/**/*.cpp\", \"src/*.c\"]"));
  r = kbuild({"build"}, dir_ / "cxxonly");
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_EQ(r.err.find("cflags"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace kbuild::test
