#include "build/execute.h"

#include <algorithm>
#include <cstdio>
#include <deque>
#include <functional>
#include <set>
#include <system_error>

#include "build/depfile.h"
#include "build/file_cache.h"
#include "build/staleness.h"
#include "core/fs.h"
#include "core/job_pool.h"
#include "core/signals.h"

namespace kbuild {

namespace {

struct Job {
  std::vector<std::string> argv;
  const char* verb;                         // with -v: "Compiling" or "Linking", then
  std::string explain;                      // "src/main.cpp (src/vga.h changed)"
  std::string failure;                      // "could not compile src/main.cpp"
  std::vector<std::filesystem::path> outputs;  // removed when the command fails or is killed
  std::function<bool(std::string*)> record;    // after success: remember what was built
  std::vector<std::filesystem::path> blocks;   // the ELFs that cannot be linked when it fails
  bool failed = false;
};

void forget_outputs(const Job& job, BuildState* state) {
  for (const auto& output : job.outputs) {
    std::error_code ec;
    std::filesystem::remove(output, ec);
    state->erase_output(output.native());
  }
}

// Runs `jobs` with at most `parallel` at once. Returns false when one failed (after the running
// ones finished, or with keep_going after all ran) or on Ctrl-C (after killing them).
bool run_jobs(const Ui& ui, ToolHost& host, const std::filesystem::path& cwd,
              std::vector<Job>& jobs, const ExecuteOptions& options, BuildState* state, size_t* succeeded,
              std::string* err) {
  size_t failed = 0;
  std::vector<StepFailure>* failures = options.failures;
  auto fail_job = [&](size_t index, const std::string& why, const std::string& output) {
    Job& job = jobs[index];
    job.failed = true;
    std::string message = why.empty() ? job.failure : job.failure + ": " + why;
    if (failures) {
      failures->push_back({message, output, format_command(job.argv), job.blocks});
    } else {
      if (!output.empty()) ui.passthrough(output);
      ui.error(message);
      ui.note(format_command(job.argv));
    }
    forget_outputs(job, state);
    ++failed;
    return options.keep_going;  // else no new command starts
  };

  PoolJobs pool;
  pool.count = jobs.size();
  pool.parallel = options.jobs;
  pool.prepare = [&](size_t index, ProcessSpec* spec, std::string* start_err) {
    if (ui.verbose()) ui.status(jobs[index].verb, jobs[index].explain);
    ui.command(jobs[index].argv);
    spec->argv = jobs[index].argv;
    spec->cwd = cwd;
    spec->output = ProcessSpec::Output::merge;
    spec->new_process_group = true;  // Ctrl-C reaches us, and we stop and clean up the children
    // Compilers and linkers do not create the folders they write into.
    for (const auto& output : jobs[index].outputs) {
      std::error_code ec;
      std::filesystem::create_directories(output.parent_path(), ec);
      if (ec) {
        *start_err = "cannot create " + output.parent_path().string() + ": " + ec.message();
        return false;
      }
    }
    return true;
  };
  pool.done = [&](size_t index, ProcessResult result) {
    std::string output = result.out + result.err;
    if (!result.ok()) return fail_job(index, result.started ? "" : result.start_error, output);
    if (!output.empty()) ui.passthrough(output);
    std::string record_err;
    if (!jobs[index].record(&record_err)) return fail_job(index, record_err, "");
    ++*succeeded;
    return true;
  };
  pool.killed = [&](size_t index) { forget_outputs(jobs[index], state); };

  if (run_pool(host, pool) == PoolEnd::interrupted) {
    *err = "interrupted";
    return false;
  }
  if (failed) {
    *err = failed == 1 ? "1 command failed" : std::to_string(failed) + " commands failed";
    return false;
  }
  return true;
}

// After a compile: the object's inputs are the source and what its depfile lists, with the
// hashes they had when planning (or now, for headers it did not include before).
bool record_compile(const BuildPlan& plan, const CompileStep& step, FileCache& files,
                    BuildState* state, std::string* err) {
  std::string text;
  Depfile deps;
  if (!read_regular_file(step.depfile, kMaxDepfileBytes, &text, err) ||
      !parse_depfile(text, display_path(plan.root, step.depfile), &deps, err)) {
    return false;
  }
  // An empty or cut depfile (another compiler of this object still writing it: one left running
  // by a kbuild that was killed) would record the object as depending on no header, and header
  // edits would never rebuild it. Such an object is not recorded: the next build compiles it.
  if (!depfile_is_whole(text) || !depfile_has_target(deps, plan.root, step.object)) {
    state->erase_output(step.object);
    return true;
  }
  std::vector<std::pair<PathId, uint64_t>> inputs;
  std::set<std::string> seen;
  auto add = [&](const std::filesystem::path& path) {
    std::string name = (plan.root / path).lexically_normal().string();
    if (!seen.insert(name).second) return true;
    uint64_t hash = 0;
    if (!files.hash(name, &hash)) {
      *err = "cannot read " + name + " (listed in " + display_path(plan.root, step.depfile) + ")";
      return false;
    }
    inputs.emplace_back(state->paths.intern(name), hash);
    return true;
  };
  if (!add(step.source)) return false;
  for (const auto& input : deps.inputs) {
    if (!add(input)) return false;
  }
  files.invalidate(step.object);
  uint64_t object_hash = 0;
  if (!files.hash(step.object, &object_hash)) {
    *err = "the compiler did not write " + display_path(plan.root, step.object);
    return false;
  }
  state->set_output(step.object, step.command_hash, std::move(inputs));
  return true;
}

bool record_link(const BuildPlan& plan, const LinkStep& link, FileCache& files, BuildState* state,
                 std::string* err) {
  std::vector<std::pair<PathId, uint64_t>> recorded;
  std::vector<std::string> inputs;
  inputs.reserve(link.objects.size() + link.extra_inputs.size());
  for (size_t index : link.objects) inputs.push_back(plan.compiles[index].object);
  for (const auto& input : link.extra_inputs) inputs.push_back(input.string());
  for (const auto& input : inputs) {
    uint64_t hash = 0;
    if (!files.hash(input, &hash)) {
      *err = "cannot read " + input;
      return false;
    }
    recorded.emplace_back(state->paths.intern(input), hash);
  }
  files.invalidate(link.output.string());
  uint64_t elf_hash = 0;
  if (!files.hash(link.output.string(), &elf_hash)) {
    *err = "the linker did not write " + link.label;
    return false;
  }
  state->set_output(link.output.native(), link.command_hash, std::move(recorded));
  return true;
}

bool check_programs(ToolHost& host, const std::set<std::string>& programs,
                    std::string* err) {
  for (const auto& program : programs) {
    if (!host.check_program(program, err)) return false;
  }
  return true;
}

}  // namespace

bool execute_plan(const Ui& ui, ToolHost& host, const BuildPlan& plan,
                  const ExecuteOptions& options, BuildState* state, ExecuteResult* result,
                  std::string* err) {
  *result = ExecuteResult();
  FileCache files(state);
  std::string compile_err;  // with keep_going: why the compiles failed, reported after the links

  // Decide every compile before any runs, so the hashes recorded for inputs are the ones they
  // had before the compiler read them: an edit during the build shows up in the next one.
  std::vector<Job> compiles;
  std::vector<size_t> compile_steps;  // beside compiles: the index of each in plan.compiles
  std::set<std::string> programs;
  for (size_t index = 0; index < plan.compiles.size(); ++index) {
    const CompileStep& step = plan.compiles[index];
    Staleness stale = options.force ? Staleness{true, "forced"}
                                    : compile_staleness(plan, step, *state, files);
    if (!stale.dirty) continue;
    uint64_t ignored;
    files.hash(step.source, &ignored);  // remember the source as it is now
    programs.insert(step.compiler);
    compiles.push_back(Job{step.argv(), "Compiling", step.label + " (" + stale.reason + ")",
                           "could not compile " + step.label, {step.object, step.depfile},
                           [&plan, &step, &files, state](std::string* e) {
                             return record_compile(plan, step, files, state, e);
                           },
                           {}});
    for (const LinkStep& link : plan.links)  // those linking its object
      if (std::find(link.objects.begin(), link.objects.end(), index) != link.objects.end())
        compiles.back().blocks.push_back(link.output);
    compile_steps.push_back(index);
  }
  if (!compiles.empty()) {
    if (!plan.launcher.empty()) programs.insert(plan.launcher.front());
    if (!check_programs(host, programs, err)) return false;
    ui.status("Compiling", plan.description);
    if (!run_jobs(ui, host, plan.root, compiles, options, state, &result->compiled, err)) {
      if (*err != "interrupted") *err = "could not build " + plan.description + ": " + *err;
      if (!options.keep_going || *err == "interrupted") return false;
      compile_err = *err;
    }
  }
  std::set<size_t> uncompiled;  // with keep_going: the compiles that failed
  for (size_t i = 0; i < compiles.size(); ++i)
    if (compiles[i].failed) uncompiled.insert(compile_steps[i]);

  std::vector<Job> links;
  std::vector<const LinkStep*> stale_links;
  for (const LinkStep& link : plan.links) {
    bool blocked = std::any_of(link.objects.begin(), link.objects.end(),
                               [&](size_t object) { return uncompiled.count(object) > 0; });
    if (blocked) continue;  // the compile's failure says so
    Staleness stale = options.force ? Staleness{true, "forced"}
                                    : link_staleness(plan, link, *state, files);
    if (!stale.dirty) continue;
    stale_links.push_back(&link);
    links.push_back(Job{link.argv, "Linking", link.label + " (" + stale.reason + ")",
                        "could not link " + link.label, {link.output},
                        [&plan, &link, &files, state](std::string* e) {
                          return record_link(plan, link, files, state, e);
                        },
                        {link.output}});
  }
  if (!links.empty()) {
    if (!check_programs(host, {plan.links.front().argv.front()}, err)) return false;
    if (!ui.verbose())  // with -v each link says it with its reason
      for (const LinkStep* link : stale_links) ui.status("Linking", link->label);
    if (!run_jobs(ui, host, plan.root, links, options, state, &result->linked, err)) {
      if (*err != "interrupted") *err = "could not build " + plan.description + ": " + *err;
      return false;
    }
  }
  if (!compile_err.empty()) {
    *err = compile_err;
    return false;
  }
  return true;
}

}  // namespace kbuild
