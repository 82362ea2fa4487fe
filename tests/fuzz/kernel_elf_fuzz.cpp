// The ELF validator and the kernel packer on arbitrary bytes. The packer also sees unvalidated
// input (it must refuse, not crash); what it packs from a validated ELF must hold together.
#include <cstdint>
#include <span>
#include <string>

#include "fuzz_support.h"
#include "image/elf_validate.h"
#include "image/kernel_pack.h"

using namespace kbuild;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> bytes(data, size);
  KernelElf elf;
  std::string err;
  bool valid = validate_kernel_elf(bytes, &elf, &err);
  fuzz::check(valid || !err.empty(), "a refused ELF has a reason");
  fuzz::check(err.find('\n') == std::string::npos, "a validation error is one line");
  if (valid) {
    fuzz::check(!elf.segments.empty(), "a valid kernel has a loadable segment");
    for (const LoadSegment& s : elf.segments)
      fuzz::check(s.offset <= size && size - s.offset >= s.filesz, "segments lie inside the file");
  }

  PackedKernel packed;
  std::string pack_err;
  bool ok = pack_kernel(bytes, &packed, &pack_err);
  if (!valid || !ok) return 0;
  fuzz::check(packed.size % 4096 == 0, "the packed size is whole pages");
  fuzz::check(packed.headers.size() <= 4096, "the packed headers fit the first page");
  for (const PackedSegment& s : packed.segments) {
    fuzz::check(s.source_offset <= size && size - s.source_offset >= s.size, "packed bytes come from the file");
    fuzz::check(s.size == 0 || s.packed_offset >= packed.headers.size(), "segments do not overlap the headers");
    fuzz::check(s.packed_offset <= packed.size && packed.size - s.packed_offset >= s.size,
                "segments fit the packed file");
  }
  return 0;
}
