// PE32+ (the Microsoft PE and COFF specification), as far as kbuild writes it: the headers of
// an EFI application and its base relocations. Field names are the specification's; every
// struct is packed as on disk and written through memcpy.
#pragma once

#include <cstdint>

namespace kbuild::pe {

inline constexpr uint16_t IMAGE_DOS_SIGNATURE = 0x5a4d;     // "MZ"
inline constexpr uint32_t IMAGE_NT_SIGNATURE = 0x00004550;  // "PE\0\0"
inline constexpr uint16_t IMAGE_FILE_MACHINE_RISCV64 = 0x5064;
inline constexpr uint16_t IMAGE_FILE_EXECUTABLE_IMAGE = 0x0002;
inline constexpr uint16_t IMAGE_FILE_LARGE_ADDRESS_AWARE = 0x0020;
inline constexpr uint16_t IMAGE_NT_OPTIONAL_HDR64_MAGIC = 0x20b;
inline constexpr uint16_t IMAGE_SUBSYSTEM_EFI_APPLICATION = 10;
inline constexpr uint16_t IMAGE_DLLCHARACTERISTICS_DYNAMIC_BASE = 0x0040;
inline constexpr int IMAGE_NUMBEROF_DIRECTORY_ENTRIES = 16;
inline constexpr int IMAGE_DIRECTORY_ENTRY_BASERELOC = 5;
inline constexpr uint32_t IMAGE_SCN_CNT_CODE = 0x00000020;
inline constexpr uint32_t IMAGE_SCN_CNT_INITIALIZED_DATA = 0x00000040;
inline constexpr uint32_t IMAGE_SCN_MEM_DISCARDABLE = 0x02000000;
inline constexpr uint32_t IMAGE_SCN_MEM_EXECUTE = 0x20000000;
inline constexpr uint32_t IMAGE_SCN_MEM_READ = 0x40000000;
inline constexpr uint32_t IMAGE_SCN_MEM_WRITE = 0x80000000;
inline constexpr uint16_t IMAGE_REL_BASED_ABSOLUTE = 0;
inline constexpr uint16_t IMAGE_REL_BASED_DIR64 = 10;

#pragma pack(push, 1)
struct DosHeader {  // only e_magic and e_lfanew matter to a UEFI loader
  uint16_t e_magic;
  uint8_t unused[58];
  uint32_t e_lfanew;
};
static_assert(sizeof(DosHeader) == 64);

struct FileHeader {
  uint16_t Machine;
  uint16_t NumberOfSections;
  uint32_t TimeDateStamp;
  uint32_t PointerToSymbolTable;
  uint32_t NumberOfSymbols;
  uint16_t SizeOfOptionalHeader;
  uint16_t Characteristics;
};
static_assert(sizeof(FileHeader) == 20);

struct ImageDataDirectory {  // IMAGE_DATA_DIRECTORY
  uint32_t VirtualAddress;
  uint32_t Size;
};
static_assert(sizeof(ImageDataDirectory) == 8);

struct OptionalHeader64 {
  uint16_t Magic;
  uint8_t MajorLinkerVersion, MinorLinkerVersion;
  uint32_t SizeOfCode, SizeOfInitializedData, SizeOfUninitializedData;
  uint32_t AddressOfEntryPoint, BaseOfCode;
  uint64_t ImageBase;
  uint32_t SectionAlignment, FileAlignment;
  uint16_t MajorOperatingSystemVersion, MinorOperatingSystemVersion;
  uint16_t MajorImageVersion, MinorImageVersion;
  uint16_t MajorSubsystemVersion, MinorSubsystemVersion;
  uint32_t Win32VersionValue;
  uint32_t SizeOfImage, SizeOfHeaders, CheckSum;
  uint16_t Subsystem, DllCharacteristics;
  uint64_t SizeOfStackReserve, SizeOfStackCommit, SizeOfHeapReserve, SizeOfHeapCommit;
  uint32_t LoaderFlags, NumberOfRvaAndSizes;
  ImageDataDirectory DataDirectory[IMAGE_NUMBEROF_DIRECTORY_ENTRIES];
};
static_assert(sizeof(OptionalHeader64) == 240);

struct SectionHeader {
  char Name[8];
  uint32_t VirtualSize, VirtualAddress;
  uint32_t SizeOfRawData, PointerToRawData;
  uint32_t PointerToRelocations, PointerToLinenumbers;
  uint16_t NumberOfRelocations, NumberOfLinenumbers;
  uint32_t Characteristics;
};
static_assert(sizeof(SectionHeader) == 40);

struct BaseRelocationBlock {  // followed by (SizeOfBlock - 8) / 2 entries: type << 12 | offset
  uint32_t VirtualAddress;
  uint32_t SizeOfBlock;
};
static_assert(sizeof(BaseRelocationBlock) == 8);
#pragma pack(pop)

}  // namespace kbuild::pe
