// Which accelerator QEMU runs the guest with ([run] accel, --accel). KVM is only worth choosing
// by itself when it really works: a /dev/kvm that opens is not enough, since on hosts whose CPU
// shows no vmx/svm (nested or emulated machines) a KVM guest hangs before the firmware runs.
// The paths are inputs so the decision can be tested against fake files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "config/config.h"

namespace kbuild {

struct KvmHost {
  std::filesystem::path dev_kvm = "/dev/kvm";
  std::filesystem::path cpuinfo = "/proc/cpuinfo";
};

struct AccelChoice {
  bool kvm = false;    // true: -accel kvm -cpu host; false: -accel tcg
  std::string reason;  // why, in words: "KVM (/dev/kvm usable, the CPU offers vmx)"
};

// Whether a "flags" line of /proc/cpuinfo names vmx (Intel VT-x) or svm (AMD-V); *which gets it.
bool cpu_offers_virtualization(std::string_view cpuinfo, std::string* which);

// KVM when both /dev/kvm opens for reading and writing and the CPU offers virtualisation; TCG
// otherwise. For Accel::kvm, false with *err when /dev/kvm cannot be used (what to do included);
// a CPU without vmx/svm is then only noted in the reason, as the user asked for KVM. KVM runs
// only guests of kbuild's own architecture: any other guest is TCG, and Accel::kvm an error.
bool choose_accel(Accel wanted, Arch guest, const KvmHost& host, AccelChoice* choice,
                  std::string* err);

}  // namespace kbuild
