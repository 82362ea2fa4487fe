// The one parallel start/wait/Ctrl-C loop: runs jobs, each one process, up to `parallel` at
// once, in index order. The owner of the jobs says how to start each one and what its end means;
// the pool does the bookkeeping:
//   - prepare(i, &spec, &err) fills the spec of job i; false (with err) means it cannot start.
//   - done(i, result) is called once per job that was prepared, when it ended, or at once when it
//     could not start (result.started false, result.start_error says why). Returning false
//     starts no further job; the running ones still finish and are reported.
//   - killed(i) (optional) is called for each job still running on Ctrl-C (or on a stop, with
//     stop_kills), after the pool killed and reaped every one of them.
//   - poll() (optional) is called about every poll_every while jobs run and none has ended, for
//     owners that must act on a running process (a test kernel's screen is read before it quits).
// Processes run on a ProcessHost, so tests can put in a fake. The build (build/execute.cpp) and
// the test runner (testing/test_runner.cpp) use the pool: prepare builds the command, done
// judges its end.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "core/process.h"

namespace kbuild {

// Where the pool's processes run.
class ProcessHost {
 public:
  virtual ~ProcessHost() = default;
  // Starts a process; returns its id (>= 0), or -1 with *err when it could not be started.
  virtual int start(const ProcessSpec& spec, std::string* err) = 0;
  // Waits for one started process to end. -1 when none is running or on Ctrl-C.
  virtual int wait_one(ProcessResult* result) = 0;
  // The same, giving up after `max_wait` with ProcessSet::kStillRunning. Hosts that cannot wait
  // a bounded time simply wait.
  virtual int wait_for(ProcessResult* result, std::chrono::milliseconds max_wait) {
    (void)max_wait;
    return wait_one(result);
  }
  // Stops and reaps whatever still runs.
  virtual void kill_all() = 0;
};

// Real processes, through a ProcessSet.
class ProcessSetHost : public ProcessHost {
 public:
  int start(const ProcessSpec& spec, std::string* err) override { return set_.start(spec, err); }
  int wait_one(ProcessResult* result) override { return set_.wait_one(result); }
  int wait_for(ProcessResult* result, std::chrono::milliseconds max_wait) override {
    return set_.wait_one(result, max_wait);
  }
  void kill_all() override { set_.kill_all(); }

 private:
  ProcessSet set_;
};

struct PoolJobs {
  size_t count = 0;
  unsigned parallel = 1;  // 0 counts as 1
  std::function<bool(size_t index, ProcessSpec* spec, std::string* err)> prepare;
  std::function<bool(size_t index, ProcessResult result)> done;
  std::function<void(size_t index)> killed;
  bool stop_kills = false;  // when done() says stop, the running jobs are killed, not awaited
  std::chrono::milliseconds poll_every{-1};  // < 0: poll is never called
  std::function<void()> poll;
};

enum class PoolEnd {
  finished,     // every job was started and has ended
  stopped,      // done() returned false for a job: the jobs after it were not started (and,
                // with stop_kills, those running were killed)
  interrupted,  // Ctrl-C: the running jobs were killed
};

PoolEnd run_pool(ProcessHost& host, const PoolJobs& jobs);

}  // namespace kbuild
