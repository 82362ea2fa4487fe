// kbuild doctor on this machine, and with a PATH that lacks the compiler and the linker.
#include <unistd.h>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

CliRun doctor(const std::string& path, const fs::path& cwd,
             std::vector<std::pair<std::string, std::string>> env = {}) {
  ProcessSpec spec;
  spec.argv = {KBUILD_BINARY, "doctor"};
  spec.cwd = cwd;
  spec.output = ProcessSpec::Output::capture;
  spec.env_set = {{"NO_COLOR", "1"}, {"PATH", path}};
  spec.env_set.insert(spec.env_set.end(), env.begin(), env.end());
  spec.timeout = std::chrono::minutes(2);
  ProcessResult r;
  std::string err;
  EXPECT_TRUE(run_process(spec, &r, &err)) << err;
  return {r.exit_code, r.out, r.err};
}

TEST_F(CliTest, DoctorFindsTheToolsThisMachineHas) {
  const char* path = std::getenv("PATH");
  CliRun r = doctor(path ? path : "/usr/bin:/bin", dir_);
  EXPECT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.out.find("ok       C++ compiler"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("clang version"), std::string::npos) << "with its version:\n" << r.out;
  EXPECT_NE(r.out.find("ok       emulator"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("QEMU emulator version"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok       aarch64 QEMU"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok       riscv64 QEMU"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok       OpenSBI        /usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("ok       AAVMF          /usr/share/qemu-efi-aarch64/QEMU_EFI.fd"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok       U-Boot         /usr/lib/u-boot/qemu-riscv64_smode/uboot.elf"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("accelerator"), std::string::npos) << r.out;
}

TEST_F(CliTest, DoctorNamesWhatIsMissingAndTheOneLineThatInstallsIt) {
  // a PATH with QEMU (every architecture's) and gdb but no clang, lld or llvm-symbolizer
  fs::path bin = dir_ / "bin";
  fs::create_directories(bin);
  for (const char* tool : {"qemu-system-x86_64", "qemu-system-aarch64", "qemu-system-riscv64", "gdb"}) {
    std::string found = find_program(tool);
    if (!found.empty()) fs::create_symlink(found, bin / tool);
  }
  CliRun r = doctor(bin.string(), dir_);
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("MISSING  C++ compiler   not found: package clang (required)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MISSING  linker         not found: package lld (required)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("missing  symbolizer     not found: package llvm"), std::string::npos) << r.out;
  EXPECT_NE(r.err.find("to install what is missing: apt-get install clang lld llvm\n"), std::string::npos) << r.err;
  EXPECT_EQ(count_lines_containing(r.err, "apt-get install"), 1u) << r.err;
  EXPECT_NE(r.err.find("error: "), std::string::npos) << r.err;
}

// doctor checks the compilers and linker the build would run: KBUILD_CXX/CC/LD, not just any
// clang that happens to be in PATH; a versioned name that is missing still maps to its package.
TEST_F(CliTest, DoctorChecksTheToolchainTheBuildRuns) {
  const char* path = std::getenv("PATH");
  CliRun r = doctor(path ? path : "/usr/bin:/bin", dir_,
                    {{"KBUILD_CXX", "clang++-99"}, {"KBUILD_LD", (dir_ / "no/ld.lld").string()}});
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.out.find("MISSING  C++ compiler   not found: package clang (required)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("MISSING  linker         not found: package lld (required)"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("ok       C compiler"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace kbuild::test
