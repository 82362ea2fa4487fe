// CRC-32 as GPT uses it (ISO 3309 / IEEE 802.3: reflected polynomial 0xEDB88320, initial and
// final value 0xFFFFFFFF).
#pragma once

#include <cstdint>
#include <span>

namespace kbuild {

uint32_t crc32(std::span<const uint8_t> bytes);

}  // namespace kbuild
