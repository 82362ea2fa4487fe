#include "build/depfile.h"

#include <unordered_set>

namespace kbuild {

namespace {

// Splits the depfile into words. Escapes follow what GCC and clang write: "\ " is a space
// inside a name, "\#" a hash, "$$" a dollar, "\" before a newline joins lines, and a
// backslash before anything else stays (Windows-like paths never reach us, but be lenient).
// A ':' that ends a word (followed by whitespace or end) separates targets from inputs.
struct Token {
  std::string text;
  bool colon_after = false;  // this word was directly followed by the rule's ':'
};

void tokenize_line(std::string_view line, std::vector<Token>* out) {
  std::string word;
  bool have_word = false;
  auto flush = [&](bool colon) {
    if (have_word) {
      out->push_back({word, colon});
    } else if (colon) {
      out->push_back({"", true});  // a bare ':' (e.g. "a.o : b.c")
    }
    word.clear();
    have_word = false;
  };
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      char n = line[i + 1];
      if (n == ' ' || n == '#' || n == '\\' || n == '\t') {
        // Make reads "\\" before a space as a literal backslash then a separator; compilers
        // never emit it, so treating "\\" as one backslash is the useful reading.
        word += n;
        have_word = true;
        ++i;
        continue;
      }
    }
    if (c == '$' && i + 1 < line.size() && line[i + 1] == '$') {
      word += '$';
      have_word = true;
      ++i;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\r') {
      flush(false);
      continue;
    }
    if (c == ':') {
      bool at_end = i + 1 == line.size() || line[i + 1] == ' ' || line[i + 1] == '\t' ||
                    line[i + 1] == '\r';
      if (at_end) {
        flush(true);
        continue;
      }
    }
    word += c;
    have_word = true;
  }
  flush(false);
}

}  // namespace

bool parse_depfile(std::string_view text, std::string_view name, Depfile* out, std::string* err) {
  out->targets.clear();
  out->inputs.clear();
  std::unordered_set<std::string> seen_inputs, seen_targets;

  // Join continuation lines first: a backslash right before the newline (an escaped backslash
  // "\\\n" does not occur in compiler output).
  std::vector<std::string> logical;
  std::string current;
  size_t line_no = 0, rule_line = 1;
  std::vector<size_t> logical_line_no;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view raw = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    ++line_no;
    if (current.empty()) rule_line = line_no;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    if (!raw.empty() && raw.back() == '\\') {
      current.append(raw.substr(0, raw.size() - 1));
      current += ' ';
    } else {
      current.append(raw);
      logical.push_back(std::move(current));
      logical_line_no.push_back(rule_line);
      current.clear();
    }
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  if (!current.empty()) {
    logical.push_back(std::move(current));
    logical_line_no.push_back(rule_line);
  }

  for (size_t li = 0; li < logical.size(); ++li) {
    std::vector<Token> tokens;
    tokenize_line(logical[li], &tokens);
    if (tokens.empty()) continue;
    if (!tokens.empty() && tokens[0].text.size() > 0 && tokens[0].text[0] == '#') continue;
    size_t colon = tokens.size();
    for (size_t i = 0; i < tokens.size(); ++i) {
      if (tokens[i].colon_after) {
        colon = i;
        break;
      }
    }
    if (colon == tokens.size()) {
      *err = std::string(name) + ":" + std::to_string(logical_line_no[li]) + ": expected ':' in depfile rule";
      return false;
    }
    for (size_t i = 0; i <= colon; ++i) {
      if (tokens[i].text.empty()) continue;
      if (seen_targets.insert(tokens[i].text).second) out->targets.push_back(tokens[i].text);
    }
    if (out->targets.empty()) {
      *err = std::string(name) + ":" + std::to_string(logical_line_no[li]) + ": depfile rule without a target";
      return false;
    }
    for (size_t i = colon + 1; i < tokens.size(); ++i) {
      if (tokens[i].colon_after) {
        *err = std::string(name) + ":" + std::to_string(logical_line_no[li]) + ": more than one ':' in depfile rule";
        return false;
      }
      if (seen_inputs.insert(tokens[i].text).second) out->inputs.push_back(tokens[i].text);
    }
  }
  return true;
}

bool depfile_is_whole(std::string_view text) {
  if (text.empty() || text.back() != '\n') return false;
  text.remove_suffix(1);
  if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
  return text.empty() || text.back() != '\\';
}

bool depfile_has_target(const Depfile& depfile, const std::filesystem::path& root,
                        const std::string& object) {
  for (const std::string& target : depfile.targets)
    if ((root / target).lexically_normal() == object) return true;
  return false;
}

}  // namespace kbuild
