// The kernel.toml schema: every key as one row of a table (section, key, parser), read over the
// generic TomlReader. To add a key, see src/config/README.md.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "config/config.h"
#include "config/profiles.h"
#include "config/toml_reader.h"

namespace kbuild {

// What a parser reads into and reports through, and the key it is reading.
struct KeyRead {
  TomlReader& toml;
  Config& config;
  std::map<std::string, ProfileInput>& profile_inputs;
  std::string_view key;          // the key being read, as errors name it
  std::string profile_name;      // inside [profile.NAME]: NAME
  ProfileInput* profile = nullptr;  // inside [profile.NAME]: what it sets
  TestKernelSettings* test_kernel = nullptr;  // inside [test.NAME]: what it sets
};

using KeyParser = bool (*)(KeyRead& read, toml::node& node);

struct SchemaKey {
  std::string_view table;  // "" for the top level, "profile.*" for every [profile.NAME], "test.*"
                           // for every [test.NAME]
  std::string_view key;
  KeyParser parse;
};

// Every key, in the order "did you mean" and "(expected ...)" list them.
std::span<const SchemaKey> kernel_toml_schema();

// Reads `table`'s keys, in file order, by the schema rows of `schema_table`; `where` names the
// table in errors ("[kernel]", "[profile.fast]").
bool read_table_keys(KeyRead& read, toml::table& table, std::string_view schema_table,
                     std::string_view where);

// Reads every table of `doc` in file order into read.config and read.profile_inputs; false
// with the error at the first problem.
bool read_document(toml::table& doc, KeyRead& read);

}  // namespace kbuild
