// Finding a Limine kernel's requests in its loaded image: between the start and end markers when
// it has them, else anywhere, on 8-byte boundaries; or, for an older kernel, where its
// .limine_reqs list points.
#pragma once
#include <stdint.h>

#include "limine_protocol.h"

struct LimineRequests {
  uint64_t* base_revision_tag = nullptr;  // the tag's three words, when the kernel has one
  limine::RequestHeader* bootloader_info = nullptr;
  limine::RequestHeader* firmware_type = nullptr;
  limine::StackSizeRequest* stack_size = nullptr;
  limine::RequestHeader* hhdm = nullptr;
  limine::RequestHeader* framebuffer = nullptr;
  limine::PagingModeRequest* paging_mode = nullptr;
  limine::RequestHeader* memory_map = nullptr;
  limine::EntryPointRequest* entry_point = nullptr;
  limine::RequestHeader* executable_file = nullptr;
  limine::RequestHeader* executable_cmdline = nullptr;
  limine::RequestHeader* rsdp = nullptr;
  limine::RequestHeader* executable_address = nullptr;
  limine::RequestHeader* boot_time = nullptr;
  limine::RequestHeader* efi_system_table = nullptr;
  limine::RequestHeader* smbios = nullptr;
  limine::RequestHeader* efi_memory_map = nullptr;
  limine::RequestHeader* module = nullptr;  // its revision 1 internal modules are not loaded
  limine::MpRequest* mp = nullptr;
};

// Scans `size` bytes of the loaded image at physical `image` (a multiple of 8). Requests the
// loader does not know are left alone; two of the same kind fail the boot, as the protocol says.
void limine_find_requests(uint64_t image, uint64_t size, LimineRequests* out);

// Base revision 0 with a .limine_reqs section (the manifest's limine_request_list): the requests
// its NULL-terminated list of virtual addresses names, and no others, aligned or not (x86 reads
// and writes them either way). `virtual_base` is the image's link address.
void limine_list_requests(uint64_t image, uint64_t size, uint64_t virtual_base, uint64_t list,
                          LimineRequests* out);
