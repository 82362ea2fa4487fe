// Make-style dependency files as clang -MD writes them, on arbitrary text.
#include <cstdint>
#include <string>
#include <string_view>

#include "build/depfile.h"
#include "fuzz_support.h"

using namespace kbuild;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Depfile depfile;
  std::string err;
  if (!parse_depfile(text, "fuzz.d", &depfile, &err)) {
    fuzz::check(!err.empty(), "a refused depfile has a reason");
    return 0;
  }
  for (const std::string& input : depfile.inputs) fuzz::check(!input.empty(), "no empty prerequisite");
  return 0;
}
