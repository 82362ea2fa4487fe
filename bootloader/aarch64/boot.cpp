#include "boot.h"

#include "../common/elf.h"
#include "../shared/boot_limits.h"
#include "a64.h"
#include "paging.h"

extern "C" char loader_vectors[], loader_vectors_end[];
extern "C" [[noreturn]] void enter_kernel(uint64_t ttbr1, uint64_t ttbr0, uint64_t mair, uint64_t tcr,
                                          uint64_t entry, uint64_t stack_top, uint64_t info, uint64_t vbar);

namespace a64 {
namespace {

constexpr uint64_t kHigherHalf = kbuild_rules::kAarch64HigherHalf;
constexpr uint16_t kMachineAarch64 = 183;
constexpr uint64_t kInfoBytes = 4 * kPage;  // the info, the command line, the memory map
constexpr uint64_t kInfoSlot = 256, kCmdlineAt = kInfoSlot, kMapAt = 1024;
static_assert(sizeof(kbuild_boot_info) <= kInfoSlot, "the info outgrew its slot");
static_assert(kCmdlineAt + KBUILD_MANIFEST_CMDLINE_MAX <= kMapAt, "the command line fits before the map");

// Each segment in pages of its own, copied from the packed file, mapped with its permissions.
void load_segments(uint64_t file, Kernel* k, Memory* memory, PageTables* tables) {
  for (int i = 0; i < k->count; ++i) {
    const kbuild_rules::Segment& s = k->segments[i];
    uint64_t first = align_down(s.vaddr, kPage), last = align_up(s.vaddr + s.memsz, kPage);
    uint64_t base = memory->allocate(last - first, KBUILD_MEMORY_KERNEL);
    memcpy(phys<void>(base + (s.vaddr - first)), phys<const void>(file + s.offset), s.filesz);
    uint64_t attributes = (kAttrNormal << 2) | kInnerShareable | kUserNoExecute;
    if (!(s.flags & elf::kPfWrite)) attributes |= kReadOnly;
    if (!(s.flags & elf::kPfExecute)) attributes |= kPrivilegedNoExecute;
    for (uint64_t v = first; v < last; v += kPage) tables->map_page(v, base + (v - first), attributes, "a kernel segment");
    if (s.vaddr < k->virtual_base) {
      k->virtual_base = s.vaddr;
      k->physical_base = base + (s.vaddr - first);
    }
  }
}

// All physical memory, 0 to max(4 GiB, the end of RAM), at `offset` in 1 GiB blocks: RAM as
// normal memory, the rest (virt's MMIO below 1 GiB) as device memory; never executable.
uint64_t map_physical_memory(const Memory& memory, uint64_t offset, PageTables* tables) {
  uint64_t size = align_up(memory.ram_end(), kGiB);
  if (size < 4 * kGiB) size = 4 * kGiB;
  if (offset + size - 1 < offset) fail("physical_memory_offset is too high for the RAM");
  for (uint64_t p = 0; p < size; p += kGiB) {
    uint64_t type = memory.holds_ram(p, p + kGiB) ? (kAttrNormal << 2) | kInnerShareable : (kAttrDevice << 2);
    tables->map_block(offset + p, p, type | kPrivilegedNoExecute | kUserNoExecute, "the physical memory mapping");
  }
  return size;
}

uint64_t l0_slot(uint64_t virt) { return (virt >> 39) & 511; }

}  // namespace

void check_manifest(const kbuild_boot_manifest& m) {
  if (m.magic != KBUILD_MANIFEST_MAGIC) fail("bad boot manifest: no KBLDMAN1 magic");
  if (m.version != KBUILD_MANIFEST_VERSION)
    Message().str("boot manifest version ").dec(m.version).str(" is not the ").dec(KBUILD_MANIFEST_VERSION).str(" this loader reads").fail();
  if (!kbuild_limits::stack_size_ok(m.stack_size)) fail("bad boot manifest: the stack size");
  if (!kbuild_limits::physical_memory_offset_ok(m.physical_memory_offset) || m.physical_memory_offset < kHigherHalf)
    Message().str("physical_memory_offset ").hex(m.physical_memory_offset).str(" is not in aarch64's higher half (0xffff000000000000 and up)").fail();
  if (!kbuild_limits::cmdline_length_ok(m.cmdline_length)) fail("bad boot manifest: the command line");
  if (m.protocol != KBUILD_PROTOCOL_KBUILD) fail("the kernel speaks a boot protocol the aarch64 loader does not (only kbuild's)");
}

void check_kernel(uint64_t file, uint64_t file_size, Kernel* k) {
  if (file_size < sizeof(elf::Header)) fail("the packed kernel is smaller than an ELF header");
  const auto& h = *phys<const elf::Header>(file);
  if (memcmp(h.e_ident, elf::kMagic, 4) != 0 || h.e_ident[elf::kIdentClass] != elf::kClass64 ||
      h.e_ident[elf::kIdentData] != elf::kDataLittleEndian)
    fail("the packed kernel is not a little-endian ELF64 file");
  if (h.e_machine != kMachineAarch64) Message().str("the kernel is for e_machine ").dec(h.e_machine).str(", not AArch64 (183)").fail();
  if (h.e_type != elf::kTypeExecutable) fail("the kernel is not an executable (ET_EXEC)");
  if (h.e_phentsize != sizeof(elf::ProgramHeader) || h.e_phoff > file_size ||
      (file_size - h.e_phoff) / sizeof(elf::ProgramHeader) < h.e_phnum)
    fail("the kernel's program headers are corrupt");
  for (int i = 0; i < h.e_phnum; ++i) {
    const auto& ph = phys<const elf::ProgramHeader>(file + h.e_phoff)[i];
    if (ph.p_type != elf::kPtLoad || ph.p_memsz == 0) continue;
    if (k->count == kbuild_rules::kMaxSegments) fail("the kernel has too many PT_LOAD segments");
    k->segments[k->count++] = {ph.p_offset, ph.p_vaddr, ph.p_filesz, ph.p_memsz, ph.p_flags};
  }
  char why[kbuild_rules::kMessageCapacity];
  if (!kbuild_rules::check_segments(k->segments, k->count, h.e_entry, file_size, true, why) ||
      !kbuild_rules::check_address_space(h.e_machine, k->segments, k->count, why))
    fail(why);
  k->entry = h.e_entry;
}

void boot_kernel(const Handoff& handoff, const Kernel& checked, Memory* memory) {
  const kbuild_boot_manifest& manifest = *handoff.manifest;
  static Kernel kernel;  // in .bss: the loader's stack stays small
  kernel = checked;
  PageTables tables(memory);
  load_segments(handoff.file, &kernel, memory, &tables);
  uint64_t offset = manifest.physical_memory_offset;
  uint64_t mapped = map_physical_memory(*memory, offset, &tables);

  // The stack in a top-level slot of its own, a guard page below it and the exception vectors
  // a page above it.
  bool used[512] = {};
  for (int i = 0; i < kernel.count; ++i)
    for (uint64_t k = l0_slot(kernel.segments[i].vaddr); k <= l0_slot(kernel.segments[i].vaddr + kernel.segments[i].memsz - 1); ++k) used[k] = true;
  for (uint64_t k = l0_slot(offset); k <= l0_slot(offset + mapped - 1); ++k) used[k] = true;
  int slot = -1;
  for (int k = 510; k >= 256 && slot < 0; --k)
    if (!used[k]) slot = k;
  if (slot < 0) fail("no free virtual space for the kernel stack");
  uint64_t stack_base = kHigherHalf | (uint64_t(slot) << 39);  // the guard page
  uint64_t stack_bottom = stack_base + kPage, stack_top = stack_bottom + manifest.stack_size;
  uint64_t stack = memory->allocate(manifest.stack_size, KBUILD_MEMORY_KERNEL_STACK);
  uint64_t data = (kAttrNormal << 2) | kInnerShareable | kPrivilegedNoExecute | kUserNoExecute;
  for (uint64_t i = 0; i < manifest.stack_size; i += kPage) tables.map_page(stack_bottom + i, stack + i, data, "the stack");
  uint64_t vectors = memory->allocate(kPage, KBUILD_MEMORY_BOOTLOADER);
  if (uint64_t(loader_vectors_end - loader_vectors) > kPage) fail("the vectors outgrew their page");
  memcpy(phys<void>(vectors), loader_vectors, uint64_t(loader_vectors_end - loader_vectors));
  uint64_t vectors_virt = stack_top + kPage;
  tables.map_page(vectors_virt, vectors, (kAttrNormal << 2) | kInnerShareable | kReadOnly | kUserNoExecute, "the exception vectors");

  uint64_t info_phys = memory->allocate(kInfoBytes, KBUILD_MEMORY_BOOT_INFO);
  // The identity map the switch runs on: the RAM this code is in. Switched off before the
  // kernel's first instruction (leave_identity in enter_kernel.S).
  PageTables identity(memory);
  for (uint64_t p = 0; p < memory->ram_end(); p += kGiB)
    if (memory->holds_ram(p, p + kGiB)) identity.map_block(p, p, (kAttrNormal << 2) | kInnerShareable, "the identity map");

  auto* info = phys<kbuild_boot_info>(info_phys);
  char* cmdline = phys<char>(info_phys + kCmdlineAt);
  memcpy(cmdline, manifest.cmdline, manifest.cmdline_length);
  cmdline[manifest.cmdline_length] = 0;
  auto* map = phys<kbuild_memory_region>(info_phys + kMapAt);
  uint64_t entries = memory->write_map(map, (kInfoBytes - kMapAt) / sizeof(kbuild_memory_region));
  info->magic = KBUILD_BOOT_MAGIC;
  info->version = KBUILD_BOOT_VERSION;
  info->size = sizeof(kbuild_boot_info);
  info->memory_map = offset + info_phys + kMapAt;
  info->memory_map_entries = entries;
  info->physical_memory_offset = offset;
  info->kernel_virtual_base = kernel.virtual_base;
  info->kernel_physical_base = kernel.physical_base;
  info->kernel_file_address = handoff.file;
  info->kernel_file_size = manifest.kernel_bytes;
  info->stack_top = stack_top;
  info->stack_size = manifest.stack_size;
  info->cmdline = offset + info_phys + kCmdlineAt;
  info->cmdline_length = manifest.cmdline_length;
  info->framebuffer = handoff.framebuffer;
  info->rsdp_address = handoff.rsdp;
  info->firmware = handoff.firmware;
  info->efi_system_table = handoff.efi_system_table;
  info->dtb = handoff.dtb;
  uint64_t mpidr;
  __asm__ volatile("mrs %0, mpidr_el1" : "=r"(mpidr));
  info->boot_cpu_id = mpidr & 0xff00ffffffull;  // Aff3, Aff2, Aff1, Aff0

  uint64_t mmfr0;
  __asm__ volatile("mrs %0, id_aa64mmfr0_el1" : "=r"(mmfr0));
  uint64_t ips = mmfr0 & 0xf;
  if (ips > 5) ips = 5;
  uint64_t tcr = 16 | (1ull << 8) | (1ull << 10) | (3ull << 12) | (0ull << 14)  // TTBR0: 48 bits, WB, inner shareable, 4 KiB
                 | (16ull << 16) | (1ull << 24) | (1ull << 26) | (3ull << 28) | (2ull << 30)  // TTBR1 likewise
                 | (ips << 32);
  enter_kernel(tables.root(), identity.root(), kMair, tcr, kernel.entry, stack_top, offset + info_phys, vectors_virt);
}

}  // namespace a64
