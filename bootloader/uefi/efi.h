// The parts of the UEFI specification (2.10) the loader uses, written from the specification:
// types, the system table, boot services and the protocols by GUID. Only <stdint.h> types, so
// the LLP64 target (long is 32 bits) and the ELF side agree on every size.
#pragma once

#include <stdint.h>

namespace efi {

using Status = uint64_t;
using Handle = void*;
using Event = void*;
using Char16 = char16_t;
using PhysicalAddress = uint64_t;

constexpr Status kSuccess = 0;
constexpr Status kErrorBit = 1ULL << 63;
constexpr Status kLoadError = kErrorBit | 1;
constexpr Status kInvalidParameter = kErrorBit | 2;
constexpr Status kUnsupported = kErrorBit | 3;
constexpr Status kBufferTooSmall = kErrorBit | 5;
constexpr Status kOutOfResources = kErrorBit | 9;
constexpr Status kNotFound = kErrorBit | 14;

// UEFI's calling convention: Microsoft x64 on x86_64 (the Windows target's default, spelled out
// for code shared with the ELF side); on AArch64 it is the standard AAPCS64.
#if defined(__x86_64__)
#define EFIAPI __attribute__((ms_abi))
#else
#define EFIAPI
#endif

struct Guid {
  uint32_t data1;
  uint16_t data2, data3;
  uint8_t data4[8];
};
static_assert(sizeof(Guid) == 16, "EFI_GUID");

inline bool same_guid(const Guid& a, const Guid& b) {
  if (a.data1 != b.data1 || a.data2 != b.data2 || a.data3 != b.data3) return false;
  for (int i = 0; i < 8; ++i) {
    if (a.data4[i] != b.data4[i]) return false;
  }
  return true;
}

struct TableHeader {
  uint64_t signature;
  uint32_t revision;
  uint32_t header_size;
  uint32_t crc32;
  uint32_t reserved;
};
static_assert(sizeof(TableHeader) == 24, "EFI_TABLE_HEADER");

struct SimpleTextOutput {
  Status(EFIAPI* reset)(SimpleTextOutput*, bool extended);
  Status(EFIAPI* output_string)(SimpleTextOutput*, const Char16* text);
  void* test_string;
  void* query_mode;
  void* set_mode;
  void* set_attribute;
  void* clear_screen;
  void* set_cursor_position;
  void* enable_cursor;
  void* mode;
};

// EFI_MEMORY_TYPE
enum MemoryType : uint32_t {
  kReservedMemoryType = 0,
  kLoaderCode = 1,
  kLoaderData = 2,
  kBootServicesCode = 3,
  kBootServicesData = 4,
  kRuntimeServicesCode = 5,
  kRuntimeServicesData = 6,
  kConventionalMemory = 7,
  kUnusableMemory = 8,
  kAcpiReclaimMemory = 9,
  kAcpiMemoryNvs = 10,
  kMemoryMappedIo = 11,
  kMemoryMappedIoPortSpace = 12,
  kPalCode = 13,
  kPersistentMemory = 14,
};

// EFI_ALLOCATE_TYPE
enum AllocateType : uint32_t {
  kAllocateAnyPages = 0,
  kAllocateMaxAddress = 1,
  kAllocateAddress = 2,
};

constexpr uint64_t kPageSize = 4096;

// EFI_MEMORY_DESCRIPTOR; the firmware's entries are DescriptorSize apart, which may be more.
struct MemoryDescriptor {
  uint32_t type;
  uint32_t pad;
  PhysicalAddress physical_start;
  uint64_t virtual_start;
  uint64_t number_of_pages;
  uint64_t attribute;
};
static_assert(sizeof(MemoryDescriptor) == 40, "EFI_MEMORY_DESCRIPTOR");

struct BootServices {
  TableHeader header;
  void* raise_tpl;
  void* restore_tpl;
  Status(EFIAPI* allocate_pages)(AllocateType, MemoryType, uint64_t pages,
                                 PhysicalAddress* memory);
  Status(EFIAPI* free_pages)(PhysicalAddress memory, uint64_t pages);
  Status(EFIAPI* get_memory_map)(uint64_t* map_size, MemoryDescriptor* map, uint64_t* map_key,
                                 uint64_t* descriptor_size, uint32_t* descriptor_version);
  Status(EFIAPI* allocate_pool)(MemoryType, uint64_t size, void** buffer);
  Status(EFIAPI* free_pool)(void* buffer);
  void* create_event;
  void* set_timer;
  void* wait_for_event;
  void* signal_event;
  void* close_event;
  void* check_event;
  void* install_protocol_interface;
  void* reinstall_protocol_interface;
  void* uninstall_protocol_interface;
  Status(EFIAPI* handle_protocol)(Handle, const Guid* protocol, void** interface);
  void* reserved;
  void* register_protocol_notify;
  void* locate_handle;
  void* locate_device_path;
  void* install_configuration_table;
  void* load_image;
  void* start_image;
  void* exit;
  void* unload_image;
  Status(EFIAPI* exit_boot_services)(Handle image, uint64_t map_key);
  void* get_next_monotonic_count;
  void* stall;
  Status(EFIAPI* set_watchdog_timer)(uint64_t timeout, uint64_t code, uint64_t data_size,
                                     const Char16* data);
  void* connect_controller;
  void* disconnect_controller;
  void* open_protocol;
  void* close_protocol;
  void* open_protocol_information;
  void* protocols_per_handle;
  void* locate_handle_buffer;
  Status(EFIAPI* locate_protocol)(const Guid* protocol, void* registration, void** interface);
};
static_assert(__builtin_offsetof(BootServices, allocate_pages) == 40, "EFI_BOOT_SERVICES");
static_assert(__builtin_offsetof(BootServices, handle_protocol) == 152, "EFI_BOOT_SERVICES");
static_assert(__builtin_offsetof(BootServices, exit_boot_services) == 232, "EFI_BOOT_SERVICES");
static_assert(__builtin_offsetof(BootServices, set_watchdog_timer) == 256, "EFI_BOOT_SERVICES");
static_assert(__builtin_offsetof(BootServices, locate_protocol) == 320, "EFI_BOOT_SERVICES");

struct ConfigurationTable {
  Guid vendor_guid;
  void* vendor_table;
};
static_assert(sizeof(ConfigurationTable) == 24, "EFI_CONFIGURATION_TABLE");

// EFI_TIME
struct Time {
  uint16_t year;  // 1900..9999
  uint8_t month, day, hour, minute, second, pad1;
  uint32_t nanosecond;
  int16_t time_zone;
  uint8_t daylight, pad2;
};
static_assert(sizeof(Time) == 16, "EFI_TIME");

// EFI_RUNTIME_SERVICES, as far as the loader calls it (GetTime is its first service).
struct RuntimeServices {
  TableHeader header;
  Status(EFIAPI* get_time)(Time* time, void* capabilities);
};

struct SystemTable {
  TableHeader header;
  Char16* firmware_vendor;
  uint32_t firmware_revision;
  Handle console_in_handle;
  void* con_in;
  Handle console_out_handle;
  SimpleTextOutput* con_out;
  Handle standard_error_handle;
  SimpleTextOutput* std_err;
  RuntimeServices* runtime_services;
  BootServices* boot_services;
  uint64_t number_of_table_entries;
  ConfigurationTable* configuration_table;
};
static_assert(__builtin_offsetof(SystemTable, con_out) == 64, "EFI_SYSTEM_TABLE");
static_assert(sizeof(SystemTable) == 120, "EFI_SYSTEM_TABLE");

// EFI_LOADED_IMAGE_PROTOCOL
constexpr Guid kLoadedImageProtocol = {
    0x5b1b31a1, 0x9562, 0x11d2, {0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
struct LoadedImage {
  uint32_t revision;
  Handle parent_handle;
  SystemTable* system_table;
  Handle device_handle;
  void* file_path;
  void* reserved;
  uint32_t load_options_size;
  void* load_options;
  void* image_base;
  uint64_t image_size;
  MemoryType image_code_type;
  MemoryType image_data_type;
  void* unload;
};
static_assert(__builtin_offsetof(LoadedImage, device_handle) == 24, "EFI_LOADED_IMAGE_PROTOCOL");
static_assert(__builtin_offsetof(LoadedImage, image_base) == 64, "EFI_LOADED_IMAGE_PROTOCOL");

// EFI_FILE_PROTOCOL
constexpr uint64_t kFileModeRead = 1;
constexpr uint64_t kFilePositionEnd = ~0ULL;  // SetPosition: the end of the file
struct File {
  uint64_t revision;
  Status(EFIAPI* open)(File*, File** out, const Char16* name, uint64_t mode, uint64_t attributes);
  Status(EFIAPI* close)(File*);
  void* delete_file;
  Status(EFIAPI* read)(File*, uint64_t* size, void* buffer);
  void* write;
  Status(EFIAPI* get_position)(File*, uint64_t* position);
  Status(EFIAPI* set_position)(File*, uint64_t position);
};

// EFI_SIMPLE_FILE_SYSTEM_PROTOCOL
constexpr Guid kSimpleFileSystemProtocol = {
    0x964e5b22, 0x6459, 0x11d2, {0x8e, 0x39, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b}};
struct SimpleFileSystem {
  uint64_t revision;
  Status(EFIAPI* open_volume)(SimpleFileSystem*, File** root);
};

// EFI_GRAPHICS_OUTPUT_PROTOCOL
constexpr Guid kGraphicsOutputProtocol = {
    0x9042a9de, 0x23dc, 0x4a38, {0x96, 0xfb, 0x7a, 0xde, 0xd0, 0x80, 0x51, 0x6a}};
enum PixelFormat : uint32_t {
  kPixelRedGreenBlueReserved8 = 0,
  kPixelBlueGreenRedReserved8 = 1,
  kPixelBitMask = 2,
  kPixelBltOnly = 3,
};
struct PixelBitmask {
  uint32_t red, green, blue, reserved;
};
struct GraphicsModeInfo {
  uint32_t version;
  uint32_t horizontal_resolution;
  uint32_t vertical_resolution;
  PixelFormat pixel_format;
  PixelBitmask pixel_information;
  uint32_t pixels_per_scan_line;
};
static_assert(sizeof(GraphicsModeInfo) == 36, "EFI_GRAPHICS_OUTPUT_MODE_INFORMATION");
struct GraphicsMode {
  uint32_t max_mode;
  uint32_t mode;
  GraphicsModeInfo* info;
  uint64_t size_of_info;
  PhysicalAddress frame_buffer_base;
  uint64_t frame_buffer_size;
};
struct GraphicsOutput {
  Status(EFIAPI* query_mode)(GraphicsOutput*, uint32_t mode, uint64_t* size_of_info,
                             GraphicsModeInfo** info);
  Status(EFIAPI* set_mode)(GraphicsOutput*, uint32_t mode);
  void* blt;
  GraphicsMode* mode;
};

// RISCV_EFI_BOOT_PROTOCOL (the RISC-V UEFI protocol specification): the boot hart's id.
constexpr Guid kRiscvBootProtocol = {
    0xccd15fec, 0x6f73, 0x4eec, {0x83, 0x95, 0x3e, 0x69, 0xe4, 0xb9, 0x40, 0xbf}};
struct RiscvBoot {
  uint64_t revision;
  Status(EFIAPI* get_boot_hartid)(RiscvBoot*, uint64_t* hart_id);
};
static_assert(sizeof(RiscvBoot) == 16, "RISCV_EFI_BOOT_PROTOCOL");

// Configuration tables.
constexpr Guid kAcpi20Table = {
    0x8868e871, 0xe4f1, 0x11d3, {0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81}};
constexpr Guid kAcpi10Table = {
    0xeb9d2d30, 0x2d88, 0x11d3, {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};
constexpr Guid kSmbiosTable = {
    0xeb9d2d31, 0x2d88, 0x11d3, {0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d}};
constexpr Guid kSmbios3Table = {
    0xf2fd1544, 0x9794, 0x4a2c, {0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94}};
// The flattened device tree (AArch64 firmware publishes it on QEMU virt with acpi=off; U-Boot's
// UEFI on riscv64 always).
constexpr Guid kDeviceTreeTable = {
    0xb1b621d5, 0xf19c, 0x41a5, {0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0}};

}  // namespace efi
