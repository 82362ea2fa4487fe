// Profiles: what each [profile.NAME] table sets, and inheritance. "dev" and "release" always
// exist (their defaults are in config.h); a profile of your own starts from the one it
// `inherits` ("dev" when it names none) and overrides what its table sets.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "config/toml_reader.h"

namespace kbuild {

// What a [profile.NAME] table sets; the rest comes from the profile it inherits.
struct ProfileInput {
  SourcePos pos;  // the table's
  std::optional<std::string> opt_level;
  std::optional<bool> debug;
  std::optional<std::vector<std::string>> defines, flags, cflags, cxxflags, ldflags;
  std::optional<Located<std::string>> inherits;
};

inline bool is_builtin_profile(std::string_view name) { return name == "dev" || name == "release"; }

// Applies `inputs` to config->profiles (which holds the built-in ones), inheritance resolved;
// false, with the error in `reader`'s error, on an unknown parent or a loop.
bool resolve_profiles(std::map<std::string, ProfileInput>& inputs, Config* config,
                      TomlReader& reader);

// The profile called `name` ("dev", "release" or a [profile.NAME]), inheritance applied.
const Profile* find_profile(const Config& config, std::string_view name, std::string* err);

}  // namespace kbuild
