// The one way kbuild starts programs: argv vectors (never a shell), optional cwd, environment
// additions, captured output, a timeout, and every child reaped. Ctrl-C (see signals.h) stops
// the children of a ProcessSet and of run_process. Every child gets PR_SET_PDEATHSIG(SIGKILL):
// it dies with kbuild, even when kbuild itself is killed with SIGKILL. (The signal follows the
// thread that started the child, so children are started from the main thread.) A child in a
// process group of its own (new_process_group) takes its whole group with it: the processes it
// starts itself, such as the compiler behind ccache, die with kbuild too.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kbuild {

struct ProcessSpec {
  std::vector<std::string> argv;                             // argv[0] is looked up in PATH
  std::optional<std::filesystem::path> cwd;
  std::vector<std::pair<std::string, std::string>> env_set;  // added to / replacing the inherited env
  enum class Output { inherit, capture, merge } output = Output::inherit;
  // inherit: the child writes to our stdout/stderr. capture: stdout -> out, stderr -> err.
  // merge: stdout and stderr both -> out, interleaved as written (what a terminal would show).
  // When set, stdout goes through a pipe to this function as the child writes it (nothing of it
  // is kept in ProcessResult::out); stderr follows `output`. Called from wait_one.
  std::function<void(std::string_view)> on_stdout;
  bool stdin_null = true;                     // stdin from /dev/null (else inherited)
  std::chrono::milliseconds timeout{0};       // 0: none. On expiry: SIGTERM, then SIGKILL after 2 s
  bool new_process_group = false;             // so a terminal's Ctrl-C does not reach it directly,
                                              // and all it starts dies with kbuild
};

struct ProcessResult {
  bool started = false;   // false: the program could not be run (see start_error)
  std::string start_error;  // e.g. "clang++: command not found" / strerror text
  int exit_code = -1;     // valid when exited normally
  int term_signal = 0;    // non-zero when killed by a signal
  bool timed_out = false;
  double timeout_seconds = 0;  // the limit that expired, when timed_out (what messages name)
  bool interrupted = false;  // stopped because of Ctrl-C
  std::string out, err;
  double seconds = 0;

  bool ok() const { return started && term_signal == 0 && exit_code == 0 && !timed_out; }
  // "exit status 2", "killed by signal 9 (Killed)", "timed out after 5 s", "not started: ..."
  std::string describe() const;
};

// Runs one process to completion. Returns false only when it could not be started, with a
// message in *err (ENOENT becomes "PROGRAM: command not found").
bool run_process(const ProcessSpec& spec, ProcessResult* result, std::string* err);

// Runs many processes at once (the build's -j). Output of each is collected separately so that
// it can be printed whole, never interleaved with another's.
class ProcessSet {
 public:
  ProcessSet();
  ~ProcessSet();  // kills and reaps whatever is still running
  ProcessSet(const ProcessSet&) = delete;
  ProcessSet& operator=(const ProcessSet&) = delete;

  // Starts a process; returns its id (>= 0), or -1 with *err when it could not be started.
  int start(const ProcessSpec& spec, std::string* err);
  size_t running() const;
  // Waits until one process ends and returns its id and result. Returns -1 when none is
  // running, or when interrupted by Ctrl-C (then call kill_all()). With `max_wait` (>= 0), returns
  // kStillRunning when nothing ended within that time.
  int wait_one(ProcessResult* result, std::chrono::milliseconds max_wait = std::chrono::milliseconds(-1));
  static constexpr int kStillRunning = -2;
  void kill_all();  // SIGTERM, then SIGKILL, and reap

 private:
  struct Impl;
  Impl* impl_;
};

// Finds PROGRAM in PATH (or checks it when it contains a '/'); empty when not found.
std::string find_program(const std::string& program);

// Quotes argv for display (shell-like quoting, for humans and for copy-paste; never executed).
std::string format_command(const std::vector<std::string>& argv);

}  // namespace kbuild
