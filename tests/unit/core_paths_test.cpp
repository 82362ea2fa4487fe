#include "core/paths.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(CorePaths, InsideTheRootIsShownRelativeToIt) {
  EXPECT_EQ(display_path("/k", "/k/src/main.cpp"), "src/main.cpp");
  EXPECT_EQ(display_path("/k", "/k"), ".");
  EXPECT_EQ(display_path("/k/", "/k/build/dev/k.img"), "build/dev/k.img");
  EXPECT_TRUE(path_inside("/k", "/k/a"));
}

TEST(CorePaths, OutsideTheRootIsShownAsGiven) {
  EXPECT_EQ(display_path("/k", "/kernel/main.cpp"), "/kernel/main.cpp");  // a prefix, not a parent
  EXPECT_EQ(display_path("/k", "/other/main.cpp"), "/other/main.cpp");
  EXPECT_EQ(display_path("/k/src", "/k/include/a.h"), "/k/include/a.h");
  EXPECT_EQ(display_path("/k", "src/main.cpp"), "src/main.cpp");  // relative: no common root
  EXPECT_FALSE(path_inside("/k", "/kernel"));
}

}  // namespace
}  // namespace kbuild
