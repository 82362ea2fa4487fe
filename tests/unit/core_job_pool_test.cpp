// The job pool (core/job_pool.h) with real processes: every job is reported once, no more than
// `parallel` run at once, a job whose end says "stop" keeps the later ones from starting (and,
// with stop_kills, ends those running), and poll() runs while jobs do.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <vector>

#include "core/job_pool.h"

namespace kbuild {
namespace {

// Counts how many processes run at once.
class CountingHost : public ProcessHost {
 public:
  int start(const ProcessSpec& spec, std::string* err) override {
    int id = real_.start(spec, err);
    if (id >= 0) widest_ = std::max(widest_, ++running_);
    return id;
  }
  int wait_one(ProcessResult* result) override {
    int id = real_.wait_one(result);
    if (id >= 0) --running_;
    return id;
  }
  void kill_all() override { real_.kill_all(); }
  int widest() const { return widest_; }

 private:
  ProcessSetHost real_;
  int running_ = 0, widest_ = 0;
};

TEST(JobPool, RunsEveryJobWithinTheLimit) {
  CountingHost host;
  std::vector<int> codes(7, -1);
  PoolJobs jobs;
  jobs.count = codes.size();
  jobs.parallel = 3;
  jobs.prepare = [](size_t index, ProcessSpec* spec, std::string*) {
    spec->argv = {"sh", "-c", "exit " + std::to_string(index)};
    return true;
  };
  jobs.done = [&](size_t index, ProcessResult result) {
    codes[index] = result.exit_code;
    return true;
  };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::finished);
  for (size_t i = 0; i < codes.size(); ++i) EXPECT_EQ(codes[i], static_cast<int>(i));
  EXPECT_LE(host.widest(), 3);
  EXPECT_GE(host.widest(), 1);
}

TEST(JobPool, StopStartsNoLaterJob) {
  ProcessSetHost host;
  std::vector<size_t> ended;
  PoolJobs jobs;
  jobs.count = 5;
  jobs.parallel = 1;
  jobs.prepare = [](size_t index, ProcessSpec* spec, std::string*) {
    spec->argv = {index == 1 ? "false" : "true"};
    return true;
  };
  jobs.done = [&](size_t index, ProcessResult result) {
    ended.push_back(index);
    return result.ok();
  };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::stopped);
  EXPECT_EQ(ended, (std::vector<size_t>{0, 1}));
}

TEST(JobPool, AJobThatCannotStartIsReportedWithWhy) {
  ProcessSetHost host;
  std::string why;
  bool started = true;
  PoolJobs jobs;
  jobs.count = 2;
  jobs.prepare = [](size_t index, ProcessSpec* spec, std::string* err) {
    if (index == 0) {
      spec->argv = {"kbuild-no-such-program"};
      return true;
    }
    *err = "cannot create out/";
    return false;
  };
  std::vector<std::string> reasons;
  jobs.done = [&](size_t, ProcessResult result) {
    started = started && result.started;
    reasons.push_back(result.start_error);
    return true;
  };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::finished);
  EXPECT_FALSE(started);
  EXPECT_EQ(reasons, (std::vector<std::string>{"kbuild-no-such-program: command not found", "cannot create out/"}));
}

// --fail-fast's way: the first failure ends the jobs still running at once, and each is named.
TEST(JobPool, StopKillsEndsTheRunningJobs) {
  ProcessSetHost host;
  std::vector<size_t> ended, killed;
  PoolJobs jobs;
  jobs.count = 4;
  jobs.parallel = 2;
  jobs.stop_kills = true;
  jobs.prepare = [](size_t index, ProcessSpec* spec, std::string*) {
    // Job 0 would run for a minute; job 1 fails at once.
    spec->argv = index == 0 ? std::vector<std::string>{"sleep", "60"} : std::vector<std::string>{"false"};
    return true;
  };
  jobs.done = [&](size_t index, ProcessResult result) {
    ended.push_back(index);
    return result.ok();
  };
  jobs.killed = [&](size_t index) { killed.push_back(index); };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::stopped);
  EXPECT_EQ(ended, (std::vector<size_t>{1}));
  EXPECT_EQ(killed, (std::vector<size_t>{0}));
}

// Without stop_kills a stop lets the running jobs finish, and they are reported.
TEST(JobPool, StopWithoutKillsReportsTheRunningJobs) {
  ProcessSetHost host;
  std::vector<size_t> ended;
  PoolJobs jobs;
  jobs.count = 4;
  jobs.parallel = 2;
  jobs.prepare = [](size_t index, ProcessSpec* spec, std::string*) {
    spec->argv = index == 0 ? std::vector<std::string>{"sh", "-c", "sleep 0.2"} : std::vector<std::string>{"false"};
    return true;
  };
  jobs.done = [&](size_t index, ProcessResult result) {
    ended.push_back(index);
    return result.ok();
  };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::stopped);
  EXPECT_EQ(ended, (std::vector<size_t>{1, 0}));
}

// poll() lets the owner act on a job while it runs: here it ends the job, which would otherwise
// run for a minute.
TEST(JobPool, PollIsCalledWhileJobsRun) {
  std::filesystem::path flag = std::filesystem::path(::testing::TempDir()) / "kbuild-pool-poll.flag";
  if (std::FILE* f = std::fopen(flag.c_str(), "w")) std::fclose(f);
  ASSERT_TRUE(std::filesystem::exists(flag));
  ProcessSetHost host;
  int polls = 0;
  PoolJobs jobs;
  jobs.count = 1;
  jobs.poll_every = std::chrono::milliseconds(10);
  jobs.poll = [&] {
    if (++polls == 3) std::filesystem::remove(flag);
  };
  jobs.prepare = [&](size_t, ProcessSpec* spec, std::string*) {
    spec->argv = {"sh", "-c", "i=0; while [ -e \"$0\" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done; [ ! -e \"$0\" ]",
                  flag.string()};
    return true;
  };
  ProcessResult ended;
  jobs.done = [&](size_t, ProcessResult result) {
    ended = std::move(result);
    return true;
  };
  EXPECT_EQ(run_pool(host, jobs), PoolEnd::finished);
  EXPECT_GE(polls, 3);
  EXPECT_TRUE(ended.ok()) << ended.describe();
}

}  // namespace
}  // namespace kbuild
