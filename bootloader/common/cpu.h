// x86_64 registers and instructions the loaders use, with their bits named once.
#pragma once
#include <stdint.h>

namespace cpu {

constexpr uint32_t kMsrEfer = 0xc0000080;
constexpr uint64_t kEferNxe = 1ULL << 11;  // no-execute page bit enabled
constexpr uint64_t kCr0WriteProtect = 1ULL << 16;
constexpr uint64_t kCr0NotWriteThrough = 1ULL << 29;
constexpr uint64_t kCr0CacheDisable = 1ULL << 30;

constexpr uint32_t kMsrApicBase = 0x1b;
constexpr uint64_t kApicBaseX2apic = 1ULL << 10;  // the local APIC is in x2APIC mode
constexpr uint32_t kMsrPat = 0x277;

constexpr uint32_t kCpuidFeatures = 1;
constexpr uint32_t kFeaturesEcxHypervisor = 1U << 31;
constexpr uint32_t kCpuidExtendedMax = 0x80000000;
constexpr uint32_t kCpuidExtendedFeatures = 0x80000001;
constexpr uint32_t kExtendedEdxNoExecute = 1U << 20;

struct CpuidResult {
  uint32_t eax, ebx, ecx, edx;
};

inline CpuidResult cpuid(uint32_t leaf) {
  CpuidResult r;
  asm volatile("cpuid" : "=a"(r.eax), "=b"(r.ebx), "=c"(r.ecx), "=d"(r.edx) : "a"(leaf), "c"(0));
  return r;
}

inline bool under_hypervisor() {
  return (cpuid(kCpuidFeatures).ecx & kFeaturesEcxHypervisor) != 0;
}

inline bool has_no_execute() {
  if (cpuid(kCpuidExtendedMax).eax < kCpuidExtendedFeatures) return false;
  return (cpuid(kCpuidExtendedFeatures).edx & kExtendedEdxNoExecute) != 0;
}

// The running CPU's local APIC id: the 32-bit x2APIC id when CPUID leaf 0Bh reports one, else
// the 8-bit id of leaf 1 (EBX bits 31..24).
constexpr uint32_t kCpuidTopology = 0xb;
inline uint32_t apic_id() {
  if (cpuid(0).eax >= kCpuidTopology) {
    CpuidResult topology = cpuid(kCpuidTopology);
    if (topology.ebx != 0) return topology.edx;
  }
  return cpuid(kCpuidFeatures).ebx >> 24;
}

inline uint64_t read_msr(uint32_t msr) {
  uint32_t lo, hi;
  asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
  return (uint64_t(hi) << 32) | lo;
}

inline void write_msr(uint32_t msr, uint64_t value) {
  asm volatile("wrmsr" ::"c"(msr), "a"(static_cast<uint32_t>(value)),
               "d"(static_cast<uint32_t>(value >> 32)));
}

inline uint64_t read_cr0() {
  uint64_t v;
  asm volatile("mov %%cr0, %0" : "=r"(v));
  return v;
}

inline void write_cr0(uint64_t v) { asm volatile("mov %0, %%cr0" ::"r"(v) : "memory"); }

inline uint64_t read_cr3() {
  uint64_t v;
  asm volatile("mov %%cr3, %0" : "=r"(v));
  return v;
}

inline void write_cr3(uint64_t v) { asm volatile("mov %0, %%cr3" ::"r"(v) : "memory"); }

}  // namespace cpu
