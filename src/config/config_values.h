// The small value syntaxes of kernel.toml, checked apart from TOML so each is testable alone.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

// The longest kernel name: for [kernel] name, `kbuild new`, profile and test kernel names alike.
inline constexpr size_t kMaxKernelNameLength = 64;

// [kernel] name: letters, digits, '_' and '-', starting with a letter or '_', at most
// kMaxKernelNameLength characters.
bool is_valid_kernel_name(std::string_view name);

// A version such as "0.1.0" or "1.2.3-rc.1+build5": MAJOR.MINOR.PATCH, then optional
// pre-release and build parts made of letters, digits, '.' and '-'.
bool is_valid_version(std::string_view version);

// A preprocessor define as given to -D: "NAME" or "NAME=VALUE", NAME a C identifier.
bool is_valid_define(std::string_view define);

// A byte count: "65536", "128K", "1M", "2G" (also "128KiB"; suffixes in either case; 1K = 1024).
bool parse_byte_size(std::string_view text, uint64_t* out);

// An unsigned 64-bit integer in decimal or "0x" hexadecimal; '_' may separate digits.
bool parse_u64(std::string_view text, uint64_t* out);

// The most guest memory QEMU can give an x86_64 machine: its CPU model has 40 physical address
// bits, 1 TiB.
inline constexpr uint64_t kMaxGuestMemoryBytes = uint64_t{1} << 40;

// QEMU's -m: a number optionally followed by K, M, G or T (no suffix: MiB), in bytes. False
// when it is not that syntax or overflows; the range is the caller's to check.
bool parse_memory_size(std::string_view text, uint64_t* bytes);
bool is_valid_memory_size(std::string_view text);

// Whether QEMU arguments set the guest's memory themselves (-m SIZE, --m SIZE): then a custom
// [run] command gets no -m from [run] memory, and kernel.toml may not set both.
bool qemu_args_set_memory(const std::vector<std::string>& args);

}  // namespace kbuild
