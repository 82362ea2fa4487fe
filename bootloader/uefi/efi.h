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

constexpr Status kSuccess = 0;
constexpr Status kErrorBit = 1ULL << 63;
constexpr Status kLoadError = kErrorBit | 1;
constexpr Status kInvalidParameter = kErrorBit | 2;
constexpr Status kUnsupported = kErrorBit | 3;
constexpr Status kBufferTooSmall = kErrorBit | 5;
constexpr Status kNotFound = kErrorBit | 14;

#define EFIAPI __attribute__((ms_abi))

struct Guid {
  uint32_t data1;
  uint16_t data2, data3;
  uint8_t data4[8];
};
static_assert(sizeof(Guid) == 16, "EFI_GUID");

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
  void* runtime_services;
  void* boot_services;
  uint64_t number_of_table_entries;
  void* configuration_table;
};
static_assert(__builtin_offsetof(SystemTable, con_out) == 64, "EFI_SYSTEM_TABLE");
static_assert(sizeof(SystemTable) == 120, "EFI_SYSTEM_TABLE");

}  // namespace efi
