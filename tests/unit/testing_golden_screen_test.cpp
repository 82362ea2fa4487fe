#include <gtest/gtest.h>

#include "support/scratch_dir.h"
#include "core/fs.h"
#include "testing/golden_screen.h"

namespace kbuild {
namespace {

TEST(GoldenScreen, TrailingBlanksAndBlankLinesAtTheEndAreNotSignificant) {
  EXPECT_EQ(normalize_screen_text("a  \r\n b\t\n\n   \n"), "a\n b\n");
  EXPECT_EQ(normalize_screen_text("\n\nx"), "\n\nx\n");
  EXPECT_EQ(normalize_screen_text(""), "");
}

TEST(GoldenScreen, EqualTextsHaveNoDiff) { EXPECT_EQ(unified_diff("a\nb\n", "a\nb\n", "old", "new"), ""); }

TEST(GoldenScreen, DiffShowsChangedLinesWithContextInHunks) {
  std::string from = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
  std::string to = "1\nTWO\n3\n4\n5\n6\n7\n8\n9\n10\n11\n";
  EXPECT_EQ(unified_diff(from, to, "golden", "screen"),
            "--- golden\n+++ screen\n"
            "@@ -1,4 +1,4 @@\n 1\n-2\n+TWO\n 3\n 4\n"
            "@@ -9,2 +9,3 @@\n 9\n 10\n+11\n");
  EXPECT_EQ(unified_diff("", "x\n", "a", "b"), "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n");
}

TEST(GoldenScreen, BlessWritesTheFileAndItsDirectoriesThenMatches) {
  test::ScratchDir dir;
  ScreenCheck missing = check_golden_screen(dir.path(), "t/s/x.screen.txt", "hi  \n\n", false);
  EXPECT_EQ(missing.verdict, ScreenVerdict::missing);
  EXPECT_EQ(missing.message, "t/s/x.screen.txt does not exist: run `kbuild test --bless` to create it");
  EXPECT_EQ(check_golden_screen(dir.path(), "t/s/x.screen.txt", "hi  \n\n", true).verdict, ScreenVerdict::blessed);
  std::string text, err;
  ASSERT_TRUE(read_file(dir.path() / "t/s/x.screen.txt", &text, &err)) << err;
  EXPECT_EQ(text, "hi\n");
  EXPECT_EQ(check_golden_screen(dir.path(), "t/s/x.screen.txt", "hi\n", false).verdict, ScreenVerdict::same);
  ScreenCheck differs = check_golden_screen(dir.path(), "t/s/x.screen.txt", "ho\n", false);
  EXPECT_EQ(differs.verdict, ScreenVerdict::differs);
  EXPECT_NE(differs.message.find("screen differs from t/s/x.screen.txt"), std::string::npos);
  EXPECT_NE(differs.message.find("\n-hi\n+ho"), std::string::npos) << differs.message;
}

}  // namespace
}  // namespace kbuild
