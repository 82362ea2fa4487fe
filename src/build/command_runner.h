// The seam between deciding what to run and running it: the build starts commands through a
// CommandRunner. The real one runs processes (ProcessSet); tests put in a fake that records
// commands and writes the outputs itself.
#pragma once

#include <memory>
#include <string>

#include "core/process.h"

namespace kbuild {

class CommandRunner {
 public:
  virtual ~CommandRunner() = default;
  // Checks that a program can be run before any command that uses it starts.
  virtual bool check_program(const std::string& program, std::string* err) = 0;
  // Starts a command; returns its id (>= 0), or -1 with *err when it could not be started.
  virtual int start(const ProcessSpec& spec, std::string* err) = 0;
  // Waits for one started command to end. -1 when none is running or on Ctrl-C.
  virtual int wait_one(ProcessResult* result) = 0;
  // Stops whatever still runs (after Ctrl-C).
  virtual void kill_all() = 0;
};

// Runs real processes, many at once.
std::unique_ptr<CommandRunner> make_process_runner();

}  // namespace kbuild
