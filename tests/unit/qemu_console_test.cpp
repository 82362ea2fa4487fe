// Where a run's serial console goes, with and without a display or a terminal.
#include "qemu/console.h"

#include <gtest/gtest.h>

namespace kbuild {
namespace {

TEST(Console, AWindowWithADisplayStaysAWindow) {
  ConsoleSetup s = choose_console(RunMode::window, true, true);
  EXPECT_EQ(s.mode, RunMode::window);
  EXPECT_TRUE(s.interactive);
  EXPECT_EQ(s.note, "");
}

TEST(Console, NoDisplayMeansHeadlessAndSaysSo) {
  ConsoleSetup s = choose_console(RunMode::window, false, true);
  EXPECT_EQ(s.mode, RunMode::headless);
  EXPECT_TRUE(s.interactive) << "the terminal is still the serial console";
  EXPECT_NE(s.note.find("no display"), std::string::npos) << s.note;
  ConsoleSetup none = choose_console(RunMode::window, false, false);
  EXPECT_EQ(none.mode, RunMode::headless);
  EXPECT_FALSE(none.interactive);
  EXPECT_NE(none.note.find("no display and no terminal: running headless"), std::string::npos) << none.note;
}

TEST(Console, HeadlessIsInteractiveOnlyOnATerminal) {
  EXPECT_TRUE(choose_console(RunMode::headless, false, true).interactive);
  EXPECT_FALSE(choose_console(RunMode::headless, true, false).interactive);
  EXPECT_EQ(choose_console(RunMode::headless, false, false).note, "");
}

}  // namespace
}  // namespace kbuild
