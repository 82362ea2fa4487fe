// Writing a whole buffer to a file descriptor: the one loop over short writes and EINTR.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace kbuild {

// Writes all of `bytes` at the descriptor's position. False when a write fails, with errno
// saying why (EIO for a write that made no progress).
bool write_all(int fd, std::string_view bytes);

// The same at `offset` (pwrite: the descriptor's position does not move).
bool pwrite_all(int fd, uint64_t offset, std::span<const uint8_t> bytes);

}  // namespace kbuild
