// A key as kernel.toml must spell it: bare when TOML allows (A-Z a-z 0-9 _ -), else a quoted basic
// string ("b/x", "a.b"), so a message that names a table can be pasted back into the file.
#pragma once

#include <string>
#include <string_view>

namespace kbuild {

std::string toml_key(std::string_view key);

// The table header of a test kernel's settings, as kernel.toml spells it: "[test.smoke]",
// "[test."b/x"]".
std::string test_table_name(std::string_view name);

}  // namespace kbuild
