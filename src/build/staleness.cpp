#include "build/staleness.h"

namespace kbuild {

namespace {

Staleness dirty(std::string reason) { return Staleness{true, std::move(reason)}; }

// The checks both kinds of step share, given the inputs this step has now.
Staleness check_output(const BuildPlan& plan, const std::string& output,
                       uint64_t command_hash, const BuildState& state, FileCache& files) {
  auto record = state.outputs.find(output);
  if (record == state.outputs.end()) return dirty("no previous build");
  if (record->second.command_hash != command_hash) return dirty("flags changed");
  if (!files.exists(output)) return dirty("output missing");
  for (const auto& [id, hash] : record->second.inputs) {
    const std::string& input = state.paths[id];
    uint64_t now = 0;
    if (!files.hash(input, &now)) return dirty(display_path(plan.root, input) + " missing");
    if (now != hash) return dirty(display_path(plan.root, input) + " changed");
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
