// Running a plan: the stale compiles, up to `jobs` at once, then the stale links. Each command's
// output is printed whole when it ends. On the first failure no new command starts, the running
// ones finish, and the build fails; with keep_going the other compiles still run, and every link
// whose objects all compiled. On Ctrl-C the running ones are killed. A failed or killed
// command's outputs are removed and forgotten, so the next build runs it again.
#pragma once

#include <string>

#include "build/build_state.h"
#include "build/tool_host.h"
#include "build/plan.h"
#include "build/step_failure.h"
#include "core/ui.h"

namespace kbuild {

struct ExecuteOptions {
  unsigned jobs = 1;
  bool force = false;  // everything is stale
  // When set, each failed step goes here instead of to the terminal (kbuild test reports them
  // per test kernel).
  std::vector<StepFailure>* failures = nullptr;
  // Go on after a failure (kbuild test: one test kernel that does not build leaves the others
  // built); a link with an object that did not compile is skipped, and the compile's failure
  // names it in StepFailure::blocks.
  bool keep_going = false;
};

struct ExecuteResult {
  size_t compiled = 0;  // compile commands that succeeded
  size_t linked = 0;    // link commands that succeeded
};

// Updates *state with what was built (also when failing: what did succeed stays recorded).
bool execute_plan(const Ui& ui, ToolHost& host, const BuildPlan& plan,
                  const ExecuteOptions& options, BuildState* state, ExecuteResult* result,
                  std::string* err);

}  // namespace kbuild
