#include "disk.h"

#include "bios.h"
#include "console.h"
#include "lib.h"
#include "memory_layout.h"

namespace {

struct DiskAddressPacket {
  uint8_t size, zero;
  uint16_t count, offset, segment;
  uint64_t lba;
};
static_assert(sizeof(DiskAddressPacket) == 16, "INT 13h AH=42h DAP");

constexpr uint64_t kSectorsPerCall = KBUILD_BOUNCE_SIZE / 512;

}  // namespace

void disk_read(uint64_t lba, uint64_t bytes, uint64_t dest) {
  auto drive = phys_ptr<kbuild_stage_handoff>(KBUILD_HANDOFF_ADDRESS)->boot_drive;
  while (bytes > 0) {
    uint64_t sectors = (bytes + 511) / 512;
    if (sectors > kSectorsPerCall) sectors = kSectorsPerCall;
    DiskAddressPacket dap = {
        16, 0, static_cast<uint16_t>(sectors), 0, real_segment(KBUILD_BOUNCE_ADDRESS), lba};
    memcpy(phys_ptr<void>(KBUILD_SCRATCH_ADDRESS), &dap, sizeof(dap));
    bios_regs regs = {};
    regs.eax = 0x4200;
    regs.edx = drive;
    regs.ds = real_segment(KBUILD_SCRATCH_ADDRESS);
    regs.esi = real_offset(KBUILD_SCRATCH_ADDRESS);
    bios_call(0x13, &regs);
    if (regs.eflags & kCarryFlag) {
      Message()
          .str("disk read error at LBA ")
          .dec(lba)
          .str(" (INT 13h status ")
          .hex((regs.eax >> 8) & 0xff)
          .str(")")
          .fail();
    }
    uint64_t chunk = sectors * 512 < bytes ? sectors * 512 : bytes;
    memcpy(phys_ptr<void>(dest), phys_ptr<void>(KBUILD_BOUNCE_ADDRESS), chunk);
    dest += chunk;
    bytes -= chunk;
    lba += sectors;
  }
}
