// compiler-launcher = ["distcc"] sends kbuild's compiles to a distcc daemon: a real distccd on a
// free port of 127.0.0.1, started and stopped by the test (it dies with the test process too), and
// its log shows the compiles it ran. The kernel built so then boots.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "cli_harness.h"
#include "core/unique_fd.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A TCP port of 127.0.0.1 nobody listens on (the kernel's choice for port 0), or 0.
int free_port() {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) return 0;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd.get(), reinterpret_cast<sockaddr*>(&addr), &size) != 0)
    return 0;
  return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
  UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(static_cast<uint16_t>(port));
  return fd && ::connect(fd.get(), reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
}

std::string read_log(const fs::path& path) {
  std::string text, err;
  return read_file(path, &text, &err) ? text : err;
}

TEST_F(CliTest, DistccLauncherSendsCompilesToTheDaemon) {
  if (find_program("distcc").empty() || find_program("distccd").empty())
    GTEST_SKIP() << "distcc not installed (Debian's distcc package)";
  int port = free_port();
  ASSERT_GT(port, 0);
  // Started as root, distccd runs as the user distccd, which opens the log and its temporary
  // files itself: they go in a directory of the daemon's own directly under /tmp, since $TMPDIR
  // (scripts/test makes one of mode 0700) may be closed to other users. Removed at the end.
  struct DaemonDir {
    fs::path path;
    ~DaemonDir() {
      std::error_code ec;
      if (!path.empty()) fs::remove_all(path, ec);
    }
  } daemon_dir;
  std::string pattern = "/tmp/kbuild-distccd-XXXXXX";
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
  daemon_dir.path = pattern;
  fs::permissions(daemon_dir.path, fs::perms::all);
  fs::path log = daemon_dir.path / "distccd.log";
  ProcessSet daemon;  // its destructor stops distccd and every worker it forked (one process group)
  ProcessSpec spec;
  spec.argv = {"distccd", "--daemon", "--no-detach", "--allow", "127.0.0.1", "--listen", "127.0.0.1",
               "--port", std::to_string(port), "--jobs", "2", "--log-level", "info",
               "--log-file", log.string()};
  spec.new_process_group = true;
  spec.output = ProcessSpec::Output::merge;
  spec.env_set = {{"TMPDIR", daemon_dir.path.string()}};
  std::string err;
  ASSERT_GE(daemon.start(spec, &err), 0) << err;
  bool listening = false;
  for (auto give_up = std::chrono::steady_clock::now() + 60s;
       !listening && std::chrono::steady_clock::now() < give_up;) {
    listening = accepts_connections(port);
    if (!listening) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(listening) << "distccd does not listen on port " << port << "\n" << read_log(log);

  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  std::string toml = read("k/kernel.toml");
  toml.replace(toml.find("[kernel]\n"), 9, "[kernel]\ncompiler-launcher = [\"distcc\"]\n");
  write("k/kernel.toml", toml);
  ProcessSpec build;
  build.argv = {KBUILD_BINARY, "-v", "build"};
  build.cwd = dir_ / "k";
  build.output = ProcessSpec::Output::capture;
  build.timeout = std::chrono::minutes(5);
  // Only the daemon: no compiling here when it fails, and distcc's state in the scratch directory.
  build.env_set = {{"NO_COLOR", "1"},
                   {"DISTCC_HOSTS", "127.0.0.1:" + std::to_string(port)},
                   {"DISTCC_FALLBACK", "0"},
                   {"DISTCC_VERBOSE", "1"},
                   {"DISTCC_DIR", (dir_ / "distcc-state").string()}};
  fs::create_directories(dir_ / "distcc-state");
  ProcessResult built;
  ASSERT_TRUE(run_process(build, &built, &err)) << err;
  ASSERT_EQ(built.exit_code, 0) << built.out << built.err;
  EXPECT_NE(built.err.find("distcc clang++ --target=x86_64-unknown-none-elf"), std::string::npos) << built.err;

  // The daemon compiled the kernel's sources; the client says it sent them to it.
  std::string daemon_log = read_log(log);
  EXPECT_NE(daemon_log.find("COMPILE_OK"), std::string::npos) << daemon_log;
  EXPECT_NE(daemon_log.find("main.cpp"), std::string::npos) << daemon_log;
  EXPECT_NE(built.err.find("127.0.0.1:" + std::to_string(port)), std::string::npos) << built.err;

  CliRun run = kbuild({"run", "--headless", "--timeout", "120"}, dir_ / "k");
  EXPECT_EQ(run.status, 0) << run.all();
  EXPECT_NE(run.out.find("Hello, world!"), std::string::npos) << run.all();
}

}  // namespace
}  // namespace kbuild::test
