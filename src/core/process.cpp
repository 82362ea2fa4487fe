#include "core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/pidfd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "core/signals.h"

extern char** environ;

namespace kbuild {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kKillGrace = std::chrono::seconds(2);

struct Child {
  pid_t pid = -1;
  int pidfd = -1;
  int out_fd = -1, err_fd = -1;
  bool group = false;
  bool exited = false;
  int status = 0;
  std::function<void(std::string_view)> on_stdout;
  Clock::time_point started;
  std::optional<Clock::time_point> deadline;       // timeout: SIGTERM then
  std::optional<Clock::time_point> kill_deadline;  // after SIGTERM: SIGKILL then
  ProcessResult result;
};

void close_fd(int* fd) {
  if (*fd >= 0) ::close(*fd);
  *fd = -1;
}

std::vector<std::string> make_env(const ProcessSpec& spec) {
  std::vector<std::string> env;
  for (char** e = environ; e && *e; ++e) {
    std::string_view entry(*e);
    bool replaced = false;
    for (const auto& [name, value] : spec.env_set) {
      if (entry.size() > name.size() && entry.substr(0, name.size()) == name &&
          entry[name.size()] == '=')
        replaced = true;
    }
    if (!replaced) env.emplace_back(entry);
  }
  for (const auto& [name, value] : spec.env_set) env.push_back(name + "=" + value);
  return env;
}

// Reads what is available from *fd into *sink (or hands it to *stream); closes it at EOF.
void drain(int* fd, std::string* sink, const std::function<void(std::string_view)>* stream = nullptr) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(*fd, buf, sizeof buf);
    if (n > 0) {
      if (stream && *stream)
        (*stream)(std::string_view(buf, static_cast<size_t>(n)));
      else
        sink->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    close_fd(fd);  // EOF or a real error
    return;
  }
}

void send_signal(const Child& c, int sig) {
  if (c.exited) return;
  if (c.group)
    ::kill(-c.pid, sig);
  else
    ::kill(c.pid, sig);
}

void kill_own_group(int) { ::kill(0, SIGKILL); }

// Called in a child that leads a process group of its own, just before exec: it forks once more
// and stays behind as the group's guard while the new process (for which this returns 0) runs
// the program. PR_SET_PDEATHSIG is not inherited by the program's own children (the compiler
// ccache or distcc starts), so the guard turns kbuild's death, kill -9 included, into SIGKILL for
// the whole group. Otherwise the guard waits for the program and ends as it ended, so kbuild sees
// the program's status. Returns an errno when the fork fails. Async-signal-safe calls only.
int guard_process_group(pid_t kbuild, int exec_pipe_write) {
  struct sigaction kill_group {};
  kill_group.sa_handler = kill_own_group;
  ::sigaction(SIGUSR1, &kill_group, nullptr);
  if (::prctl(PR_SET_PDEATHSIG, SIGUSR1) != 0 || ::getppid() != kbuild) ::kill(0, SIGKILL);
  pid_t guard = ::getpid();
  // Named before the fork, so no one ever sees the guard called kbuild: the program inherits the
  // name only until its exec.
  ::prctl(PR_SET_NAME, "kbuild-guard");
  pid_t program = ::fork();
  if (program < 0) return errno;
  if (program == 0) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(SIGUSR1, &dfl, nullptr);
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != guard) ::_exit(127);
    return 0;
  }
  // kbuild learns whether the program started from the pipe, which only the program now holds.
  // The guard keeps no other file either (a build directory's lock, output pipes): it is not the
  // program, and must hold nothing kbuild or a test counts.
  (void)exec_pipe_write;
  if (::syscall(SYS_close_range, 0u, ~0u, 0u) != 0) {  // a kernel before 5.9: one at a time
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);  // a plain system call, safe after fork
    rlim_t end = files.rlim_cur > 0 && files.rlim_cur < 65536 ? files.rlim_cur : 65536;
    for (rlim_t fd = 0; fd < end; ++fd) ::close(static_cast<int>(fd));
  }
  // kbuild's SIGTERM (a timeout, Ctrl-C) is for the program; the SIGKILL that may follow reaches
  // the whole group.
  struct sigaction ignore {};
  ignore.sa_handler = SIG_IGN;
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) ::sigaction(sig, &ignore, nullptr);
  int status = 0;
  while (::waitpid(program, &status, 0) < 0 && errno == EINTR) {
  }
  if (WIFSIGNALED(status)) {
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    ::sigaction(WTERMSIG(status), &dfl, nullptr);
    ::kill(guard, WTERMSIG(status));
  }
  ::_exit(WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
}

}  // namespace

