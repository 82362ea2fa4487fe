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

bool is(const RequestHeader* r, RequestId id) { return r->id[2] == id.a && r->id[3] == id.b; }

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
