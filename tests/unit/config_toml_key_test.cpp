// Keys in messages as kernel.toml spells them: a test kernel named by its folder ("b/x") is the
// table [test."b/x"], which TOML reads back; [test.b/x] is a syntax error.
#include <gtest/gtest.h>

#include <toml++/toml.h>

#include "config/test_kernels.h"
#include "config/toml_key.h"

namespace kbuild {
namespace {

TEST(ConfigTomlKey, BareKeysStayBareOthersAreQuoted) {
  EXPECT_EQ(toml_key("smoke"), "smoke");
  EXPECT_EQ(toml_key("mm_alloc-2"), "mm_alloc-2");
  EXPECT_EQ(toml_key("b/x"), "\"b/x\"");
  EXPECT_EQ(toml_key("a.b"), "\"a.b\"");
  EXPECT_EQ(toml_key(""), "\"\"");
  EXPECT_EQ(toml_key("it's"), "\"it's\"");
  EXPECT_EQ(toml_key("say \"hi\"\\"), "\"say \\\"hi\\\"\\\\\"");
  EXPECT_EQ(toml_key("tab\there"), "\"tab\\there\"");
  EXPECT_EQ(toml_key("del\x7f"), "\"del\\u007f\"");
  EXPECT_EQ(test_table_name("b/x"), "[test.\"b/x\"]");
  EXPECT_EQ(test_table_name("smoke"), "[test.smoke]");
}

// What toml_key writes, TOML reads back as the same key.
TEST(ConfigTomlKey, TomlReadsTheHeaderBackAsTheName) {
  for (std::string name : {"b/x", "a.b", "it's", "say \"hi\"\\", "tab\there", "del\x7f", "\x01", "ünï", "plain"}) {
    toml::table parsed;
    try {
      parsed = toml::parse(test_table_name(name) + "\nkey = 1\n");
    } catch (const toml::parse_error& e) {
      ADD_FAILURE() << test_table_name(name) << ": " << e.description();
      continue;
    }
    EXPECT_TRUE(parsed["test"][name]["key"].is_integer()) << test_table_name(name);
  }
}

}  // namespace
}  // namespace kbuild