std::string ProcessResult::describe() const {
  if (!started) return "not started: " + start_error;
  if (interrupted) return "interrupted";
  if (timed_out) return fmt::format("timed out after {:.1f} s", timeout_seconds > 0 ? timeout_seconds : seconds);
  if (term_signal) return fmt::format("killed by signal {} ({})", term_signal, strsignal(term_signal));
  return fmt::format("exit status {}", exit_code);
}

std::string find_program(const std::string& program) {
  if (program.empty()) return {};
  auto executable = [](const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(path.c_str(), X_OK) == 0;
  };
  if (program.find('/') != std::string::npos) return executable(program) ? program : std::string();
  const char* path = std::getenv("PATH");
  std::string_view dirs = path ? path : "/usr/local/bin:/usr/bin:/bin";
  while (true) {
    size_t colon = dirs.find(':');
    std::string dir(dirs.substr(0, colon));
    std::string candidate = (dir.empty() ? std::string(".") : dir) + "/" + program;
    if (executable(candidate)) return candidate;
    if (colon == std::string_view::npos) return {};
    dirs.remove_prefix(colon + 1);
  }
}

std::string format_command(const std::vector<std::string>& argv) {
  std::string out;
  for (const auto& arg : argv) {
    if (!out.empty()) out += ' ';
    bool plain = !arg.empty() &&
                 arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                       "0123456789-_./=:,+%@^") == std::string::npos;
    if (plain) {
      out += arg;
    } else {
      out += '\'';
      for (char ch : arg) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
      out += '\'';
    }
  }
  return out;
}

struct ProcessSet::Impl {
  std::map<int, Child> children;
  int next_id = 0;

  void finish(Child& c) {
    if (c.out_fd >= 0) drain(&c.out_fd, &c.result.out, &c.on_stdout);
    if (c.err_fd >= 0) drain(&c.err_fd, &c.result.err);
    close_fd(&c.out_fd);
    close_fd(&c.err_fd);
    close_fd(&c.pidfd);
    c.result.seconds = std::chrono::duration<double>(Clock::now() - c.started).count();
    if (WIFEXITED(c.status)) c.result.exit_code = WEXITSTATUS(c.status);
    if (WIFSIGNALED(c.status)) c.result.term_signal = WTERMSIG(c.status);
  }

  // Reaps `c` if it has exited; true when it has.
  bool try_reap(Child& c) {
    if (c.exited) return true;
    int status = 0;
    pid_t r = ::waitpid(c.pid, &status, WNOHANG);
    if (r == c.pid) {
      c.exited = true;
      c.status = status;
      return true;
    }
    return false;
  }
};

ProcessSet::ProcessSet() : impl_(new Impl) {}

ProcessSet::~ProcessSet() {
  kill_all();
  delete impl_;
}

size_t ProcessSet::running() const { return impl_->children.size(); }

