// An older Limine-protocol kernel (base revision 0: no base-revision tag, no markers) that lists
// its requests in a .limine_reqs section, as kernels did before the marker scan. The listed
// requests sit 4 bytes past an 8-byte boundary, where no scan finds them; one aligned request is
// left off the list, and the list is all the loader may answer.
#include "test_kernel.h"

namespace {

constexpr uint64_t kHhdm = 0xffff800000000000ULL;

// Requests of six words (id, revision, response) each.
enum : int { kResponse = 5 };

struct Request {
  uint64_t id[4];
  uint64_t revision;
  uint64_t* response;
};
// Not listed: must stay unanswered though a scan would find it.
__attribute__((used)) volatile Request firmware_request = {
    {0xc7b1dd30df4c8b88ULL, 0x0a82e883a194f07bULL, 0x8c2f75d90bef28a8ULL, 0x7045a4688eac00c3ULL}, 0, nullptr};

}  // namespace

extern "C" volatile uint64_t hhdm_request[6], info_request[6], memmap_request[6];

asm(R"(
  .section .data.requests, "aw"
  .balign 8
  .long 0
hhdm_request:
  .quad 0xc7b1dd30df4c8b88, 0x0a82e883a194f07b, 0x48dcf1cb8ad2b852, 0x63984e959a98244b, 0, 0
info_request:
  .quad 0xc7b1dd30df4c8b88, 0x0a82e883a194f07b, 0xf55038d8e2a1202f, 0x279426fcf5f59740, 0, 0
memmap_request:
  .quad 0xc7b1dd30df4c8b88, 0x0a82e883a194f07b, 0x67cf3d9d378a806f, 0xe304acdfc50c3c62, 0, 0

  .section .limine_reqs, "aw"
  .balign 8
  .quad hhdm_request, info_request, memmap_request, 0
  .text
)");

extern "C" void test_main(const kbuild_boot_info*) {
  CHECK(reinterpret_cast<uint64_t>(&hhdm_request[0]) % 8 == 4);
  CHECK(firmware_request.response == nullptr);

  auto* hhdm = reinterpret_cast<uint64_t*>(hhdm_request[kResponse]);
  CHECK(reinterpret_cast<uint64_t>(hhdm) >= kHhdm);
  CHECK(hhdm[1] == kHhdm);

  auto* info = reinterpret_cast<uint64_t*>(info_request[kResponse]);
  CHECK(info != nullptr);
  const char* name = reinterpret_cast<const char*>(info[1]);
  CHECK(name[0] == 'k' && name[1] == 'b' && name[6] == 0);

  // The memory map: sorted, some usable memory, through the direct map.
  auto* memmap = reinterpret_cast<uint64_t*>(memmap_request[kResponse]);
  CHECK(memmap != nullptr && memmap[1] > 2);
  auto** entries = reinterpret_cast<uint64_t**>(memmap[2]);
  uint64_t usable = 0;
  for (uint64_t i = 0; i < memmap[1]; ++i) {
    if (i > 0) CHECK(entries[i][0] >= entries[i - 1][0]);
    if (entries[i][2] == 0) usable += entries[i][1];
  }
  CHECK(usable > 0);
  tk::print("LISTED REQUESTS ANSWERED\n");
  tk::exit(tk::kPass);
}
