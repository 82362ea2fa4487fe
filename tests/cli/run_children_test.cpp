// QEMU never outlives kbuild: not after kill -9 of kbuild (the child has PR_SET_PDEATHSIG), and
// not after Ctrl-C pressed twice (the second cuts the cleanup short but still lets it finish).
// Nor does the compiler a launcher such as ccache starts.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "cli_harness.h"

extern char** environ;

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::string_view kSpinningKernel =
    "#include <kbuild/boot.h>\n"
    "extern \"C\" void kernel_main(const kbuild_boot_info*) { for (;;) __asm__ volatile(\"pause\"); }\n";

// kbuild started in the background, with its own pid, output into a file.
class Background {
 public:
  Background(std::vector<std::string> args, const fs::path& cwd, const fs::path& tmpdir, const fs::path& log,
             std::vector<std::string> more_env = {}) {
    std::vector<std::string> env;
    for (char** e = environ; *e; ++e)
      if (std::string_view(*e).rfind("TMPDIR=", 0) != 0) env.emplace_back(*e);
    env.push_back("TMPDIR=" + tmpdir.string());
    env.insert(env.end(), more_env.begin(), more_env.end());
    env.push_back("NO_COLOR=1");
    args.insert(args.begin(), KBUILD_BINARY);
    std::vector<char*> argv, envp;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addchdir_np(&actions, cwd.c_str());
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data()) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&actions);
  }
  ~Background() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      wait();
    }
  }
  pid_t pid() const { return pid_; }
  // Its exit status (128 + signal when killed).
  int wait() {
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFSIGNALED(status) ? 128 + WTERMSIG(status) : WEXITSTATUS(status);
  }

 private:
  pid_t pid_ = -1;
};

// Field `index` (1-based, after the command name) of /proc/PID/stat, or empty.
std::string stat_field(pid_t pid, int index) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t at = text.rfind(')');
  if (at == std::string::npos) return {};
  std::istringstream fields(text.substr(at + 2));
  std::string field;
  for (int i = 0; i < index && fields >> field; ++i) {
  }
  return field;
}

std::string comm_of(pid_t pid) {
  std::ifstream comm("/proc/" + std::to_string(pid) + "/comm");
  std::string command;
  std::getline(comm, command);
  return command;
}

// Whether `ancestor` started `pid`, directly or through at most two processes between them (a
// process group's guard, a compiler launcher).
bool descends_from(pid_t pid, pid_t ancestor) {
  for (int depth = 0; depth < 3; ++depth) {
    std::string parent = stat_field(pid, 2);
    if (parent.empty() || parent.find_first_not_of("0123456789") != std::string::npos) return false;
    pid = std::stoi(parent);
    if (pid == ancestor) return true;
  }
  return false;
}

// The pid of a process whose name starts with `prefix` that `ancestor` started (and, when
// `parent_comm` is given, whose parent has that name), waiting up to a minute for it to appear
// (kbuild builds first); -1 when none did.
pid_t started_by(pid_t ancestor, std::string_view prefix, std::string_view parent_comm = {}) {
  for (auto give_up = std::chrono::steady_clock::now() + 60s; std::chrono::steady_clock::now() < give_up;) {
    for (const auto& entry : fs::directory_iterator("/proc")) {
      std::string name = entry.path().filename();
      if (name.find_first_not_of("0123456789") != std::string::npos) continue;
      pid_t pid = std::stoi(name);
      if (comm_of(pid).rfind(prefix, 0) != 0 || !descends_from(pid, ancestor)) continue;
      std::string parent = stat_field(pid, 2);
      if (!parent_comm.empty() && (parent.empty() || comm_of(std::stoi(parent)) != parent_comm)) continue;
      return pid;
    }
    std::this_thread::sleep_for(20ms);
  }
  return -1;
}

pid_t qemu_child_of(pid_t parent) { return started_by(parent, "qemu-system"); }

// Whether `pid` is gone (or a zombie nobody reaped yet), waiting up to 10 s for it.
bool gone(pid_t pid) {
  for (auto give_up = std::chrono::steady_clock::now() + 10s; std::chrono::steady_clock::now() < give_up;) {
    std::string state = stat_field(pid, 1);
    if (state.empty() || state == "Z" || state == "X") return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

class ChildrenTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    ASSERT_EQ(kbuild({"new", "spin"}).status, 0);
    write("spin/src/main.cpp", kSpinningKernel);
    write("spin/tests/spins.cpp", kSpinningKernel);
    fs::create_directories(dir_ / "tmp");
  }
  std::string log() { return read("kbuild.log"); }
};

TEST_F(ChildrenTest, KillingKbuildRunKillsQemu) {
  Background kbuild({"run", "--headless"}, dir_ / "spin", dir_ / "tmp", dir_ / "kbuild.log");
  ASSERT_GT(kbuild.pid(), 0);
  pid_t qemu = qemu_child_of(kbuild.pid());
  ASSERT_GT(qemu, 0) << log();
  ::kill(kbuild.pid(), SIGKILL);
  EXPECT_EQ(kbuild.wait(), 128 + SIGKILL);
  EXPECT_TRUE(gone(qemu)) << "QEMU (pid " << qemu << ") outlived kbuild";
}

