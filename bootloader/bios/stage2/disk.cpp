#include "disk.h"

#include "bios.h"
#include "console.h"
#include "lib.h"
#include "memory_layout.h"

void disk_read(uint64_t lba, uint64_t bytes, uint64_t dest) {
  if (bytes == 0) return;
  // Real mode copies with 32-bit addresses; the allocator only hands out memory below 4 GiB.
  constexpr uint64_t kLimit = 0xffffffff;
  if (dest > kLimit || bytes > kLimit - dest) {
    Message().str("disk read to ").hex(dest).str(" passes 4 GiB").fail();
  }
  bios_disk_read request = {};
  request.lba = lba;
  request.dest = static_cast<uint32_t>(dest);
  request.bytes = static_cast<uint32_t>(bytes);
  request.drive = phys_ptr<kbuild_stage_handoff>(KBUILD_HANDOFF_ADDRESS)->boot_drive;
  bios_read_disk(&request);
  if (request.failed) {
    Message()
        .str("disk read error at LBA ")
        .dec(request.lba)
        .str(" (INT 13h status ")
        .hex(request.status)
        .str(")")
        .fail();
  }
}
