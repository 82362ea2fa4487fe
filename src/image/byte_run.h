// Bytes to put at an offset of an image: the disk writers describe their non-zero parts this
// way, so an image is written sparse (holes for the zeroes) in one pass.
#pragma once

#include <cstdint>
#include <vector>

namespace kbuild {

struct ByteRun {
  uint64_t offset = 0;
  std::vector<uint8_t> bytes;
};

}  // namespace kbuild