TEST_F(ChildrenTest, KillingKbuildTestKillsQemu) {
  Background kbuild({"test", "spins"}, dir_ / "spin", dir_ / "tmp", dir_ / "kbuild.log");
  ASSERT_GT(kbuild.pid(), 0);
  pid_t qemu = qemu_child_of(kbuild.pid());
  ASSERT_GT(qemu, 0) << log();
  ::kill(kbuild.pid(), SIGKILL);
  EXPECT_EQ(kbuild.wait(), 128 + SIGKILL);
  EXPECT_TRUE(gone(qemu)) << "QEMU (pid " << qemu << ") outlived kbuild";
}

// A source whose compile takes minutes: a constant expression of billions of steps.
constexpr std::string_view kSlowSource =
    "constexpr unsigned long spin() {\n"
    "  unsigned long x = 0;\n"
    "  for (unsigned long i = 0; i < (1ul << 40); ++i) x += i ^ (x >> 3);\n"
    "  return x;\n"
    "}\n"
    "static_assert(spin() != 1);\n";

TEST_F(ChildrenTest, KillingKbuildKillsTheCompilerCcacheStarted) {
  if (find_program("ccache").empty()) GTEST_SKIP() << "ccache not installed";
  write("spin/src/slow.cpp", kSlowSource);
  std::string toml = read("spin/kernel.toml");
  toml.replace(toml.find("[kernel]\n"), 9,
               "[kernel]\ncompiler-launcher = [\"ccache\"]\ncxxflags = [\"-fconstexpr-steps=2147483647\"]\n");
  write("spin/kernel.toml", toml);
  Background kbuild({"build", "-j", "1"}, dir_ / "spin", dir_ / "tmp", dir_ / "kbuild.log",
                    {"CCACHE_DIR=" + (dir_ / "ccache").string()});
  ASSERT_GT(kbuild.pid(), 0);
  // kbuild, then (through the group's guard) ccache, then the compiler ccache started.
  pid_t compiler = started_by(kbuild.pid(), "clang", "ccache");
  ASSERT_GT(compiler, 0) << log();
  ::kill(kbuild.pid(), SIGKILL);
  EXPECT_EQ(kbuild.wait(), 128 + SIGKILL);
  bool compiler_gone = gone(compiler);
  if (!compiler_gone) ::kill(compiler, SIGKILL);
  EXPECT_TRUE(compiler_gone) << "the compiler ccache started (pid " << compiler << ") outlived kbuild";
}

// The access mode (O_RDONLY, O_WRONLY, O_RDWR) of each fd `pid` holds on `file`.
std::vector<int> open_modes(pid_t pid, const fs::path& file) {
  std::vector<int> modes;
  fs::path fds = fs::path("/proc") / std::to_string(pid) / "fd";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(fds, ec)) {
    if (fs::read_symlink(entry.path(), ec) != file) continue;
    std::ifstream info(fs::path("/proc") / std::to_string(pid) / "fdinfo" / entry.path().filename());
    for (std::string line; std::getline(info, line);)
      if (line.rfind("flags:", 0) == 0) modes.push_back(std::stoi(line.substr(6), nullptr, 8) & O_ACCMODE);
  }
  return modes;
}

TEST_F(ChildrenTest, TestRunsOpenTheImageReadOnly) {
  Background kbuild({"test", "spins"}, dir_ / "spin", dir_ / "tmp", dir_ / "kbuild.log");
  ASSERT_GT(kbuild.pid(), 0);
  pid_t qemu = qemu_child_of(kbuild.pid());
  ASSERT_GT(qemu, 0) << log();
  fs::path image = dir_ / "spin/build/dev/tests/spins.img";
  std::vector<int> modes;
  // QEMU opens its drives while it starts up.
  for (auto give_up = std::chrono::steady_clock::now() + 30s;
       modes.empty() && std::chrono::steady_clock::now() < give_up;)
    modes = open_modes(qemu, image);
  ASSERT_FALSE(modes.empty()) << "QEMU does not hold " << image << "\n" << log();
  for (int mode : modes) EXPECT_EQ(mode, O_RDONLY) << image;
}

TEST_F(ChildrenTest, CtrlCTwiceStillCleansUp) {
  Background kbuild({"run", "--headless"}, dir_ / "spin", dir_ / "tmp", dir_ / "kbuild.log");
  ASSERT_GT(kbuild.pid(), 0);
  pid_t qemu = qemu_child_of(kbuild.pid());
  ASSERT_GT(qemu, 0) << log();
  ::kill(kbuild.pid(), SIGINT);
  // Two signals sent at once may arrive as one: leave kbuild a moment to begin its cleanup.
  std::this_thread::sleep_for(5ms);
  ::kill(kbuild.pid(), SIGINT);
  EXPECT_EQ(kbuild.wait(), 130) << log();
  EXPECT_TRUE(gone(qemu)) << "QEMU (pid " << qemu << ") outlived kbuild";
  EXPECT_TRUE(fs::is_empty(dir_ / "tmp")) << "kbuild left its temporary directory behind";
}

}  // namespace
}  // namespace kbuild::test
