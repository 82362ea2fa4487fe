#include "build/staleness.h"

namespace kbuild {

namespace {

Staleness dirty(std::string reason) { return Staleness{true, std::move(reason)}; }

// The checks both kinds of step share, given the inputs this step has now.
Staleness check_output(const BuildPlan& plan, const std::string& output,
                       uint64_t command_hash, const BuildState& state, FileCache& files) {
  const OutputRecord* record = state.output(output);
  if (!record) return dirty("no previous build");
  if (record->command_hash != command_hash) return dirty("flags changed");
  if (!files.exists(output)) return dirty("output missing");
  for (const auto& [id, hash] : record->inputs) {
    uint64_t now = 0;
    if (!files.hash(id, &now)) return dirty(display_path(plan.root, std::string(state.paths[id])) + " missing");
    if (now != hash) return dirty(display_path(plan.root, std::string(state.paths[id])) + " changed");
  }
  return Staleness{};
}

}  // namespace

Staleness compile_staleness(const BuildPlan& plan, const CompileStep& step,
                            const BuildState& state, FileCache& files) {
  return check_output(plan, step.object, step.command_hash, state, files);
}

Staleness link_staleness(const BuildPlan& plan, const LinkStep& link, const BuildState& state,
                         FileCache& files) {
  // The object list is part of the command, so only contents remain to be compared; the
  // recorded inputs are exactly the objects and the script.
  return check_output(plan, link.output.native(), link.command_hash, state, files);
}

}  // namespace kbuild
