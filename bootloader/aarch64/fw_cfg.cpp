#include "fw_cfg.h"

#include "../common/console.h"
#include "../common/lib.h"
#include "a64.h"

namespace a64 {
namespace {

// Register offsets on the MMIO variant; the selector and DMA registers are big-endian.
constexpr uint64_t kData = 0, kSelector = 8, kDma = 16;
constexpr uint16_t kSignature = 0x0000, kFeatures = 0x0001, kFileDirectory = 0x0019;
constexpr uint32_t kFeatureDma = 1u << 1;
constexpr uint32_t kDmaError = 1u << 0, kDmaSelect = 1u << 3, kDmaWrite = 1u << 4;
constexpr int kFileNameBytes = 56;

// The DMA interface's descriptor, all fields big-endian, in the loader's RAM.
struct DmaAccess {
  uint32_t control;
  uint32_t length;
  uint64_t address;
};
DmaAccess dma_access;

uint32_t swap32(uint32_t v) { return __builtin_bswap32(v); }

bool same_name(const char* a, const char* b, int limit) {
  for (int i = 0; i < limit; ++i) {
    if (a[i] != b[i]) return false;
    if (a[i] == 0) return true;
  }
  return true;
}

}  // namespace

void FwCfg::select(uint16_t key) const {
  *phys_ptr<volatile uint16_t>(base_ + kSelector) = __builtin_bswap16(key);
}

uint8_t FwCfg::read8() const { return *phys_ptr<volatile uint8_t>(base_ + kData); }

uint32_t FwCfg::read_be32() const {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = v << 8 | read8();
  return v;
}

bool FwCfg::has_dma() const {
  if (base_ == 0) return false;
  select(kSignature);
  char signature[4];
  for (char& c : signature) c = char(read8());
  if (signature[0] != 'Q' || signature[1] != 'E' || signature[2] != 'M' || signature[3] != 'U') return false;
  select(kFeatures);
  uint32_t features = 0;  // little-endian, unlike the directory
  for (int i = 0; i < 4; ++i) features |= uint32_t(read8()) << (8 * i);
  return (features & kFeatureDma) != 0;
}

uint16_t FwCfg::find(const char* name) const {
  select(kFileDirectory);
  uint32_t count = read_be32();
  for (uint32_t i = 0; i < count; ++i) {
    read_be32();  // the file's size
    uint16_t key = uint16_t(read8() << 8);
    key |= read8();
    read8(), read8();  // reserved
    char file[kFileNameBytes];
    for (char& c : file) c = char(read8());
    if (same_name(file, name, kFileNameBytes)) return key;
  }
  return 0;
}

void FwCfg::write(uint16_t key, const void* data, uint32_t size, const char* what) const {
  dma_access.control = swap32(uint32_t(key) << 16 | kDmaSelect | kDmaWrite);
  dma_access.length = swap32(size);
  dma_access.address = __builtin_bswap64(reinterpret_cast<uint64_t>(data));
  __asm__ volatile("dsb sy" ::: "memory");
  *phys_ptr<volatile uint64_t>(base_ + kDma) = __builtin_bswap64(reinterpret_cast<uint64_t>(&dma_access));
  uint32_t control;
  do {
    __asm__ volatile("dsb sy" ::: "memory");
    control = swap32(*reinterpret_cast<volatile uint32_t*>(&dma_access.control));
  } while ((control & ~kDmaError) != 0);
  if (control & kDmaError) Message().str("QEMU's fw_cfg refused the write of ").str(what).fail();
}

}  // namespace a64
