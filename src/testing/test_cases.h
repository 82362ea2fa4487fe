// The cases inside a test kernel: the records KBUILD_TEST leaves in the ELF section .kbuild.tests
// (so they are known without booting), and what the kernel printed about each case on serial
// (`test NAME ... ok` / `test NAME ... FAILED`, see runtime/include/kbuild/test.h).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace kbuild {

struct TestCase {
  std::string name;
  bool should_panic = false;
};

// The records of .kbuild.tests in link order, duplicates dropped. An ELF without the section
// (a test kernel that uses no KBUILD_TEST) gives an empty list; false only for a file that is
// not a readable ELF64.
bool read_test_cases(std::span<const uint8_t> elf, std::vector<TestCase>* out, std::string* err);

enum class CaseEnding { ok, failed, unfinished };

struct CaseReport {
  std::string name;
  CaseEnding ending = CaseEnding::unfinished;
  std::string details;         // a failed case's messages (the indented lines after its line)
  std::string output;          // every line from its start to the next case's start
  uint64_t cycles = 0;         // TSC cycles the runtime measured for a passing case; 0: unknown
};

// The cases a test kernel's serial output reports, in the order they started. A case whose
// line began but never ended is `unfinished` (the kernel faulted, panicked or hung in it).
std::vector<CaseReport> parse_case_reports(std::string_view serial);

}  // namespace kbuild
