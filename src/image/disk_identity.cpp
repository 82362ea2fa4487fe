#include "image/disk_identity.h"

namespace kbuild {

uint32_t disk_signature(const PackedKernel& kernel, const kbuild_boot_manifest& manifest) {
  uint32_t h = 2166136261u;
  auto mix = [&](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(data)[i]) * 16777619u;
  };
  mix(kernel.headers.data(), kernel.headers.size());
  mix(&manifest, sizeof(manifest));
  return h == 0 ? 1 : h;
}

uint64_t identity_seed(const PackedKernel& kernel, const kbuild_boot_manifest& manifest, const ImageOptions& o,
                       std::span<const uint8_t> loader) {
  uint64_t h = 1469598103934665603ull;
  auto mix = [&](const void* data, size_t n) {
    for (size_t i = 0; i < n; ++i) h = (h ^ static_cast<const uint8_t*>(data)[i]) * 1099511628211ull;
  };
  mix(kernel.headers.data(), kernel.headers.size());
  mix(&kernel.size, sizeof(kernel.size));
  mix(&manifest, sizeof(manifest));
  uint8_t mode[2] = {static_cast<uint8_t>(o.boot), static_cast<uint8_t>(o.mbr_boot_flag)};
  mix(mode, sizeof(mode));
  mix(loader.data(), loader.size());
  return h;
}

uint64_t derive(uint64_t seed, uint64_t index) {
  uint64_t z = seed + (index + 1) * 0x9e3779b97f4a7c15ull;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

Guid derived_guid(uint64_t seed, uint64_t index) {
  return Guid::from_bits(derive(seed, 2 * index), derive(seed, 2 * index + 1));
}

}  // namespace kbuild