int ProcessSet::start(const ProcessSpec& spec, std::string* err) {
  if (spec.argv.empty()) {
    *err = "no command to run";
    return -1;
  }
  std::string program = find_program(spec.argv[0]);
  if (program.empty()) {
    *err = spec.argv[0] + ": command not found";
    return -1;
  }
  int out_pipe[2] = {-1, -1}, err_pipe[2] = {-1, -1}, exec_pipe[2] = {-1, -1};
  bool capture = spec.output != ProcessSpec::Output::inherit || spec.on_stdout;
  bool separate_err = spec.output == ProcessSpec::Output::capture ||
                      (spec.on_stdout && spec.output == ProcessSpec::Output::merge);
  bool inherit_err = spec.output == ProcessSpec::Output::inherit;
  if ((capture && pipe2(out_pipe, O_CLOEXEC) != 0) || (separate_err && pipe2(err_pipe, O_CLOEXEC) != 0) ||
      pipe2(exec_pipe, O_CLOEXEC) != 0) {
    *err = std::string("cannot create a pipe: ") + strerror(errno);
    for (int* p : {out_pipe, err_pipe, exec_pipe}) {
      close_fd(&p[0]);
      close_fd(&p[1]);
    }
    return -1;
  }

  // Everything the child needs is prepared before fork: the child only calls async-signal-safe
  // functions.
  std::vector<std::string> env = make_env(spec);
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string cwd = spec.cwd ? spec.cwd->string() : std::string();
  pid_t parent = ::getpid();

  pid_t pid = ::fork();
  if (pid < 0) {
    *err = std::string("cannot fork: ") + strerror(errno);
    for (int* p : {out_pipe, err_pipe, exec_pipe}) {
      close_fd(&p[0]);
      close_fd(&p[1]);
    }
    return -1;
  }
  if (pid == 0) {
    // The child dies with kbuild, even with kill -9, so no QEMU or compiler outlives it. If kbuild
    // died before this took effect, the child has been adopted already: leave at once.
    if (::prctl(PR_SET_PDEATHSIG, SIGKILL) != 0 || ::getppid() != parent) ::_exit(127);
    if (spec.new_process_group) ::setpgid(0, 0);
    // Restore what kbuild changed for itself.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaction(sig, &dfl, nullptr);
    if (spec.stdin_null) {
      int null_fd = ::open("/dev/null", O_RDONLY);
      if (null_fd >= 0) ::dup2(null_fd, STDIN_FILENO);
    }
    if (capture) {
      ::dup2(out_pipe[1], STDOUT_FILENO);
      if (!inherit_err) ::dup2(separate_err ? err_pipe[1] : out_pipe[1], STDERR_FILENO);
    }
    int e = 0;
    if (!cwd.empty() && ::chdir(cwd.c_str()) != 0) {
      e = errno;
    } else if (spec.new_process_group && (e = guard_process_group(parent, exec_pipe[1])) != 0) {
    } else {
      ::execve(program.c_str(), argv.data(), envp.data());
      e = errno;
    }
    [[maybe_unused]] ssize_t n = ::write(exec_pipe[1], &e, sizeof e);
    ::_exit(127);
  }

  close_fd(&out_pipe[1]);
  close_fd(&err_pipe[1]);
  close_fd(&exec_pipe[1]);
  int child_errno = 0;
  ssize_t n;
  do n = ::read(exec_pipe[0], &child_errno, sizeof child_errno);
  while (n < 0 && errno == EINTR);
  close_fd(&exec_pipe[0]);
  if (n == sizeof child_errno) {
    int status;
    ::waitpid(pid, &status, 0);
    close_fd(&out_pipe[0]);
    close_fd(&err_pipe[0]);
    if (child_errno == ENOENT && !cwd.empty())
      *err = fmt::format("cannot run {} in {}: {}", spec.argv[0], cwd, strerror(child_errno));
    else
      *err = fmt::format("cannot run {}: {}", spec.argv[0], strerror(child_errno));
    return -1;
  }

  Child c;
  c.pid = pid;
  c.group = spec.new_process_group;
  c.pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  c.out_fd = out_pipe[0];
  c.on_stdout = spec.on_stdout;
  c.err_fd = err_pipe[0];
  for (int fd : {c.out_fd, c.err_fd})
    if (fd >= 0) ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  c.started = Clock::now();
  if (spec.timeout.count() > 0) c.deadline = c.started + spec.timeout;
  c.result.started = true;
  int id = impl_->next_id++;
  impl_->children.emplace(id, std::move(c));
  return id;
}

