#include "build/build.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "build/build_lock.h"
#include "build/build_state.h"
#include "build/compile_db.h"
#include "build/execute.h"
#include "build/plan.h"
#include "build/source_check.h"
#include "build/target.h"
#include "config/config_reader.h"
#include "config/sources.h"
#include "core/duration.h"
#include "core/fs.h"

namespace kbuild {

namespace {

// cflags reach C compiles only. A kernel without C sources would silently drop them (projects
// written when cflags meant every compile lose their warnings): say so.
void warn_unused_cflags(const Ui& ui, const Config& config, const Profile& profile, const BuildRequest& req,
                        const std::vector<std::filesystem::path>& sources) {
  if (config.cflags.empty() && profile.cflags.empty()) return;
  auto is_c = [](const std::filesystem::path& s) { return source_language(s.native()) == SourceLanguage::c; };
  auto any_c = [&](const std::vector<std::filesystem::path>& files) { return std::any_of(files.begin(), files.end(), is_c); };
  if (any_c(sources) || any_c(req.test_sources) ||
      std::any_of(req.test_extra_sources.begin(), req.test_extra_sources.end(), any_c))
    return;
  ui.warning(config.manifest_path.filename().string() + ": `cflags` apply to C sources (.c) only, and this kernel "
             "has none, so they are not used: put C++ flags in `cxxflags`, or flags for every language in `flags`");
}

}  // namespace

std::string profile_summary(const Profile& profile) {
  std::string text = profile.opt_level == "0" ? "unoptimized" : "optimized";
  if (profile.debug) text += " + debuginfo";
  return text;
}

bool build_kernel(const Context& ctx, const BuildRequest& req, BuildResult* out, std::string* err) {
  BuildInputs inputs;
  if (!expand_sources(*req.config, &inputs.sources, err)) return false;
  inputs.tools = make_toolchain(*req.config, ctx.env);
  std::unique_ptr<ToolHost> host = make_tool_host();
  inputs.host = host.get();
  return build_kernel_with(ctx, req, inputs, out, err);
}

bool build_kernel_with(const Context& ctx, const BuildRequest& req, const BuildInputs& inputs,
                       BuildResult* out, std::string* err) {
  auto start = std::chrono::steady_clock::now();
  const Config& config = *req.config;
  const Ui& ui = *ctx.ui;
  *out = BuildResult();

  const Profile* profile = find_profile(config, req.profile, err);  // "did you mean" on a typo
  if (!profile) return false;

  if (!check_compilable(inputs.sources, err) || !check_compilable(req.test_sources, err))
    return false;
  for (const auto& extra : req.test_extra_sources)
    if (!check_compilable(extra, err)) return false;
  warn_unused_cflags(ui, config, *profile, req, inputs.sources);
  PlanInput plan_in;
  plan_in.config = &config;
  plan_in.profile = profile;
  plan_in.data_dir = ctx.data_dir;
  plan_in.tools = inputs.tools;
  plan_in.color = ui.color();
  plan_in.sources = inputs.sources;
  plan_in.test_sources = req.test_sources;
  plan_in.test_names = req.test_names;
  plan_in.test_extra_sources = req.test_extra_sources;
  if (!req.test_sources.empty()) plan_in.entry = config.entry_file;
  if (!find_runtime_sources(ctx.data_dir, config.arch.value, &plan_in.runtime_sources, err)) return false;
  BuildPlan plan;
  if (!plan_kernel_build(plan_in, &plan, err)) return false;
  out->build_dir = plan.build_dir;
  out->elf = plan.links.front().output;
  for (size_t i = 0; i < plan_in.test_sources.size(); ++i) {
    std::filesystem::path source = (plan.root / plan_in.test_sources[i]).lexically_normal();
    std::string name = i < req.test_names.size() ? req.test_names[i] : test_kernel_name(source);
    out->tests.push_back({name, source, plan.links[i + 1].output});
  }

  // From here on the build directory is ours alone (released when this function returns).
  BuildDirLock lock;
  if (!lock.acquire(ui, plan.build_dir, err)) return false;
  for (const auto& dir : {plan.build_dir.parent_path(), plan.build_dir, plan.build_dir / "tests"})
    remove_stale_temps(dir);

  std::filesystem::path state_path = plan.build_dir / kStateFileName;
  BuildState state;
  std::string why;
  load_build_state(state_path, &state, &why);
  if (!why.empty() && ui.verbose()) ui.note(why + ": rebuilding everything");

  if (!update_compile_commands(plan, inputs.tools, &state, err)) return false;

  ExecuteOptions options;
  options.jobs = ctx.jobs;
  options.force = req.force;
  if (req.collect_failures) options.failures = &out->failures;
  options.keep_going = req.keep_going;
  ExecuteResult result;
  bool ok = execute_plan(ui, *inputs.host, plan, options, &state, &result, err);
  // Whatever did get built stays recorded, also when the build failed.
  std::string save_err;
  if (state.changed && !save_build_state(state_path, state, &save_err)) {
    if (ok) {
      *err = save_err;
      return false;
    }
    ui.warning(save_err);
  }
  out->compiled = result.compiled;
  out->linked = result.linked > 0;
  out->seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!ok) return false;

  if (result.compiled == 0 && result.linked == 0 && ui.verbose()) {
    ui.status("Fresh", plan.description);
  }
  ui.status("Finished", req.profile + " [" + profile_summary(*profile) + "] in " + format_duration(out->seconds));
  return true;
}

}  // namespace kbuild
