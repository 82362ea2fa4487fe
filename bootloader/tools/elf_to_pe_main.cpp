// kbuild_elf_to_pe IN.elf OUT.efi: the build-time step that makes BOOTRISCV64.EFI a PE32+
// (src/image/elf_to_pe.h). OUT is written beside itself and renamed into place.
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "image/elf_to_pe.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s IN.elf OUT.efi\n", argv[0]);
    return 2;
  }
  std::ifstream in(argv[1], std::ios::binary);
  std::vector<uint8_t> elf((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    std::fprintf(stderr, "%s: cannot read the file\n", argv[1]);
    return 1;
  }
  std::vector<uint8_t> pe;
  std::string err;
  if (!kbuild::elf_to_pe(elf, &pe, &err)) {
    std::fprintf(stderr, "%s: %s\n", argv[1], err.c_str());
    return 1;
  }
  std::string tmp = std::string(argv[2]) + ".tmp";
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(pe.data()), std::streamsize(pe.size()));
  out.close();
  if (!out || std::rename(tmp.c_str(), argv[2]) != 0) {
    std::fprintf(stderr, "%s: cannot write the file\n", argv[2]);
    std::remove(tmp.c_str());
    return 1;
  }
  return 0;
}
