// The seam between deciding what to run and running it: the build starts commands through a
// ToolHost. The real one runs processes (ProcessSet); tests put in a fake that records
// commands and writes the outputs itself.
#pragma once

#include <memory>
#include <string>

#include "core/job_pool.h"

namespace kbuild {

class ToolHost : public ProcessHost {
 public:
  // Checks that a program can be run before any command that uses it starts.
  virtual bool check_program(const std::string& program, std::string* err) = 0;
};

// Runs real processes, many at once.
std::unique_ptr<ToolHost> make_tool_host();

}  // namespace kbuild
