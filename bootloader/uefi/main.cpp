// kbuild's UEFI loader: BOOTX64.EFI on the image's EFI system partition.
#include "efi.h"

extern "C" efi::Status EFIAPI efi_main(efi::Handle, efi::SystemTable* system) {
  system->con_out->output_string(system->con_out,
                                 u"kbuild boot: this loader cannot start kernels under UEFI\r\n");
  return efi::kUnsupported;
}
