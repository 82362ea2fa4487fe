#include "qemu/accel.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>

#include <fmt/format.h>

#include "build/target.h"
#include "core/fs.h"

namespace kbuild {
namespace {

bool has_word(std::string_view text, std::string_view word) {
  for (size_t at = text.find(word); at != std::string_view::npos; at = text.find(word, at + 1)) {
    bool starts = at == 0 || text[at - 1] == ' ' || text[at - 1] == '\t';
    size_t end = at + word.size();
    bool ends = end == text.size() || text[end] == ' ' || text[end] == '\t';
    if (starts && ends) return true;
  }
  return false;
}

// Empty when /dev/kvm opens read-write; otherwise why not.
std::string kvm_device_problem(const std::filesystem::path& dev) {
  int fd = ::open(dev.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) return fmt::format("cannot open {}: {}", dev.string(), std::strerror(errno));
  ::close(fd);
  return {};
}

// The architecture kbuild itself runs on, the only one KVM can run guests of (the arch table's
// `kvm` column); null on a host kbuild has no row for.
const ArchInfo* host_arch() {
  for (const ArchInfo& info : arches())
    if (info.kvm) return &info;
  return nullptr;
}

}  // namespace

bool cpu_offers_virtualization(std::string_view cpuinfo, std::string* which) {
  size_t start = 0;
  while (start < cpuinfo.size()) {
    size_t end = cpuinfo.find('\n', start);
    if (end == std::string_view::npos) end = cpuinfo.size();
    std::string_view line = cpuinfo.substr(start, end - start);
    start = end + 1;
    if (line.rfind("flags", 0) != 0) continue;
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    std::string_view flags = line.substr(colon + 1);
    for (std::string_view flag : {"vmx", "svm"})
      if (has_word(flags, flag)) {
        if (which) *which = std::string(flag);
        return true;
      }
  }
  return false;
}

bool choose_accel(Accel wanted, Arch guest, const KvmHost& host, AccelChoice* choice,
                  std::string* err) {
  *choice = AccelChoice{};
  if (wanted == Accel::tcg) {
    choice->reason = "TCG ([run] accel = \"tcg\")";
    return true;
  }
  if (!arch_info(guest).kvm) {
    const ArchInfo* host_info = host_arch();
    std::string why =
        host_info ? fmt::format("KVM runs only {} guests on this {} host, and this kernel is {}",
                                host_info->name, host_info->name, arch_name(guest))
                  : fmt::format("KVM cannot run {} guests on this host", arch_name(guest));
    if (wanted == Accel::kvm) {
      *err = fmt::format("accel \"kvm\": {}; use accel = \"auto\" or \"tcg\"", why);
      return false;
    }
    choice->reason = "TCG (auto: " + why + ")";
    return true;
  }
  std::string problem = kvm_device_problem(host.dev_kvm);
  std::string cpuinfo, flag, ignored;
  bool offered = read_file(host.cpuinfo, &cpuinfo, &ignored) && cpu_offers_virtualization(cpuinfo, &flag);
  if (wanted == Accel::kvm) {
    if (!problem.empty()) {
      *err = fmt::format("accel \"kvm\": {}; add yourself to the kvm group, or use accel = \"auto\" or \"tcg\"",
                         problem);
      return false;
    }
    choice->kvm = true;
    choice->reason = offered ? fmt::format("KVM (asked for; the CPU offers {})", flag)
                             : fmt::format("KVM (asked for, although {} shows no vmx or svm: the guest may hang)",
                                           host.cpuinfo.string());
    return true;
  }
  if (!problem.empty()) {
    choice->reason = "TCG (auto: " + problem + ")";
  } else if (!offered) {
    choice->reason = fmt::format("TCG (auto: {} exists but {} shows no vmx or svm, so KVM would not run)",
                                 host.dev_kvm.string(), host.cpuinfo.string());
  } else {
    choice->kvm = true;
    choice->reason = fmt::format("KVM (auto: {} usable, the CPU offers {})", host.dev_kvm.string(), flag);
  }
  return true;
}

}  // namespace kbuild
