#include "image/boot_sector.h"

#include <kbuild/exit_codes.h>

#include <cstring>

namespace kbuild {

MasterBootRecord bios_mbr(std::span<const uint8_t> stage1, uint32_t signature, uint64_t kernel_lba,
                          uint64_t disk_sectors) {
  MasterBootRecord mbr;
  std::memcpy(&mbr, stage1.data(), sizeof(mbr));
  std::memset(reinterpret_cast<uint8_t*>(&mbr) + kMbrBootCodeBytes, 0, 510 - kMbrBootCodeBytes);
  mbr.unique_mbr_disk_signature = signature;
  mbr.partition_record[0] = {0x80,
                             {0xfe, 0xff, 0xff},
                             0xda,
                             {0xfe, 0xff, 0xff},
                             static_cast<uint32_t>(kernel_lba),
                             static_cast<uint32_t>(disk_sectors - kernel_lba)};
  mbr.signature = 0xaa55;
  return mbr;
}

// Real-mode code, loaded at 0x7c00, the message right after it:
//   xor ax,ax; mov ds,ax; mov si,0x7c00+46; cld
//   next: lodsb; test al,al; jz done; mov bl,al; mov dx,0x3fd
//   wait: in al,dx; test al,0x20; jz wait; mov dx,0x3f8; mov al,bl; out dx,al
//         mov ah,0x0e; mov bx,7; int 0x10; jmp next
//   done: mov al,KBUILD_EXIT_BOOT_FAILED; out KBUILD_DEBUG_EXIT_PORT,al
//   halt: cli; hlt; jmp halt
std::vector<uint8_t> uefi_only_boot_code() {
  static_assert(KBUILD_EXIT_BOOT_FAILED <= 0xff && KBUILD_DEBUG_EXIT_PORT <= 0xff);
  static constexpr uint8_t kCode[] = {
      0x31, 0xc0, 0x8e, 0xd8, 0xbe, 0x2e, 0x7c, 0xfc, 0xac, 0x84, 0xc0, 0x74, 0x19, 0x88, 0xc3, 0xba,
      0xfd, 0x03, 0xec, 0xa8, 0x20, 0x74, 0xfb, 0xba, 0xf8, 0x03, 0x88, 0xd8, 0xee, 0xb4, 0x0e, 0xbb,
      0x07, 0x00, 0xcd, 0x10, 0xeb, 0xe2, 0xb0, KBUILD_EXIT_BOOT_FAILED, 0xe6, KBUILD_DEBUG_EXIT_PORT,
      0xfa, 0xf4, 0xeb, 0xfc};
  static_assert(sizeof(kCode) == 0x2e, "the message follows the code at 0x7c00 + 0x2e");
  static constexpr char kMessage[] =
      KBUILD_BOOT_FAILURE_PREFIX "this disk boots on UEFI only ([target] boot = \"uefi\")\r\n";
  static_assert(sizeof(kCode) + sizeof(kMessage) <= kMbrBootCodeBytes);
  std::vector<uint8_t> code(sizeof(kCode) + sizeof(kMessage));  // the message with its NUL
  std::memcpy(code.data(), kCode, sizeof(kCode));
  std::memcpy(code.data() + sizeof(kCode), kMessage, sizeof(kMessage));
  return code;
}

}  // namespace kbuild
