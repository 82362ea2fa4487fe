#include "config/toml_reader.h"

#include <algorithm>

#include <fmt/format.h>

#include "config/manifest.h"
#include "config/suggest.h"

namespace kbuild {

SourcePos to_pos(const toml::source_region& region) {
  return {static_cast<int>(region.begin.line), static_cast<int>(region.begin.column)};
}

std::string type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    default: return "nothing";
  }
}

std::string one_of(std::span<const std::string_view> names, std::string_view quote) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) text += i + 1 == names.size() ? " or " : ", ";
    text += fmt::format("{}{}{}", quote, names[i], quote);
  }
  return text;
}

std::string one_line(std::string_view text) {
  std::string out;
  for (char ch : text) {
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (static_cast<unsigned char>(ch) < 0x20 || ch == 0x7f) out += fmt::format("\\x{:02x}", ch);
    else out += ch;
  }
  return out;
}

namespace {

std::string_view article(std::string_view noun) {
  return !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos ? "an"
                                                                                            : "a";
}

}  // namespace

// toml++ says "Error while parsing key-value pair: expected '=', saw '\"'"; keep the facts,
// drop the preamble.
std::string describe_syntax_error(std::string_view description) {
  constexpr std::string_view preamble = "Error while parsing ";
  std::string what, detail(description);
  if (description.starts_with(preamble)) {
    size_t colon = description.find(": ");
    if (colon != std::string_view::npos) {
      what = std::string(description.substr(preamble.size(), colon - preamble.size()));
      detail = std::string(description.substr(colon + 2));
    }
  }
  std::string text;
  if (what == "key-value pair" && detail.starts_with("expected '='"))
    text = "expected '=' after a key" + detail.substr(std::string_view("expected '='").size());
  else if (what == "key-value pair" && detail.starts_with("expected value"))
    text = "expected a value after '='" + detail.substr(std::string_view("expected value").size());
  else if (what == "string" && detail.starts_with("unescaped control characters"))
    text = "a string must be closed on the line where it starts, and control characters in it "
           "must be escaped (as \\n or \\t)";
  else if (!what.empty() && detail == "encountered end-of-file")
    text = fmt::format("the file ends inside {} {}", article(what), what);
  else if (!what.empty())
    text = fmt::format("{} (in {} {})", detail, article(what), what);
  else
    text = detail;
  if (detail.find("not representable in 64 bits") != std::string::npos)
    text += "; TOML integers are signed 64-bit, so write larger values as a string, as in "
            "\"0xffff800000000000\"";
  return text + " (TOML syntax error)";
}

std::vector<std::pair<const toml::key*, toml::node*>> in_file_order(toml::table& table) {
  std::vector<std::pair<const toml::key*, toml::node*>> entries;
  for (auto&& [key, node] : table) entries.emplace_back(&key, &node);
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    auto pa = a.first->source().begin, pb = b.first->source().begin;
    return std::pair(pa.line, pa.column) < std::pair(pb.line, pb.column);
  });
  return entries;
}

bool TomlReader::fail(SourcePos pos, const std::string& message) {
  *err_ = format_location(file_, pos) + ": " + message;
  return false;
}

bool TomlReader::fail_at(const toml::node& node, const std::string& message) {
  return fail(to_pos(node.source()), message);
}

bool TomlReader::string_value(std::string_view key, toml::node& node, std::string* out) {
  if (!node.is_string())
    return fail_at(node, fmt::format("'{}' must be a string, found {}", key, type_name(node)));
  if (!no_nul(key, node)) return false;
  *out = node.as_string()->get();
  return true;
}

// TOML allows "\u0000", but no path, flag or name can hold it: the OS would cut it there.
bool TomlReader::no_nul(std::string_view key, const toml::node& node) {
  if (node.as_string()->get().find('\0') == std::string::npos) return true;
  return fail_at(node, fmt::format("'{}' must not contain a NUL character (\\u0000)", key));
}

bool TomlReader::bool_value(std::string_view key, toml::node& node, bool* out) {
  if (!node.is_boolean())
    return fail_at(node, fmt::format("'{}' must be true or false, found {}", key, type_name(node)));
  *out = node.as_boolean()->get();
  return true;
}

bool TomlReader::int_value(std::string_view key, toml::node& node, int64_t* out) {
  if (!node.is_integer())
    return fail_at(node, fmt::format("'{}' must be an integer, found {}", key, type_name(node)));
  *out = node.as_integer()->get();
  return true;
}

bool TomlReader::table_value(std::string_view key, toml::node& node, toml::table** out) {
  if (!node.is_table())
    return fail_at(node, fmt::format("'{}' must be a table, found {}", key, type_name(node)));
  *out = node.as_table();
  return true;
}

bool TomlReader::string_array(std::string_view key, toml::node& node, std::vector<std::string>* out,
                              std::vector<SourcePos>* positions) {
  if (!node.is_array())
    return fail_at(node, fmt::format("'{}' must be an array of strings, found {}", key,
                                     type_name(node)));
  out->clear();
  if (positions) positions->clear();
  toml::array& array = *node.as_array();
  for (size_t i = 0; i < array.size(); ++i) {
    toml::node& item = array[i];
    if (!item.is_string())
      return fail_at(item, fmt::format("'{}' must be an array of strings, but item {} is {}", key,
                                       i + 1, type_name(item)));
    if (!no_nul(key, item)) return false;
    out->push_back(item.as_string()->get());
    if (positions) positions->push_back(to_pos(item.source()));
  }
  return true;
}

bool TomlReader::unknown_key(const toml::key& key, std::string_view where,
                             std::span<const std::string_view> known) {
  std::string message = fmt::format("unknown key '{}' in {}", key.str(), where);
  std::string guess = closest_match(key.str(), known);
  if (!guess.empty())
    message += fmt::format("; did you mean '{}'?", guess);
  else
    message += " (expected " + one_of(known, "'") + ")";
  return fail(to_pos(key.source()), message);
}

}  // namespace kbuild
