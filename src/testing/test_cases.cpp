#include "testing/test_cases.h"

#include <algorithm>
#include <charconv>

#include "image/elf.h"

namespace kbuild {
namespace {

constexpr std::string_view kSection = ".kbuild.tests";
constexpr std::string_view kShouldPanic = " should-panic";

bool in_file(std::span<const uint8_t> bytes, uint64_t offset, uint64_t size) {
  return offset <= bytes.size() && size <= bytes.size() - offset;
}

std::string_view section_name(std::span<const uint8_t> bytes, const elf::Elf64_Shdr& strtab, uint32_t at) {
  if (!in_file(bytes, strtab.sh_offset, strtab.sh_size) || at >= strtab.sh_size) return {};
  const char* base = reinterpret_cast<const char*>(bytes.data() + strtab.sh_offset);
  std::string_view table(base, strtab.sh_size);
  size_t nul = table.find('\0', at);
  return nul == std::string_view::npos ? std::string_view{} : table.substr(at, nul - at);
}

}  // namespace

bool read_test_cases(std::span<const uint8_t> bytes, std::vector<TestCase>* out, std::string* err) {
  out->clear();
  elf::Elf64_Ehdr eh;
  if (!elf::read_struct(bytes, 0, &eh) ||
      !std::equal(std::begin(elf::ELFMAG), std::end(elf::ELFMAG), eh.e_ident) ||
      eh.e_ident[elf::EI_CLASS] != elf::ELFCLASS64) {
    *err = "not an ELF64 file";
    return false;
  }
  if (eh.e_shoff == 0 || eh.e_shentsize != sizeof(elf::Elf64_Shdr)) return true;
  uint64_t count = eh.e_shnum;
  if (count > bytes.size() / sizeof(elf::Elf64_Shdr) ||
      !in_file(bytes, eh.e_shoff, count * sizeof(elf::Elf64_Shdr)) || eh.e_shstrndx >= count) {
    *err = "truncated: the section headers run past the end of the file";
    return false;
  }
  std::vector<elf::Elf64_Shdr> sections(count);
  for (uint64_t i = 0; i < count; ++i)
    elf::read_struct(bytes, eh.e_shoff + i * sizeof(elf::Elf64_Shdr), &sections[i]);
  for (const elf::Elf64_Shdr& section : sections) {
    if (section_name(bytes, sections[eh.e_shstrndx], section.sh_name) != kSection) continue;
    if (section.sh_type == elf::SHT_NOBITS || !in_file(bytes, section.sh_offset, section.sh_size)) {
      *err = "the .kbuild.tests section lies outside the file";
      return false;
    }
    std::string_view records(reinterpret_cast<const char*>(bytes.data() + section.sh_offset), section.sh_size);
    size_t at = 0;
    while (at < records.size()) {
      size_t nul = records.find('\0', at);
      std::string_view record = records.substr(at, nul == std::string_view::npos ? nul : nul - at);
      at = nul == std::string_view::npos ? records.size() : nul + 1;
      if (record.empty()) continue;
      TestCase test;
      if (record.size() > kShouldPanic.size() && record.ends_with(kShouldPanic)) {
        test.should_panic = true;
        record.remove_suffix(kShouldPanic.size());
      }
      test.name = std::string(record);
      bool seen = std::any_of(out->begin(), out->end(), [&](const TestCase& c) { return c.name == test.name; });
      if (!seen) out->push_back(std::move(test));
    }
  }
  return true;
}

std::vector<CaseReport> parse_case_reports(std::string_view serial) {
  std::vector<CaseReport> reports;
  CaseReport* failing = nullptr;  // the case whose messages the indented lines are
  CaseReport* current = nullptr;  // the case whose output the lines are
  auto find = [&](std::string_view name) -> CaseReport* {
    for (CaseReport& r : reports)
      if (r.name == name) return &r;
    return nullptr;
  };
  size_t start = 0;
  while (start < serial.size()) {
    size_t end = serial.find('\n', start);
    if (end == std::string_view::npos) end = serial.size();
    std::string_view line = serial.substr(start, end - start);
    start = end + 1;
    size_t dots = line.find(" ... ");
    if (line.starts_with("test ") && dots != std::string_view::npos && dots > 5 &&
        line.find(' ', 5) == dots) {
      std::string_view name = line.substr(5, dots - 5);
      std::string_view verdict = line.substr(dots + 5);
      CaseReport* report = find(name);
      if (report == nullptr) {
        reports.push_back({std::string(name), CaseEnding::unfinished, "", "", 0});
        report = &reports.back();
      }
      report->output += std::string(line) + "\n";
      current = report;
      failing = nullptr;
      if (verdict.starts_with("ok")) {
        report->ending = CaseEnding::ok;
        size_t open = verdict.find('[');
        if (open != std::string_view::npos)
          std::from_chars(verdict.data() + open + 1, verdict.data() + verdict.size(), report->cycles);
      } else if (verdict.starts_with("FAILED")) {
        report->ending = CaseEnding::failed;
        failing = report;
      }
      continue;
    }
    if (line.starts_with("test result: ")) current = nullptr;
    if (current != nullptr) current->output += std::string(line) + "\n";
    if (failing != nullptr && line.starts_with("  ")) {
      failing->details += std::string(line.substr(2)) + "\n";
      continue;
    }
    failing = nullptr;
  }
  return reports;
}

}  // namespace kbuild
