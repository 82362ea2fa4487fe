#include "core/job_pool.h"

#include <map>

#include "core/signals.h"

namespace kbuild {

PoolEnd run_pool(ProcessHost& host, const PoolJobs& jobs) {
  unsigned parallel = jobs.parallel == 0 ? 1 : jobs.parallel;
  std::map<int, size_t> running;  // process id -> job index
  size_t next = 0;
  bool stop = false;
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
    if (running.empty()) break;
    ProcessResult result;
    int id = interrupted() ? -1 : host.wait_one(&result);
    auto it = running.find(id);
    if (id < 0 || it == running.end() || result.interrupted) {
      host.kill_all();
      if (jobs.killed)
        for (const auto& [pid, index] : running) jobs.killed(index);
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
