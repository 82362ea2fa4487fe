#include "testing/golden_screen.h"

#include <algorithm>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "core/fs.h"

namespace kbuild {
namespace fs = std::filesystem;

namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    lines.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  return lines;
}

constexpr size_t kContext = 2;

}  // namespace

std::string normalize_screen_text(std::string_view text) {
  std::vector<std::string> lines = split_lines(text);
  for (std::string& line : lines)
    while (!line.empty() && (line.back() == ' ' || line.back() == '\t' || line.back() == '\r')) line.pop_back();
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

std::string unified_diff(std::string_view from, std::string_view to, const std::string& from_label,
                         const std::string& to_label) {
  if (from == to) return "";
  std::vector<std::string> a = split_lines(from), b = split_lines(to);
  // Longest common subsequence by lines: screens are 25 lines, so the table stays tiny.
  std::vector<std::vector<size_t>> common(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
  for (size_t i = a.size(); i-- > 0;)
    for (size_t j = b.size(); j-- > 0;)
      common[i][j] = a[i] == b[j] ? common[i + 1][j + 1] + 1 : std::max(common[i + 1][j], common[i][j + 1]);
  struct Edit {
    char kind;  // ' ', '-', '+'
    size_t from_line, to_line;  // 0-based positions before this edit
    std::string text;
  };
  std::vector<Edit> edits;
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (i < a.size() && j < b.size() && a[i] == b[j]) {
      edits.push_back({' ', i, j, a[i]});
      ++i, ++j;
    } else if (i < a.size() && (j == b.size() || common[i + 1][j] >= common[i][j + 1])) {
      edits.push_back({'-', i, j, a[i]});  // what goes comes before what replaces it
      ++i;
    } else {
      edits.push_back({'+', i, j, b[j]});
      ++j;
    }
  }
  std::string out = fmt::format("--- {}\n+++ {}\n", from_label, to_label);
  size_t at = 0;
  while (at < edits.size()) {
    // The next change, and the hunk around it: changes closer than twice the context join it.
    while (at < edits.size() && edits[at].kind == ' ') ++at;
    if (at == edits.size()) break;
    size_t begin = at >= kContext ? at - kContext : 0;
    size_t end = at;
    while (end < edits.size()) {
      if (edits[end].kind != ' ') {
        ++end;
        continue;
      }
      size_t same = end;
      while (same < edits.size() && edits[same].kind == ' ') ++same;
      if (same == edits.size() || same - end > 2 * kContext) {
        end = std::min(same, end + kContext);
        break;
      }
      end = same;
    }
    size_t from_count = 0, to_count = 0;
    for (size_t k = begin; k < end; ++k) {
      if (edits[k].kind != '+') ++from_count;
      if (edits[k].kind != '-') ++to_count;
    }
    out += fmt::format("@@ -{},{} +{},{} @@\n", edits[begin].from_line + (from_count ? 1 : 0), from_count,
                       edits[begin].to_line + (to_count ? 1 : 0), to_count);
    for (size_t k = begin; k < end; ++k) out += edits[k].kind + edits[k].text + "\n";
    at = end;
  }
  return out;
}

ScreenCheck check_golden_screen(const fs::path& root, const std::string& golden, std::string_view screen,
                                bool bless) {
  ScreenCheck check;
  fs::path path = root / golden;
  std::string actual = normalize_screen_text(screen);
  if (bless) {
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    std::string err;
    if (ec || !write_file_if_changed(path, actual, &err)) {
      check.verdict = ScreenVerdict::error;
      check.message = fmt::format("cannot write {}: {}", golden, ec ? ec.message() : err);
      return check;
    }
    check.verdict = ScreenVerdict::blessed;
    return check;
  }
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    check.verdict = ScreenVerdict::missing;
    check.message = fmt::format("{} does not exist: run `kbuild test --bless` to create it", golden);
    return check;
  }
  std::string expected, err;
  if (!read_file(path, &expected, &err)) {
    check.verdict = ScreenVerdict::error;
    check.message = fmt::format("cannot read {}: {}", golden, err);
    return check;
  }
  expected = normalize_screen_text(expected);
  if (expected == actual) return check;
  check.verdict = ScreenVerdict::differs;
  check.message = fmt::format("screen differs from {} (`kbuild test --bless` accepts the new one):\n{}", golden,
                              unified_diff(expected, actual, golden, "screen"));
  while (!check.message.empty() && check.message.back() == '\n') check.message.pop_back();
  return check;
}

}  // namespace kbuild
