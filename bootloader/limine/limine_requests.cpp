#include "limine_requests.h"

#include "console.h"
#include "lib.h"

namespace {

using limine::RequestHeader;
using limine::RequestId;

template <class T>
void take(RequestHeader* found, T** slot) {
  if (*slot != nullptr) fail("bad kernel: two Limine requests of the same kind");
  *slot = reinterpret_cast<T*>(found);
}

bool is(const RequestHeader* r, RequestId id) {
  uint64_t words[2];  // a listed request may sit on any boundary
  memcpy(words, &r->id[2], sizeof(words));
  return words[0] == id.a && words[1] == id.b;
}

void record(RequestHeader* r, LimineRequests* out) {
  if (is(r, limine::kBootloaderInfo)) take(r, &out->bootloader_info);
  else if (is(r, limine::kFirmwareType)) take(r, &out->firmware_type);
  else if (is(r, limine::kStackSize)) take(r, &out->stack_size);
  else if (is(r, limine::kHhdm)) take(r, &out->hhdm);
  else if (is(r, limine::kFramebuffer)) take(r, &out->framebuffer);
  else if (is(r, limine::kPagingMode)) take(r, &out->paging_mode);
  else if (is(r, limine::kMemoryMap)) take(r, &out->memory_map);
  else if (is(r, limine::kEntryPoint)) take(r, &out->entry_point);
  else if (is(r, limine::kExecutableFile)) take(r, &out->executable_file);
  else if (is(r, limine::kExecutableCmdline)) take(r, &out->executable_cmdline);
  else if (is(r, limine::kRsdp)) take(r, &out->rsdp);
  else if (is(r, limine::kExecutableAddress)) take(r, &out->executable_address);
  else if (is(r, limine::kBootTime)) take(r, &out->boot_time);
  else if (is(r, limine::kEfiSystemTable)) take(r, &out->efi_system_table);
  else if (is(r, limine::kSmbios)) take(r, &out->smbios);
  else if (is(r, limine::kModule)) take(r, &out->module);
  else if (is(r, limine::kEfiMemoryMap)) take(r, &out->efi_memory_map);
  else if (is(r, limine::kMp)) take(r, &out->mp);
}

}  // namespace

void limine_find_requests(uint64_t image, uint64_t size, LimineRequests* out) {
  auto* words = phys_ptr<uint64_t>(image);
  uint64_t count = size / 8;
  // The last start marker and the first end marker bound the search.
  uint64_t begin = 0, end = count;
  for (uint64_t i = 0; i + 4 <= count; ++i) {
    if (memcmp(words + i, limine::kStartMarker, sizeof(limine::kStartMarker)) == 0) begin = i + 4;
  }
  for (uint64_t i = begin; i + 2 <= count; ++i) {
    if (memcmp(words + i, limine::kEndMarker, sizeof(limine::kEndMarker)) == 0) {
      end = i;
      break;
    }
  }
  for (uint64_t i = begin; i + 3 <= end; ++i) {
    if (words[i] == limine::kBaseRevisionMagic0 && words[i + 1] == limine::kBaseRevisionMagic1) {
      if (out->base_revision_tag == nullptr) out->base_revision_tag = words + i;
      i += 2;
      continue;
    }
    if (words[i] != limine::kCommonMagic0 || words[i + 1] != limine::kCommonMagic1) continue;
    if (i + sizeof(RequestHeader) / 8 > end) break;
    record(reinterpret_cast<RequestHeader*>(words + i), out);
    i += sizeof(RequestHeader) / 8 - 1;
  }
}

void limine_list_requests(uint64_t image, uint64_t size, uint64_t virtual_base, uint64_t list,
                          LimineRequests* out) {
  // Where a virtual address of the image is, or 0 when `bytes` from it are not all inside.
  auto physical = [&](uint64_t address, uint64_t bytes) -> uint64_t {
    if (address < virtual_base || address - virtual_base > size || size - (address - virtual_base) < bytes) return 0;
    return image + (address - virtual_base);
  };
  for (uint64_t entry = list;; entry += 8) {
    uint64_t at = physical(entry, 8);
    if (at == 0) fail("bad kernel: the .limine_reqs list runs past the kernel");
    uint64_t pointer;
    memcpy(&pointer, phys_ptr<void>(at), 8);
    if (pointer == 0) return;
    uint64_t request = physical(pointer, sizeof(RequestHeader));
    uint64_t magic[2];
    if (request != 0) memcpy(magic, phys_ptr<void>(request), sizeof(magic));
    if (request == 0 || magic[0] != limine::kCommonMagic0 || magic[1] != limine::kCommonMagic1) {
      fail("bad kernel: a .limine_reqs entry does not point at a Limine request");
    }
    record(phys_ptr<RequestHeader>(request), out);
  }
}
