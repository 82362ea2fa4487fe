#include "boot/riscv64_harness.h"

#include <algorithm>

#include <fmt/format.h>

#include "boot/boot_harness.h"
#include "core/fs.h"
#include "core/process.h"
#include "support/kbuild_run.h"

namespace kbuild::boot_test {
namespace fs = std::filesystem;

namespace {

bool run_kbuild(const std::vector<std::string>& args, const fs::path& cwd, std::string* err) {
  test::CliRun r = test::run_kbuild(args, cwd);
  if (r.status != 0) *err = "kbuild " + format_command(args) + ": status " + std::to_string(r.status) + "\n" + r.all();
  return r.status == 0;
}

// The probe project: shared by the tests of this build tree (kbuild's build lock and its
// incremental build make a second build of it a no-op), so the runtime compiles once.
bool build_probe(bool big, fs::path* elf, std::string* err) {
  fs::path kernels = fs::path(KBUILD_SOURCE_DIR) / "tests/boot/kernels/riscv64";
  std::string name = big ? "probe_big" : "probe";
  fs::path root = fs::path(KBUILD_BINARY).parent_path() / "riscv64-probe" / name;
  fs::create_directories(root / "src");
  // Copied only when changed, so an unchanged probe is not rebuilt.
  for (const char* file : {"probe.cpp", "big.cpp"}) {
    if (!big && std::string(file) == "big.cpp") continue;
    std::string text;
    if (!read_file(kernels / file, &text, err) || !write_file_if_changed(root / "src" / file, text, err))
      return false;
  }
  std::string toml = fmt::format(
      "[kernel]\nname = \"{}\"\nsources = [\"src/*.cpp\"]\n\n[target]\narch = \"riscv64\"\n", name);
  if (!write_file_if_changed(root / "kernel.toml", toml, err)) return false;
  if (!run_kbuild({"--quiet", "build"}, root, err)) return false;
  *elf = root / "build/dev" / (name + ".elf");
  return true;
}

}  // namespace

Riscv64Boot boot_riscv64_probe(const std::string& cmdline, const std::string& memory, bool big) {
  Riscv64Boot out;
  fs::path elf;
  if (!build_probe(big, &elf, &out.error)) return out;
  fs::path dir = work_dir();
  fs::create_directories(dir);
  fs::path image = dir / "probe.img";
  if (!run_kbuild({"image", elf.string(), "-o", image.string(), "--cmdline", cmdline}, elf.parent_path().parent_path().parent_path(),
                  &out.error))
    return out;
  fs::path log = dir / "int.log";
  ProcessSpec spec;
  spec.argv = {"qemu-system-riscv64", "-machine", "virt", "-nodefaults", "-m", memory, "-display", "none",
               "-serial", "stdio", "-no-reboot", "-kernel", image.string() + ".loader", "-initrd",
               image.string(), "-d", "int", "-D", log.string()};
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::seconds(60);
  ProcessResult result;
  if (!run_process(spec, &result, &out.error)) return out;
  out.exit_code = result.timed_out ? -2 : result.exit_code;
  out.serial = result.out;  // the runtime writes "\r\n": lines compare as "\n"
  out.serial.erase(std::remove(out.serial.begin(), out.serial.end(), '\r'), out.serial.end());
  std::string ignored;
  read_file(log, &out.int_log, &ignored);
  return out;
}

}  // namespace kbuild::boot_test
