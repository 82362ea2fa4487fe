// The seam between deciding what to run and running it: the build starts commands through a
// CommandRunner. The real one runs processes (ProcessSet); tests put in a fake that records
// commands and writes the outputs itself.
#pragma once

#include <memory>
#include <string>

#include "core/job_pool.h"

namespace kbuild {

class CommandRunner : public ProcessHost {
 public:
  // Checks that a program can be run before any command that uses it starts.
  virtual bool check_program(const std::string& program, std::string* err) = 0;
};

// Runs real processes, many at once.
std::unique_ptr<CommandRunner> make_process_runner();

}  // namespace kbuild
