#include <gtest/gtest.h>

#include "build/depfile.h"

namespace kbuild {
namespace {

Depfile parse_ok(std::string_view text) {
  Depfile deps;
  std::string err;
  EXPECT_TRUE(parse_depfile(text, "test.d", &deps, &err)) << err;
  return deps;
}

using Strings = std::vector<std::string>;

TEST(BuildDepfile, SimpleRule) {
  Depfile deps = parse_ok("build/a.o: src/a.cpp include/a.h\n");
  EXPECT_EQ(deps.targets, Strings{"build/a.o"});
  EXPECT_EQ(deps.inputs, (Strings{"src/a.cpp", "include/a.h"}));
}

TEST(BuildDepfile, ContinuationLines) {
  Depfile deps = parse_ok("a.o: a.cpp \\\n  /usr/include/x.h \\\n  b.h\n");
  EXPECT_EQ(deps.inputs, (Strings{"a.cpp", "/usr/include/x.h", "b.h"}));
}

TEST(BuildDepfile, ContinuationWithCrLf) {
  Depfile deps = parse_ok("a.o: a.cpp \\\r\n  b.h\r\n");
  EXPECT_EQ(deps.inputs, (Strings{"a.cpp", "b.h"}));
}

TEST(BuildDepfile, EscapedSpacesAndHashes) {
  Depfile deps = parse_ok("my\\ dir/a.o: my\\ dir/a.cpp odd\\#name.h dollar$$.h\n");
  EXPECT_EQ(deps.targets, Strings{"my dir/a.o"});
  EXPECT_EQ(deps.inputs, (Strings{"my dir/a.cpp", "odd#name.h", "dollar$.h"}));
}

TEST(BuildDepfile, MultipleTargets) {
  Depfile deps = parse_ok("a.o a.d: a.cpp a.h\n");
  EXPECT_EQ(deps.targets, (Strings{"a.o", "a.d"}));
  EXPECT_EQ(deps.inputs, (Strings{"a.cpp", "a.h"}));
}

TEST(BuildDepfile, SeparatedColonAndNoTrailingNewline) {
  Depfile deps = parse_ok("a.o : a.cpp");
  EXPECT_EQ(deps.targets, Strings{"a.o"});
  EXPECT_EQ(deps.inputs, Strings{"a.cpp"});
}

TEST(BuildDepfile, PhonyRulesAndDuplicatesMerge) {
  // -MP adds an empty rule per header; inputs that repeat are listed once.
  Depfile deps = parse_ok("a.o: a.cpp a.h a.h\n\na.h:\n");
  EXPECT_EQ(deps.inputs, (Strings{"a.cpp", "a.h"}));
  EXPECT_EQ(deps.targets, (Strings{"a.o", "a.h"}));
}

TEST(BuildDepfile, ColonInsideAName) {
  // Only a colon followed by whitespace or the end separates; "c:x" is one name.
  Depfile deps = parse_ok("a.o: dir/c:x.h\n");
  EXPECT_EQ(deps.inputs, Strings{"dir/c:x.h"});
}

TEST(BuildDepfile, EmptyFileHasNothing) {
  Depfile deps = parse_ok("");
  EXPECT_TRUE(deps.targets.empty());
  EXPECT_TRUE(deps.inputs.empty());
}

TEST(BuildDepfile, MissingColonIsAnError) {
  Depfile deps;
  std::string err;
  EXPECT_FALSE(parse_depfile("a.o a.cpp\n", "x.d", &deps, &err));
  EXPECT_EQ(err, "x.d:1: expected ':' in depfile rule");
}

TEST(BuildDepfile, ErrorLineCountsContinuations) {
  Depfile deps;
  std::string err;
  EXPECT_FALSE(parse_depfile("a.o: a \\\n b\nbroken line\n", "x.d", &deps, &err));
  EXPECT_EQ(err, "x.d:3: expected ':' in depfile rule");
}

TEST(BuildDepfile, RealClangOutputShape) {
  Depfile deps = parse_ok(
      "build/dev/obj/src/main.cpp.o: src/main.cpp \\\n"
      "  /usr/share/kbuild/runtime/include/std/cstddef \\\n"
      "  include/my\\ header.h\n");
  EXPECT_EQ(deps.inputs, (Strings{"src/main.cpp", "/usr/share/kbuild/runtime/include/std/cstddef",
                                  "include/my header.h"}));
}

}  // namespace
}  // namespace kbuild
