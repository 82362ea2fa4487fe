// The one parallel start/wait/Ctrl-C loop: runs jobs, each one process, up to `parallel` at
// once, in index order. The owner of the jobs says how to start each one and what its end means;
// the pool does the bookkeeping:
//   - prepare(i, &spec, &err) fills the spec of job i; false (with err) means it cannot start.
//   - done(i, result) is called once per job that was prepared, when it ended, or at once when it
//     could not start (result.started false, result.start_error says why). Returning false
//     starts no further job; the running ones still finish and are reported.
//   - killed(i) (optional) is called for each job still running on Ctrl-C, after the pool
//     killed and reaped every one of them.
// Processes run on a ProcessHost, so tests can put in a fake. The build uses the pool
// (build/execute.cpp); the test runner can use it the same way: prepare builds the QEMU spec,
// done judges the run.
#pragma once

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
  // Stops and reaps whatever still runs.
  virtual void kill_all() = 0;
};

// Real processes, through a ProcessSet.
class ProcessSetHost : public ProcessHost {
 public:
  int start(const ProcessSpec& spec, std::string* err) override { return set_.start(spec, err); }
  int wait_one(ProcessResult* result) override { return set_.wait_one(result); }
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
};

enum class PoolEnd {
  finished,     // every job was started and has ended
  stopped,      // done() returned false for a job: the jobs after it were not started
  interrupted,  // Ctrl-C: the running jobs were killed
};

PoolEnd run_pool(ProcessHost& host, const PoolJobs& jobs);

}  // namespace kbuild
