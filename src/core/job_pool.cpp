#include "core/job_pool.h"

#include <map>

#include "core/signals.h"

namespace kbuild {

PoolEnd run_pool(ProcessHost& host, const PoolJobs& jobs) {
  unsigned parallel = jobs.parallel == 0 ? 1 : jobs.parallel;
  std::map<int, size_t> running;  // process id -> job index
  size_t next = 0;
  bool stop = false;
  auto kill_running = [&] {
    host.kill_all();
    if (jobs.killed)
      for (const auto& [pid, index] : running) jobs.killed(index);
  };
  bool polls = jobs.poll && jobs.poll_every.count() >= 0;
  while (true) {
    while (!stop && next < jobs.count && running.size() < parallel && !interrupted()) {
      size_t index = next++;
      ProcessSpec spec;
      std::string err;
      int id = jobs.prepare(index, &spec, &err) ? host.start(spec, &err) : -1;
      if (id < 0) {
        ProcessResult result;
        result.start_error = err;
        if (!jobs.done(index, std::move(result))) stop = true;
        continue;
      }
      running[id] = index;
    }
    if (stop && jobs.stop_kills && !running.empty()) {
      kill_running();
      return PoolEnd::stopped;
    }
    if (running.empty()) break;
    ProcessResult result;
    int id = interrupted() ? -1 : polls ? host.wait_for(&result, jobs.poll_every) : host.wait_one(&result);
    if (id == ProcessSet::kStillRunning && polls) {
      jobs.poll();
      continue;
    }
    auto it = running.find(id);
    if (id < 0 || it == running.end() || result.interrupted) {
      kill_running();
      return PoolEnd::interrupted;
    }
    size_t index = it->second;
    running.erase(it);
    if (!jobs.done(index, std::move(result))) stop = true;
  }
  if (interrupted()) return PoolEnd::interrupted;
  return stop ? PoolEnd::stopped : PoolEnd::finished;
}

}  // namespace kbuild
