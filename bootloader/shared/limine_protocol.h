// The Limine boot protocol's structures and magic numbers, as kbuild's loader answers them (from
// the protocol's specification, PROTOCOL.md of the Limine project), and the limits the image
// writer checks (src/image/limine_check.cpp). Pointers the kernel reads are 64-bit virtual
// addresses in the higher-half direct map, so they are plain uint64_t here.
#pragma once
#include <stdint.h>

namespace limine {

constexpr uint64_t kCommonMagic0 = 0xc7b1dd30df4c8b88ULL, kCommonMagic1 = 0x0a82e883a194f07bULL;
constexpr uint64_t kBaseRevisionMagic0 = 0xf9562b2d5c95a6c8ULL;
constexpr uint64_t kBaseRevisionMagic1 = 0x6a7b384944536bdcULL;
constexpr uint64_t kStartMarker[4] = {0xf6b8f4b39de7d1aeULL, 0xfab91a6940fcb9cfULL,
                                      0x785c6ed015d3e316ULL, 0x181e920a7852b9d9ULL};
constexpr uint64_t kEndMarker[2] = {0xadc0e0531bb10d03ULL, 0x9572709f31764c62ULL};

// The highest base revision whose differences this loader implements.
constexpr uint64_t kNewestBaseRevision = 3;

// Where the direct map of physical memory starts under 4-level paging.
constexpr uint64_t kHhdmOffset4Level = 0xffff800000000000ULL;
// The lowest address a Limine kernel may be linked at.
constexpr uint64_t kKernelMinAddress = 0xffffffff80000000ULL;

// The two words after the common magic that name each request.
struct RequestId {
  uint64_t a, b;
};
constexpr RequestId kBootloaderInfo = {0xf55038d8e2a1202fULL, 0x279426fcf5f59740ULL};
constexpr RequestId kFirmwareType = {0x8c2f75d90bef28a8ULL, 0x7045a4688eac00c3ULL};
constexpr RequestId kStackSize = {0x224ef0460a8e8926ULL, 0xe1cb0fc25f46ea3dULL};
constexpr RequestId kHhdm = {0x48dcf1cb8ad2b852ULL, 0x63984e959a98244bULL};
constexpr RequestId kFramebuffer = {0x9d5827dcd881dd75ULL, 0xa3148604f6fab11bULL};
constexpr RequestId kPagingMode = {0x95c1a0edab0944cbULL, 0xa4e5cb3842f7488aULL};
constexpr RequestId kMemoryMap = {0x67cf3d9d378a806fULL, 0xe304acdfc50c3c62ULL};
constexpr RequestId kEntryPoint = {0x13d86c035a1cd3e1ULL, 0x2b0caa89d8f3026aULL};
constexpr RequestId kExecutableFile = {0xad97e90e83f1ed67ULL, 0x31eb5d1c5ff23b69ULL};
constexpr RequestId kExecutableCmdline = {0x4b161536e598651eULL, 0xb390ad4a2f1f303aULL};
constexpr RequestId kRsdp = {0xc5e77b6b397e7b43ULL, 0x27637845accdcf3cULL};
constexpr RequestId kExecutableAddress = {0x71ba76863cc55f63ULL, 0xb2644a48c516a487ULL};
constexpr RequestId kBootTime = {0x502746e184c088aaULL, 0xfbc5ec83e6327893ULL};
constexpr RequestId kEfiSystemTable = {0x5ceba5163eaaf6d6ULL, 0x0a6981610cf65fccULL};
constexpr RequestId kSmbios = {0x9e9046f11e095391ULL, 0xaa4a520fefbde5eeULL};
constexpr RequestId kModule = {0x3e7e279702be32afULL, 0xca1c4f3bd1280ceeULL};
constexpr RequestId kEfiMemoryMap = {0x7df62a431d6872d5ULL, 0xa4fcdfb3e57306c8ULL};
constexpr RequestId kMp = {0x95a67b819a1b857eULL, 0xa0b61b723b6a73e0ULL};

// Every request starts so; the rest depends on the request.
struct RequestHeader {
  uint64_t id[4];
  uint64_t revision;
  uint64_t response;  // written by the loader when it answers
};
static_assert(sizeof(RequestHeader) == 48, "Limine ABI");

struct StackSizeRequest {
  RequestHeader header;
  uint64_t stack_size;
};
struct PagingModeRequest {
  RequestHeader header;
  uint64_t mode;
  uint64_t max_mode, min_mode;  // request revision 1
};
struct EntryPointRequest {
  RequestHeader header;
  uint64_t entry;
};

struct MpRequest {
  RequestHeader header;
  uint64_t flags;  // bit 0: enable x2APIC if possible
};

constexpr uint64_t kFirmwareX86Bios = 0, kFirmwareUefi64 = 2;
constexpr uint64_t kPagingMode4Level = 0;

enum MemoryType : uint64_t {
  kUsable = 0,
  kReserved = 1,
  kAcpiReclaimable = 2,
  kAcpiNvs = 3,
  kBadMemory = 4,
  kBootloaderReclaimable = 5,
  kExecutableAndModules = 6,
  kFramebufferMemory = 7,
};

// Responses (revision first in each).
struct BootloaderInfoResponse {
  uint64_t revision, name, version;
};
struct FirmwareTypeResponse {
  uint64_t revision, firmware_type;
};
struct RevisionOnlyResponse {  // stack size, entry point
  uint64_t revision;
};
struct HhdmResponse {
  uint64_t revision, offset;
};
struct PagingModeResponse {
  uint64_t revision, mode;
};
struct MemoryMapEntry {
  uint64_t base, length, type;
};
struct MemoryMapResponse {
  uint64_t revision, entry_count, entries;  // entries: array of pointers to MemoryMapEntry
};
struct Framebuffer {
  uint64_t address, width, height, pitch;
  uint16_t bpp;
  uint8_t memory_model;  // 1: RGB
  uint8_t red_mask_size, red_mask_shift, green_mask_size, green_mask_shift, blue_mask_size,
      blue_mask_shift;
  uint8_t unused[7];
  uint64_t edid_size, edid;
  uint64_t mode_count, modes;  // response revision 1
};
static_assert(sizeof(Framebuffer) == 80, "Limine ABI");
struct FramebufferResponse {
  uint64_t revision, framebuffer_count, framebuffers;  // array of pointers to Framebuffer
};
struct Uuid {
  uint32_t a;
  uint16_t b, c;
  uint8_t d[8];
};
struct File {
  uint64_t revision, address, size, path, cmdline;
  uint32_t media_type, unused, tftp_ip, tftp_port, partition_index, mbr_disk_id;
  Uuid gpt_disk_uuid, gpt_part_uuid, part_uuid;
};
static_assert(sizeof(File) == 112, "Limine ABI");
struct ExecutableFileResponse {
  uint64_t revision, file;  // pointer to File
};
struct CmdlineResponse {
  uint64_t revision, cmdline;
};
struct RsdpResponse {
  uint64_t revision, address;
};
struct BootTimeResponse {
  uint64_t revision;
  int64_t boot_time;  // UNIX time, seconds
};
struct EfiSystemTableResponse {
  uint64_t revision, address;
};
// The firmware's map as ExitBootServices left it; `memmap` is a direct-map address under every
// base revision (revision 3's physical addresses are the RSDP's, SMBIOS's and the system table's).
struct EfiMemoryMapResponse {
  uint64_t revision, memmap, memmap_size, desc_size, desc_version;
};
struct SmbiosResponse {
  uint64_t revision, entry_32, entry_64;  // 0 for an entry point the firmware does not have
};
struct ModuleResponse {
  uint64_t revision, module_count, modules;  // modules: array of pointers to File
};
struct ExecutableAddressResponse {
  uint64_t revision, physical_base, virtual_base;
};

// The MP response (x86_64): one MpInfo per CPU, the boot CPU's included.
struct MpInfo {
  uint32_t processor_id;  // the MADT's ACPI processor UID
  uint32_t lapic_id;
  uint64_t reserved;
  uint64_t goto_address;  // the kernel writes it; the CPU jumps there with rdi = this MpInfo
  uint64_t extra_argument;
};
static_assert(sizeof(MpInfo) == 32, "Limine ABI");
constexpr uint32_t kMpX2apic = 1;  // MpResponse.flags: x2APIC is enabled
struct MpResponse {
  uint64_t revision;
  uint32_t flags;
  uint32_t bsp_lapic_id;
  uint64_t cpu_count;
  uint64_t cpus;  // MpInfo*[cpu_count]
};
static_assert(sizeof(MpResponse) == 32, "Limine ABI");

// The GDT at entry: null, 16-bit code and data, 32-bit code and data, 64-bit code and data.
constexpr uint16_t kCodeSelector64 = 0x28, kDataSelector64 = 0x30;

}  // namespace limine
