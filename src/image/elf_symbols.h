// Function symbols of an unstripped kernel ELF, to name code addresses in crash reports
// ("in vga::Writer::put+0x14").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace kbuild {

struct ElfSymbol {
  uint64_t address = 0;
  uint64_t end = 0;  // exclusive; for a symbol without a size, the next symbol or its section's end
  std::string name;  // demangled
};

struct SymbolMatch {
  std::string name;
  uint64_t offset = 0;  // from the symbol's start
};

class ElfSymbols {
 public:
  // Reads .symtab/.strtab of a little-endian ELF64 file, keeping functions (STT_FUNC) and
  // untyped labels in executable sections (assembly entry points). False with *err when the
  // file has no symbol table (stripped) or its section headers are damaged.
  bool load(std::span<const uint8_t> bytes, std::string* err);

  // The symbol containing `address`, or nothing.
  std::optional<SymbolMatch> lookup(uint64_t address) const;
  // "name+0x14" (or "name" at offset 0), or empty when nothing contains `address`; with a
  // source locator that knows the address, followed by " at FILE:LINE".
  std::string describe(uint64_t address) const;

  // Where an address is in the sources ("src/main.cpp:12"), or empty; see qemu/symbolizer.h.
  using SourceLocator = std::function<std::string(uint64_t address)>;
  void set_source_locator(SourceLocator locator) { locate_ = std::move(locator); }

  const std::vector<ElfSymbol>& symbols() const { return symbols_; }  // sorted by address

 private:
  std::vector<ElfSymbol> symbols_;
  SourceLocator locate_;
};

// The readable form of a C++ (Itanium ABI) mangled name; other names come back unchanged.
std::string demangle(const std::string& name);

}  // namespace kbuild
