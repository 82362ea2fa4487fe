#include "core/process.h"

#include <signal.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <set>

#include "support/scratch_dir.h"

namespace kbuild {
namespace {

ProcessResult run(ProcessSpec spec) {
  ProcessResult result;
  std::string err;
  run_process(spec, &result, &err);
  return result;
}

TEST(Process, CapturesStdoutAndStderrSeparately) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo out; echo err >&2; exit 3"};
  spec.output = ProcessSpec::Output::capture;
  ProcessResult r = run(spec);
  EXPECT_TRUE(r.started);
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.out, "out\n");
  EXPECT_EQ(r.err, "err\n");
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.describe(), "exit status 3");
}

TEST(Process, MergesOutputInOrder) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo one; echo two >&2; echo three"};
  spec.output = ProcessSpec::Output::merge;
  ProcessResult r = run(spec);
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.out, "one\ntwo\nthree\n");
}

TEST(Process, PassesArgumentsVerbatimWithoutAShell) {
  ProcessSpec spec;
  spec.argv = {"printf", "%s|", "a b", "$HOME", "'q'", ";ls"};
  spec.output = ProcessSpec::Output::capture;
  EXPECT_EQ(run(spec).out, "a b|$HOME|'q'|;ls|");
}

TEST(Process, SetsCwdAndEnvironment) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "pwd; echo $KBUILD_TEST_VALUE"};
  spec.cwd = "/tmp";
  spec.env_set = {{"KBUILD_TEST_VALUE", "x y"}};
  spec.output = ProcessSpec::Output::capture;
  EXPECT_EQ(run(spec).out, "/tmp\nx y\n");
}

TEST(Process, MissingProgramIsReportedNotRun) {
  ProcessSpec spec;
  spec.argv = {"kbuild-no-such-program-xyz"};
  ProcessResult result;
  std::string err;
  EXPECT_FALSE(run_process(spec, &result, &err));
  EXPECT_FALSE(result.started);
  EXPECT_EQ(err, "kbuild-no-such-program-xyz: command not found");
}

TEST(Process, TimeoutStopsTheChild) {
  ProcessSpec spec;
  spec.argv = {"sleep", "30"};
  spec.timeout = std::chrono::milliseconds(200);
  ProcessResult r = run(spec);
  EXPECT_TRUE(r.timed_out);
  EXPECT_EQ(r.term_signal, SIGTERM);
  EXPECT_LT(r.seconds, 5.0);
  EXPECT_NE(r.describe().find("timed out"), std::string::npos);
  // The message names the limit, not how long a loaded machine took to stop the child.
  EXPECT_DOUBLE_EQ(r.timeout_seconds, 0.2);
  EXPECT_NE(r.describe().find("timed out after 0.2 s"), std::string::npos) << r.describe();
}

TEST(Process, ReportsDeathBySignal) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "kill -9 $$"};
  ProcessResult r = run(spec);
  EXPECT_EQ(r.term_signal, 9);
  EXPECT_NE(r.describe().find("signal 9"), std::string::npos);
}

TEST(Process, ChildThatKeepsPipeOpenThroughGrandchildDoesNotHang) {
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "sleep 5 & echo done"};
  spec.output = ProcessSpec::Output::capture;
  ProcessResult r = run(spec);
  EXPECT_TRUE(r.ok());
  EXPECT_LT(r.seconds, 4.0);
}

TEST(ProcessSet, RunsInParallelAndReapsEveryChild) {
  // Each child marks that it started, then waits until all four have: run one after another,
  // the first would give up (exit 1) instead of seeing the others.
  test::ScratchDir scratch;
  std::string dir = scratch.path().string();
  ProcessSet set;
  std::string err;
  for (int i = 0; i < 4; ++i) {
    ProcessSpec spec;
    spec.argv = {"sh", "-c",
                 "touch " + dir + "/" + std::to_string(i) + "; for n in $(seq 300); do "
                 "[ $(ls " + dir + " | wc -l) -ge 4 ] && { echo " + std::to_string(i) + "; exit 0; }; "
                 "sleep 0.05; done; exit 1"};
    spec.output = ProcessSpec::Output::merge;
    ASSERT_GE(set.start(spec, &err), 0) << err;
  }
  std::set<std::string> outputs;
  ProcessResult r;
  while (set.running()) {
    ASSERT_GE(set.wait_one(&r), 0);
    EXPECT_TRUE(r.ok()) << r.describe();
    outputs.insert(r.out);
  }
  EXPECT_EQ(outputs, (std::set<std::string>{"0\n", "1\n", "2\n", "3\n"}));
  EXPECT_EQ(set.wait_one(&r), -1);
}

TEST(ProcessSet, KillAllStopsAndReapsRunningChildren) {
  test::ScratchDir scratch;
  std::string pid_file = (scratch.path() / "pid").string();
  ProcessSet set;
  ProcessSpec spec;
  spec.argv = {"sh", "-c", "echo $$ > " + pid_file + "; exec sleep 30"};
  std::string err;
  ASSERT_GE(set.start(spec, &err), 0) << err;
  pid_t pid = 0;
  for (int i = 0; i < 200 && pid == 0; ++i) {
    usleep(10000);
    std::ifstream(pid_file) >> pid;
  }
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, 0), 0) << "child should be running";
  set.kill_all();
  EXPECT_EQ(set.running(), 0u);
  errno = 0;
  EXPECT_EQ(::kill(pid, 0), -1) << "child still exists (not killed or not reaped)";
  EXPECT_EQ(errno, ESRCH);
}

TEST(ProcessSet, BoundedWaitReturnsWhileTheChildRuns) {
  ProcessSet set;
  ProcessSpec spec;
  spec.argv = {"sleep", "0.5"};
  std::string err;
  ASSERT_GE(set.start(spec, &err), 0) << err;
  ProcessResult r;
  EXPECT_EQ(set.wait_one(&r, std::chrono::milliseconds(50)), ProcessSet::kStillRunning);
  EXPECT_EQ(set.running(), 1u);
  EXPECT_GE(set.wait_one(&r), 0);
  EXPECT_TRUE(r.ok());
}

TEST(FormatCommand, QuotesOnlyWhatNeedsIt) {
  EXPECT_EQ(format_command({"clang++", "-O2", "a b.cpp", "it's"}), "clang++ -O2 'a b.cpp' 'it'\\''s'");
}

}  // namespace
}  // namespace kbuild
