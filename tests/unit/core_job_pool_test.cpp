// The job pool (core/job_pool.h) with real processes: every job is reported once, no more than
// `parallel` run at once, and a job whose end says "stop" keeps the later ones from starting.
#include <gtest/gtest.h>

#include <algorithm>
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

}  // namespace
}  // namespace kbuild
