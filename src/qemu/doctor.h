// kbuild doctor: whether the programs kbuild runs are installed, which versions, whether KVM
// would be used, and the one apt-get line that installs what is missing.
#pragma once

#include <string>
#include <vector>

#include "build/target.h"
#include "qemu/accel.h"

namespace kbuild {

struct ToolCheck {
  std::string what;       // "C++ compiler"
  std::string found;      // the program or file found; empty when missing
  std::string version;    // the first line of its --version, shortened; may be empty
  std::string package;    // the Debian package that provides it
  bool required = false;  // kbuild build/run cannot work without it
  std::string needed_for; // "kbuild gdb", for what is optional
};

struct DoctorReport {
  std::vector<ToolCheck> tools;
  AccelChoice accel;            // what [run] accel = "auto" would choose
  bool missing_required = false;
  std::string install_line;     // "apt-get install lld gdb", or empty when nothing is missing
};

// Looks for each program in PATH (and OVMF at `ovmf`), runs `--version` on what it finds. The
// compilers and the linker are exactly the ones `kbuild build` runs (`tools`, which honours
// KBUILD_CXX, KBUILD_CC and KBUILD_LD).
DoctorReport run_doctor(const Toolchain& tools, const KvmHost& host, const std::string& ovmf);

}  // namespace kbuild
