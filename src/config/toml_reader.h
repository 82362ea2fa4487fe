// The TOML machinery under kernel.toml, with no kbuild key in it: typed access to values that
// fails with "FILE:LINE:COL: ...", walking a table's keys in the order they were written with
// "did you mean" for unknown ones, and toml++'s syntax errors said in the same one-line form.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "config/config.h"

namespace kbuild {

SourcePos to_pos(const toml::source_region& region);

// "a string", "an integer", ...: how errors name what was found.
std::string type_name(const toml::node& node);

// "a", "a or b", "a, b or c", each name between `quote`s.
std::string one_of(std::span<const std::string_view> names, std::string_view quote);

// Control characters escaped, so an error quoting the file stays one line.
std::string one_line(std::string_view text);

// toml++'s parse error description, without its preamble and with what TOML users trip on.
std::string describe_syntax_error(std::string_view description);

// A table's entries sorted by where they were written (toml++ keeps them sorted by name), so
// the first error reported is the first one in the file.
std::vector<std::pair<const toml::key*, toml::node*>> in_file_order(toml::table& table);

// Typed reads of one file's values. Each returns false after writing one error to *err, at the
// value's place; `key` is the name the error gives the value.
class TomlReader {
 public:
  TomlReader(const std::filesystem::path& file, std::string* err) : file_(file), err_(err) {}

  const std::filesystem::path& file() const { return file_; }
  std::string* error() const { return err_; }

  bool fail(SourcePos pos, const std::string& message);
  bool fail_at(const toml::node& node, const std::string& message);

  bool string_value(std::string_view key, toml::node& node, std::string* out);
  bool bool_value(std::string_view key, toml::node& node, bool* out);
  bool int_value(std::string_view key, toml::node& node, int64_t* out);
  bool table_value(std::string_view key, toml::node& node, toml::table** out);
  // Every item a string; `positions`, when given, gets each item's place.
  bool string_array(std::string_view key, toml::node& node, std::vector<std::string>* out,
                    std::vector<SourcePos>* positions = nullptr);

  // "unknown key 'K' in WHERE; did you mean 'X'?" (or the list of `known` keys when none is
  // close), at the key.
  bool unknown_key(const toml::key& key, std::string_view where,
                   std::span<const std::string_view> known);

 private:
  bool no_nul(std::string_view key, const toml::node& node);

  const std::filesystem::path& file_;
  std::string* err_;
};

}  // namespace kbuild
