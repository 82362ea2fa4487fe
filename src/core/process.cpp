#include "core/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/pidfd.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "core/child_guard.h"
#include "core/signals.h"
#include "core/unique_fd.h"

extern char** environ;

namespace kbuild {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto kKillGrace = std::chrono::seconds(2);

struct Child {
  pid_t pid = -1;
  UniqueFd pidfd;
  UniqueFd out_fd, err_fd;
  bool group = false;
  bool exited = false;
  int status = 0;
  std::function<void(std::string_view)> on_stdout;
  Clock::time_point started;
  std::optional<Clock::time_point> deadline;       // timeout: SIGTERM then
  std::optional<Clock::time_point> kill_deadline;  // after SIGTERM: SIGKILL then
  ProcessResult result;
};

struct Pipe {
  UniqueFd read, write;
  bool open() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    read.reset(fds[0]);
    write.reset(fds[1]);
    return true;
  }
};

struct SpawnActions {
  posix_spawn_file_actions_t value;
  SpawnActions() { posix_spawn_file_actions_init(&value); }
  ~SpawnActions() { posix_spawn_file_actions_destroy(&value); }
  SpawnActions(const SpawnActions&) = delete;
  SpawnActions& operator=(const SpawnActions&) = delete;
};

struct SpawnAttributes {
  posix_spawnattr_t value;
  SpawnAttributes() { posix_spawnattr_init(&value); }
  ~SpawnAttributes() { posix_spawnattr_destroy(&value); }
  SpawnAttributes(const SpawnAttributes&) = delete;
  SpawnAttributes& operator=(const SpawnAttributes&) = delete;
};

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
void drain(UniqueFd* fd, std::string* sink, const std::function<void(std::string_view)>* stream = nullptr) {
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd->get(), buf, sizeof buf);
    if (n > 0) {
      if (stream && *stream)
        (*stream)(std::string_view(buf, static_cast<size_t>(n)));
      else
        sink->append(buf, static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    fd->reset();  // EOF or a real error
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

}  // namespace

std::string ProcessResult::describe() const {
  if (!started) return "not started: " + start_error;
  if (interrupted) return "interrupted";
  if (timed_out) return fmt::format("timed out after {:.1f} s", seconds);
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
    if (c.out_fd) drain(&c.out_fd, &c.result.out, &c.on_stdout);
    if (c.err_fd) drain(&c.err_fd, &c.result.err);
    c.out_fd.reset();
    c.err_fd.reset();
    c.pidfd.reset();
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
  bool capture = spec.output != ProcessSpec::Output::inherit || spec.on_stdout;
  bool separate_err = spec.output == ProcessSpec::Output::capture ||
                      (spec.on_stdout && spec.output == ProcessSpec::Output::merge);
  bool inherit_err = spec.output == ProcessSpec::Output::inherit;
  Pipe out_pipe, err_pipe;
  if ((capture && !out_pipe.open()) || (separate_err && !err_pipe.open())) {
    *err = std::string("cannot create a pipe: ") + strerror(errno);
    return -1;
  }

  std::vector<std::string> env = make_env(spec);
  std::vector<char*> envp, argv;
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> args = spec.argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::string cwd = spec.cwd ? spec.cwd->string() : std::string();

  SpawnActions actions;
  if (spec.stdin_null) posix_spawn_file_actions_addopen(&actions.value, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  if (capture) {
    posix_spawn_file_actions_adddup2(&actions.value, out_pipe.write.get(), STDOUT_FILENO);
    if (!inherit_err)
      posix_spawn_file_actions_adddup2(&actions.value, separate_err ? err_pipe.write.get() : out_pipe.write.get(),
                                       STDERR_FILENO);
  }
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&actions.value, cwd.c_str());
  // Restore what kbuild changed for itself: its signal handlers, SIGPIPE ignored, any mask.
  SpawnAttributes attributes;
  sigset_t defaults, none;
  sigemptyset(&defaults);
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGPIPE}) sigaddset(&defaults, sig);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attributes.value, &defaults);
  posix_spawnattr_setsigmask(&attributes.value, &none);
  short flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK;
  if (spec.new_process_group) {
    flags |= POSIX_SPAWN_SETPGROUP;
    posix_spawnattr_setpgroup(&attributes.value, 0);
  }
  posix_spawnattr_setflags(&attributes.value, flags);

  pid_t pid = -1;
  int e = ::posix_spawn(&pid, program.c_str(), &actions.value, &attributes.value, argv.data(), envp.data());
  if (e != 0) {
    if (e == ENOENT && !cwd.empty())
      *err = fmt::format("cannot run {} in {}: {}", spec.argv[0], cwd, strerror(e));
    else
      *err = fmt::format("cannot run {}: {}", spec.argv[0], strerror(e));
    return -1;
  }
  guard_child(pid, spec.new_process_group);

  Child c;
  c.pid = pid;
  c.group = spec.new_process_group;
  c.pidfd.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  c.out_fd = std::move(out_pipe.read);
  c.on_stdout = spec.on_stdout;
  c.err_fd = std::move(err_pipe.read);
  for (const UniqueFd* fd : {&c.out_fd, &c.err_fd})
    if (fd->valid()) ::fcntl(fd->get(), F_SETFL, ::fcntl(fd->get(), F_GETFL) | O_NONBLOCK);
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
    std::vector<std::pair<Child*, UniqueFd*>> owners;
    bool have_pidfds = true;
    for (auto& [id, c] : children) {
      for (UniqueFd* fd : {&c.out_fd, &c.err_fd}) {
        if (!*fd) continue;
        fds.push_back({fd->get(), POLLIN, 0});
        owners.push_back({&c, fd});
      }
      if (c.pidfd) {
        fds.push_back({c.pidfd.get(), POLLIN, 0});
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
