// A Limine-protocol kernel (base revision 2, linked as kernels/limine.cpp is) that asks for MP:
// the command line says how many CPUs QEMU was given ("cpus=N"). It checks the MP response (N
// CPUs, APIC ids 0..N-1, the boot CPU's among them), starts every other CPU through its
// goto_address with its extra_argument, and each checks its entry state (rdi, the loader's
// stack, the protocol's selectors, the kernel's page tables, PAT5 write-combining) and adds its
// bit to a shared mask. Prints "MP cpus=N started=M" and exits with PASS once all arrived.
#include "test_kernel.h"
#include "cpu_start.h"

namespace {

constexpr uint64_t kMagic0 = 0xc7b1dd30df4c8b88ULL, kMagic1 = 0x0a82e883a194f07bULL;
constexpr uint64_t kHhdm = 0xffff800000000000ULL;
using tk::kMaxTestCpus;

struct Request {
  uint64_t id[4];
  uint64_t revision;
  uint64_t* response;
  uint64_t flags;
};

struct MpInfo {
  uint32_t processor_id, lapic_id;
  uint64_t reserved;
  volatile uint64_t goto_address;
  uint64_t extra_argument;
};
struct MpResponse {
  uint64_t revision;
  uint32_t flags, bsp_lapic_id;
  uint64_t cpu_count;
  MpInfo** cpus;
};
struct CmdlineResponse {
  uint64_t revision;
  const char* cmdline;
};

__attribute__((used, section(".limine_requests_start"))) volatile uint64_t start_marker[4] = {
    0xf6b8f4b39de7d1aeULL, 0xfab91a6940fcb9cfULL, 0x785c6ed015d3e316ULL, 0x181e920a7852b9d9ULL};
__attribute__((used, section(".limine_requests"))) volatile uint64_t base_revision[3] = {
    0xf9562b2d5c95a6c8ULL, 0x6a7b384944536bdcULL, 2};
__attribute__((used, section(".limine_requests"))) volatile Request mp_request = {
    {kMagic0, kMagic1, 0x95a67b819a1b857eULL, 0xa0b61b723b6a73e0ULL}, 0, nullptr, 0};
__attribute__((used, section(".limine_requests"))) volatile Request cmdline_request = {
    {kMagic0, kMagic1, 0x4b161536e598651eULL, 0xb390ad4a2f1f303aULL}, 0, nullptr, 0};
__attribute__((used, section(".limine_requests_end"))) volatile uint64_t end_marker[2] = {
    0xadc0e0531bb10d03ULL, 0x9572709f31764c62ULL};

uint64_t boot_cr3;

extern "C" void ap_entry();
extern "C" uint64_t ap_main(MpInfo* info, uint64_t rsp);
// Records the entry rsp before the compiler touches the stack.
asm(R"(
  .text
  .global ap_entry
ap_entry:
  mov %rsp, %rsi
  call ap_main
1:
  cli
  hlt
  jmp 1b
)");

extern "C" uint64_t ap_main(MpInfo* info, uint64_t rsp) {
  uint64_t rflags;
  asm volatile("pushfq; popq %0" : "=r"(rflags));
  uint16_t cs, ds;
  asm volatile("mov %%cs, %0; mov %%ds, %1" : "=r"(cs), "=r"(ds));
  AP_CHECK(reinterpret_cast<uint64_t>(info) >= kHhdm);
  AP_CHECK((rflags & (1 << 9)) == 0);
  AP_CHECK(tk::read_cr3() == boot_cr3);
  AP_CHECK(cs == 0x28 && ds == 0x30);  // the protocol's GDT
  AP_CHECK(rsp % 16 == 8);             // a zero return address pushed on a 16-byte aligned top
  AP_CHECK(*reinterpret_cast<uint64_t*>(rsp) == 0);
  AP_CHECK(rsp >= kHhdm);              // the loader's stack, in bootloader memory
  AP_CHECK(((tk::read_msr(0x277) >> 40) & 0xff) == 0x01);  // PAT5 write-combining
  AP_CHECK(info->extra_argument == 0x1000 + info->lapic_id);
  // The stack is usable: write far below the top.
  volatile uint8_t probe[8192];
  probe[0] = 1;
  AP_CHECK(probe[0] == 1);
  tk::arrived(info->lapic_id);
  return 0;
}

}  // namespace

extern "C" void test_main(const kbuild_boot_info*) {
  CHECK(base_revision[2] == 0);
  CHECK(cmdline_request.response != nullptr);
  uint64_t want = tk::expected_cpus(reinterpret_cast<CmdlineResponse*>(cmdline_request.response)->cmdline);
  CHECK(want >= 1 && want <= kMaxTestCpus);
  CHECK(mp_request.response != nullptr);
  CHECK(reinterpret_cast<uint64_t>(mp_request.response) >= kHhdm);
  boot_cr3 = tk::read_cr3();
  auto* mp = reinterpret_cast<MpResponse*>(mp_request.response);
  tk::print("MP listed=");
  tk::print_dec(mp->cpu_count);
  tk::print("\n");
  CHECK(mp->revision == 0);
  CHECK(mp->flags == 0);  // x2APIC was not asked for
  CHECK(mp->cpu_count == want);
  uint64_t ids = 0, boot_entries = 0, expected = 0;
  for (uint64_t i = 0; i < mp->cpu_count; ++i) {
    MpInfo* cpu = mp->cpus[i];
    CHECK(reinterpret_cast<uint64_t>(cpu) >= kHhdm);
    CHECK(cpu->lapic_id < want);
    CHECK((ids & (uint64_t(1) << cpu->lapic_id)) == 0);
    ids |= uint64_t(1) << cpu->lapic_id;
    CHECK(cpu->processor_id == cpu->lapic_id);  // QEMU's MADT numbers both alike
    if (cpu->lapic_id == mp->bsp_lapic_id) ++boot_entries;
    else expected |= uint64_t(1) << cpu->lapic_id;
  }
  CHECK(boot_entries == 1);
  for (uint64_t i = 0; i < mp->cpu_count; ++i) {
    MpInfo* cpu = mp->cpus[i];
    if (cpu->lapic_id == mp->bsp_lapic_id) continue;
    cpu->extra_argument = 0x1000 + cpu->lapic_id;
    __atomic_store_n(&cpu->goto_address, reinterpret_cast<uint64_t>(&ap_entry), __ATOMIC_RELEASE);
  }
  tk::await_cpus("MP", mp->cpu_count, expected);
  tk::exit(tk::kPass);
}
