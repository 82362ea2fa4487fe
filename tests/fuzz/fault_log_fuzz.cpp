// QEMU's `-d int,cpu_reset` log, as kbuild test reads it to explain a triple fault.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "fuzz_support.h"
#include "qemu/fault_log.h"

using namespace kbuild;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view log(reinterpret_cast<const char*>(data), size);
  std::optional<FaultReport> report = parse_fault_log(log);
  if (!report) return 0;
  std::string sentence = describe_fault(*report, nullptr);
  fuzz::check(!sentence.empty(), "a fault is described");
  fuzz::check(sentence.find('\n') == std::string::npos, "a fault is described in one line");
  return 0;
}
