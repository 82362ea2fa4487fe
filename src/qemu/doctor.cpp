#include "qemu/doctor.h"

#include <fmt/format.h>

#include <filesystem>

#include "config/arch.h"
#include "core/process.h"
#include "qemu/firmware.h"
#include "qemu/symbolizer.h"

namespace kbuild {
namespace {

struct Wanted {
  std::string what;
  std::vector<std::string> programs;  // the first one found counts
  std::string package;
  bool required;
  std::string needed_for;
};

// The first line of `PROGRAM --version` with a version number in it, trimmed.
std::string version_of(const std::string& program) {
  ProcessSpec spec;
  spec.argv = {program, "--version"};
  spec.output = ProcessSpec::Output::merge;
  spec.timeout = std::chrono::seconds(20);
  ProcessResult result;
  std::string ignored;
  if (!run_process(spec, &result, &ignored)) return {};
  size_t start = 0;
  while (start < result.out.size()) {
    size_t end = result.out.find('\n', start);
    if (end == std::string::npos) end = result.out.size();
    std::string line = result.out.substr(start, end - start);
    start = end + 1;
    if (line.find_first_of("0123456789") == std::string::npos) continue;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    size_t lead = line.find_first_not_of(' ');
    return lead == std::string::npos ? std::string() : line.substr(lead);
  }
  return {};
}

// OpenSBI, QEMU's default -bios for riscv64 virt: Debian ships that build with QEMU's data.
constexpr const char* kOpenSbiPath = "/usr/share/qemu/opensbi-riscv64-generic-fw_dynamic.bin";
constexpr const char* kOpenSbiPackage = "qemu-system-data";

}  // namespace

DoctorReport run_doctor(const Toolchain& tools, const KvmHost& host, const std::string& ovmf) {
  auto package = [](const std::string& program, const char* fallback) {
    std::string p = package_providing(program);
    return p.empty() ? std::string(fallback) : p;
  };
  std::vector<Wanted> wanted = {
      {"C++ compiler", {tools.cxx}, package(tools.cxx, "clang"), true, ""},
      {"C compiler", {tools.cc}, package(tools.cc, "clang"), true, ""},
      {"linker", {tools.ld}, package(tools.ld, "lld"), true, ""},
  };
  // Each architecture's QEMU: the default one's (the first row) is needed, the others only for
  // kernels of theirs.
  for (const ArchInfo& arch : arches()) {
    bool first = &arch == &arches().front();
    wanted.push_back({first ? std::string("emulator") : fmt::format("{} QEMU", arch.name), {arch.qemu},
                      arch.qemu_package, first, first ? "" : fmt::format("[target] arch = \"{}\"", arch.name)});
  }
  wanted.insert(wanted.end(), {
      {"OpenSBI", {}, kOpenSbiPackage, false, "[target] arch = \"riscv64\""},
      {"UEFI firmware", {}, kOvmfPackage, false, "--firmware uefi"},
      {"AAVMF", {}, kAavmfPackage, false, "--firmware uefi on aarch64"},
      {"U-Boot", {}, kUbootPackage, false, "--firmware uefi on riscv64"},
      {"debugger", {"gdb", "gdb-multiarch"}, "gdb", false, "kbuild gdb"},
      {"symbolizer", {}, "llvm", false, "file:line in crash reports"},
  });
  DoctorReport report;
  std::vector<std::string> packages;
  for (const Wanted& w : wanted) {
    ToolCheck check{w.what, "", "", w.package, w.required, w.needed_for};
    if (check.package == kOvmfPackage) {
      std::string ignored;
      if (firmware_available(Firmware::uefi, &ignored, ovmf)) check.found = ovmf;
    } else if (check.package == kAavmfPackage) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(kAavmfPath, ec)) check.found = kAavmfPath;
    } else if (check.package == kUbootPackage) {
      std::error_code ec;
      if (std::filesystem::is_regular_file(kUbootRiscv64Path, ec)) check.found = kUbootRiscv64Path;
    } else if (check.package == kOpenSbiPackage) {
      std::error_code ec;
      if (std::filesystem::exists(kOpenSbiPath, ec)) check.found = kOpenSbiPath;
    } else {
      std::string program;
      if (check.package == "llvm") program = find_symbolizer();
      for (const std::string& name : w.programs)
        if (program.empty()) program = find_program(name);
      if (!program.empty()) {
        check.found = program;
        check.version = version_of(program);
      }
    }
    if (check.found.empty()) {
      if (check.required) report.missing_required = true;
      bool listed = false;
      for (const auto& p : packages) listed = listed || p == check.package;
      if (!listed) packages.push_back(check.package);
    }
    report.tools.push_back(std::move(check));
  }
  std::string ignored;
  choose_accel(Accel::automatic, Arch::x86_64, host, &report.accel, &ignored);
  if (!packages.empty()) {
    report.install_line = "apt-get install";
    for (const auto& p : packages) report.install_line += " " + p;
  }
  return report;
}

}  // namespace kbuild
