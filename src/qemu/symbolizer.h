// Source lines for crash reports: llvm-symbolizer (Debian's llvm package) reads the kernel ELF's
// DWARF and says which file and line an address is in. Runs and tests load a kernel's symbols
// through load_kernel_symbols, so both name "kernel_main+0x1c at src/main.cpp:12".
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

class ElfSymbols;

// The llvm-symbolizer in PATH (plain, or with a version suffix as Debian installs it), or empty.
std::string find_symbolizer();

// "FILE:LINE" from one line of llvm-symbolizer's output ("/p/src/main.cpp:12:5"), with FILE made
// relative to `base` when it lies inside it; empty for "??:0:0" and other unknowns.
std::string source_location_from(std::string_view symbolizer_line, const std::filesystem::path& base);

// Runs `symbolizer` on `elf` for `address`; empty when it cannot tell (no DWARF, no symbolizer).
std::string locate_source(const std::string& symbolizer, const std::filesystem::path& elf, uint64_t address,
                          const std::filesystem::path& base);

// The ELF's function symbols, with source lines from llvm-symbolizer when it is installed (paths
// relative to `base`, usually the project root). False when the ELF has no symbol table.
bool load_kernel_symbols(const std::filesystem::path& elf, const std::filesystem::path& base,
                         ElfSymbols* symbols);

// The return addresses of the runtime's "backtrace: 0x... 0x..." line after the last panic.
std::vector<uint64_t> find_backtrace(std::string_view serial);

// "\n  #0 0xffffffff80001234 in kernel_main+0x14 at src/main.cpp:12" for each address (a return
// address is named by the call before it); empty when there are none.
std::string describe_backtrace(const std::vector<uint64_t>& addresses, const ElfSymbols* symbols);

}  // namespace kbuild
