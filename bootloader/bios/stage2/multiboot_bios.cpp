#include "multiboot_bios.h"

#include <kbuild/boot.h>

#include "lib.h"
#include "memory_layout.h"
#include "multiboot_boot.h"
#include "multiboot_info.h"
#include "platform.h"
#include "rsdp.h"
#include "vbe.h"

void boot_multiboot(const kbuild_boot_manifest& manifest, const Kernel& kernel, MemoryMap* memory,
                    const Modules& modules) {
  multiboot_place(kernel);

  kbuild_framebuffer framebuffer = {};
  if (manifest.framebuffer_width != 0) {
    vbe_set_mode(manifest.framebuffer_width, manifest.framebuffer_height, manifest.framebuffer_bpp,
                 &framebuffer);
  }

  // The information last, in memory the kernel's map shows as available, below 4 GiB.
  uint64_t size = multiboot_info_size(memory->count() + 4, 0);
  uint64_t block = platform_allocate(size, KBUILD_MEMORY_BOOT_INFO);
  MultibootInputs in = multiboot_inputs(manifest, kernel, memory, modules);
  in.framebuffer = framebuffer;
  in.rsdp_address = find_rsdp();
  in.boot_drive = phys_ptr<kbuild_stage_handoff>(KBUILD_HANDOFF_ADDRESS)->boot_drive;
  in.ega_text = true;
  multiboot_enter(kernel, block, in);
}
