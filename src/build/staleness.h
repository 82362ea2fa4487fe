// Deciding what is out of date: an output is rebuilt when it was never built, its command
// changed, it is missing, or the content of any input it was built from (the source and every
// header its depfile listed; for a link, the objects and the linker script) changed.
#pragma once

#include <string>

#include "build/build_state.h"
#include "build/file_cache.h"
#include "build/plan.h"

namespace kbuild {

struct Staleness {
  bool dirty = false;
  // Why, as -v shows it after the step: "src/vga.h changed", "no previous build", "flags
  // changed", "output missing", "src/gone.h missing", "forced".
  std::string reason;
};

Staleness compile_staleness(const BuildPlan& plan, const CompileStep& step,
                            const BuildState& state, FileCache& files);
Staleness link_staleness(const BuildPlan& plan, const LinkStep& link, const BuildState& state,
                         FileCache& files);

}  // namespace kbuild