int ProcessSet::wait_one(ProcessResult* result, std::chrono::milliseconds max_wait) {
  auto& children = impl_->children;
  std::optional<Clock::time_point> give_up;
  if (max_wait.count() >= 0) give_up = Clock::now() + max_wait;
  while (!children.empty()) {
    if (interrupted()) return -1;
    auto now = Clock::now();
    // A child is done once it has exited; finish() then drains what its pipes still hold (a
    // grandchild that keeps a pipe open must not keep us waiting).
    for (auto it = children.begin(); it != children.end(); ++it) {
      Child& c = it->second;
      if (c.deadline && now >= *c.deadline && !c.kill_deadline) {
        c.result.timed_out = true;
        c.result.timeout_seconds = std::chrono::duration<double>(*c.deadline - c.started).count();
        send_signal(c, SIGTERM);
        c.kill_deadline = now + kKillGrace;
      }
      if (c.kill_deadline && now >= *c.kill_deadline) send_signal(c, SIGKILL);
      if (impl_->try_reap(c)) {
        impl_->finish(c);
        int id = it->first;
        *result = std::move(c.result);
        children.erase(it);
        return id;
      }
    }
    std::vector<pollfd> fds;
    std::vector<std::pair<Child*, int*>> owners;
    bool have_pidfds = true;
    for (auto& [id, c] : children) {
      for (int* fd : {&c.out_fd, &c.err_fd}) {
        if (*fd < 0) continue;
        fds.push_back({*fd, POLLIN, 0});
        owners.push_back({&c, fd});
      }
      if (c.pidfd >= 0) {
        fds.push_back({c.pidfd, POLLIN, 0});
        owners.push_back({&c, nullptr});
      } else {
        have_pidfds = false;
      }
    }
    if (interrupt_fd() >= 0) {
      fds.push_back({interrupt_fd(), POLLIN, 0});
      owners.push_back({nullptr, nullptr});
    }
    bool last_round = give_up && now >= *give_up;  // poll once without waiting, to drain pipes
    int timeout_ms = have_pidfds ? 1000 : 20;
    if (give_up) {
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*give_up - now).count();
      timeout_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(timeout_ms, ms)));
    }
    for (auto& [id, c] : children) {
      auto next = c.kill_deadline ? c.kill_deadline : c.deadline;
      if (next) {
        auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(*next - Clock::now()).count();
        timeout_ms = static_cast<int>(std::max<long long>(0, std::min<long long>(timeout_ms, ms + 1)));
      }
    }
    if (last_round) timeout_ms = 0;
    int r = ::poll(fds.data(), fds.size(), timeout_ms);
    if (r < 0 && errno != EINTR) return -1;
    for (size_t i = 0; r > 0 && i < fds.size(); ++i) {
      if (!fds[i].revents || !owners[i].second) continue;
      Child* c = owners[i].first;
      if (owners[i].second == &c->out_fd)
        drain(&c->out_fd, &c->result.out, &c->on_stdout);
      else
        drain(&c->err_fd, &c->result.err);
    }
    if (last_round) return kStillRunning;
  }
  return -1;
}

void ProcessSet::kill_all() {
  auto& children = impl_->children;
  if (children.empty()) return;
  for (auto& [id, c] : children)
    if (!impl_->try_reap(c)) send_signal(c, SIGTERM);
  auto give_up = Clock::now() + kKillGrace;
  for (auto& [id, c] : children) {
    while (!impl_->try_reap(c)) {
      // A second Ctrl-C while we wait: no more grace.
      if (Clock::now() >= give_up || interrupt_count() > 1) {
        send_signal(c, SIGKILL);
        int status;
        ::waitpid(c.pid, &status, 0);
        c.exited = true;
        break;
      }
      ::usleep(5000);
    }
    impl_->finish(c);
  }
  children.clear();
}

bool run_process(const ProcessSpec& spec, ProcessResult* result, std::string* err) {
  ProcessSet set;
  *result = ProcessResult{};
  if (set.start(spec, err) < 0) {
    result->start_error = *err;
    return false;
  }
  if (set.wait_one(result) < 0) {
    set.kill_all();
    result->started = true;
    result->interrupted = interrupted();
  }
  return true;
}

}  // namespace kbuild
