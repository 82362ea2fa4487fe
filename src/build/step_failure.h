// A build step that failed, as the executor saw it: what failed, what the tool said, and the
// command. `kbuild build` prints it at once; `kbuild test` keeps it for the test kernel it
// belongs to and takes that kernel's headline from the first one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace kbuild {

struct StepFailure {
  std::string message;  // "could not compile src/main.cpp", with ": WHY" when the tool did not
                        // run or what it built could not be recorded
  std::string output;   // what the tool wrote (stdout and stderr, as a terminal shows them)
  std::string command;  // the command, quoted for copy and paste
  std::vector<std::filesystem::path> blocks;  // the ELFs it keeps from being linked: a link's own
                                              // output; every link taking a compile's object
};

// The failures as a terminal shows them: each tool's output, then its message and its command.
std::string failure_text(const std::vector<StepFailure>& failures);

}  // namespace kbuild
