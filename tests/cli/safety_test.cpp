// Hostile input through the real binary: names that look like options, odd files where kbuild
// reads or writes, builds that run at once or were killed.
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <cstring>
#include <fstream>
#include <map>

#include "cli_harness.h"

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

constexpr const char* kKernelMain =
    "#include <kbuild/boot.h>\nextern \"C\" void kernel_main(const kbuild_boot_info*) {}\n";

TEST_F(CliTest, ASourceNamedLikeAnOptionIsCompiledAsASource) {
  write("p/kernel.toml", "[kernel]\nname = \"p\"\nsources = [\"*.cpp\"]\n");
  write("p/-ofoo.cpp", kKernelMain);
  CliRun r = kbuild({"-v", "build"}, dir_ / "p");
  ASSERT_EQ(r.status, 0) << r.all();
  EXPECT_NE(r.err.find(" -c ./-ofoo.cpp "), std::string::npos) << r.err;
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/obj/-ofoo.cpp.o"));
  EXPECT_TRUE(fs::exists(dir_ / "p/build/dev/p.elf"));
  EXPECT_FALSE(fs::exists(dir_ / "p/foo.cpp")) << "clang took the source for -o";
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {

TEST_F(CliTest, AManifestThatIsADeviceAFifoOrHugeIsRefusedAtOnce) {
  CliRun zero = kbuild({"build", "--manifest-path", "/dev/zero"});
  EXPECT_EQ(zero.status, 1) << zero.all();
  EXPECT_EQ(zero.err, "error: cannot read /dev/zero: it is a character device, not a regular file\n");

  std::filesystem::path fifo = dir_ / "kernel.toml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  CliRun pipe = kbuild({"build", "--manifest-path", fifo.string()});  // nobody ever writes to it
  EXPECT_EQ(pipe.status, 1) << pipe.all();
  EXPECT_NE(pipe.err.find("it is a FIFO, not a regular file"), std::string::npos) << pipe.err;

  std::filesystem::remove(fifo);
  write("kernel.toml", "[kernel]\nname = \"big\"\n");
  std::filesystem::resize_file(fifo, (1u << 20) + 1);
  CliRun big = kbuild({"build"});
  EXPECT_EQ(big.status, 1) << big.all();
  EXPECT_NE(big.err.find("kernel.toml: it is larger than 1 MiB"), std::string::npos) << big.err;
  EXPECT_EQ(count_lines_containing(big.err, ""), 1u) << big.err;
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

// How many kbuild processes have `lock` open: a build that has reached its lock holds it open
// while it waits.
size_t kbuilds_holding(const fs::path& lock) {
  size_t n = 0;
  std::error_code ec;
  for (const auto& proc : fs::directory_iterator("/proc", ec)) {
    std::string comm, err;
    if (!read_file(proc.path() / "comm", &comm, &err) || comm != "kbuild\n") continue;
    std::error_code fd_ec;
    for (const auto& fd : fs::directory_iterator(proc.path() / "fd", fd_ec)) {
      std::error_code link_ec;
      if (fs::read_symlink(fd.path(), link_ec) == lock) {
        ++n;
        break;
      }
    }
  }
  return n;
}

// A project whose compiles all go through gate.sh: each records "started.<its pid>" holding
// the pid of the kbuild that ran it, then waits for the file "go" before running the compiler.
class GatedBuild : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    gate_ = dir_ / "gate";
    fs::create_directories(gate_);
    // Compiles run behind a guard process (see process.cpp): the kbuild is then its parent.
    write("gate.sh", "kbuild=$PPID\n"
                     "[ \"$(cat /proc/$PPID/comm)\" = kbuild-guard ] && kbuild=$(cut -d' ' -f4 /proc/$PPID/stat)\n"
                     "echo $kbuild > '" + gate_.string() + "/started.'$$\n"
                     "while [ ! -e '" + gate_.string() + "/go' ]; do sleep 0.02; done\n"
                     "exec \"$@\"\n");
    write("p/kernel.toml", "[kernel]\nname = \"p\"\ncompiler-launcher = [\"sh\", \"" +
                               (dir_ / "gate.sh").string() + "\"]\n");
    write("p/src/util.h", "#pragma once\ninline int util() { return 1; }\n");
    write("p/src/main.cpp", "#include <kbuild/boot.h>\n#include \"util.h\"\n"
                            "extern \"C\" void kernel_main(const kbuild_boot_info*) { util(); }\n");
    lock_ = dir_ / "p/build/dev/.kbuild-lock";
  }
  void TearDown() override {
    open_gate();  // never leave a compiler waiting
    CliTest::TearDown();
  }
  void open_gate() { std::ofstream(gate_ / "go") << ""; }
  int start_build(ProcessSet& set) {
    ProcessSpec spec;
    spec.argv = {KBUILD_BINARY, "build"};
    spec.cwd = dir_ / "p";
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::minutes(5);
    spec.env_set = {{"NO_COLOR", "1"}};
    std::string err;
    int id = set.start(spec, &err);
    EXPECT_GE(id, 0) << err;
    return id;
  }
  // The gate's started.<pid> files: the compile wrappers' pids and the kbuilds behind them.
  std::vector<std::pair<pid_t, pid_t>> started() {
    std::vector<std::pair<pid_t, pid_t>> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(gate_, ec)) {
      std::string name = entry.path().filename().string(), text, err;
      if (name.rfind("started.", 0) != 0 || !read_file(entry.path(), &text, &err) || text.empty()) continue;
      out.emplace_back(std::stoi(name.substr(8)), std::stoi(text));
    }
    return out;
  }
  template <class F>
  bool wait_for(F done) {
    for (int i = 0; i < 6000 && !done(); ++i) ::usleep(10000);
    return done();
  }

  fs::path gate_, lock_;
};

TEST_F(GatedBuild, TwoBuildsAtOnceTakeTurnsAndRecordEveryHeader) {
  ProcessSet set;
  int first = start_build(set);
  ASSERT_TRUE(wait_for([&] { return !started().empty(); })) << "the first build never compiled";
  int second = start_build(set);
  ASSERT_TRUE(wait_for([&] { return kbuilds_holding(lock_) == 2; }))
      << "the second build never reached the lock";
  open_gate();
  std::map<int, ProcessResult> results;
  for (int i = 0; i < 2; ++i) {
    ProcessResult r;
    int id = set.wait_one(&r);
    results[id] = r;
  }
  ASSERT_TRUE(results[first].ok()) << results[first].err;
  ASSERT_TRUE(results[second].ok()) << results[second].err;
  EXPECT_EQ(results[first].err.find("Blocking"), std::string::npos) << results[first].err;
  EXPECT_NE(results[second].err.find("Blocking waiting for file lock on build directory"),
            std::string::npos)
      << results[second].err;

  write("p/src/util.h", "#pragma once\ninline int util() { return 2; }\n");
  CliRun again = kbuild({"-v", "build"}, dir_ / "p");
  ASSERT_EQ(again.status, 0) << again.all();
  EXPECT_NE(again.err.find(" -c src/main.cpp "), std::string::npos)
      << "a header edit after two builds at once must rebuild its dependents:\n" << again.err;
}

TEST_F(GatedBuild, AfterKill9TheNextBuildWaitsForTheCompilersLeftRunning) {
  ProcessSet set;
  start_build(set);
  ASSERT_TRUE(wait_for([&] { return !started().empty(); })) << "the build never compiled";
  pid_t killed = started().front().second;
  ASSERT_EQ(::kill(killed, SIGKILL), 0);
  ProcessResult dead;
  set.wait_one(&dead);
  EXPECT_EQ(dead.term_signal, SIGKILL);

  int next = start_build(set);
  ASSERT_TRUE(wait_for([&] { return kbuilds_holding(lock_) == 1; }))
      << "the next build never reached the lock";
  // Children die with kbuild (PR_SET_PDEATHSIG), but one may still be on its way out. A zombie
  // has closed its files, the lock included, so only a process still running counts.
  auto running = [](pid_t pid) {
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    if (!std::getline(stat, line)) return false;
    size_t paren = line.rfind(')');
    return paren != std::string::npos && paren + 2 < line.size() && line[paren + 2] != 'Z' &&
           line[paren + 2] != 'X';
  };
  bool orphans_alive = false;
  for (auto [wrapper, parent] : started())
    if (parent == killed && running(wrapper)) orphans_alive = true;
  open_gate();
  ProcessResult r;
  ASSERT_EQ(set.wait_one(&r), next);
  ASSERT_TRUE(r.ok()) << r.err;
  if (orphans_alive)  // they hold the lock they inherited until they finish
    EXPECT_NE(r.err.find("Blocking waiting for file lock on build directory"), std::string::npos)
        << r.err;

  write("p/src/util.h", "#pragma once\ninline int util() { return 3; }\n");
  CliRun again = kbuild({"-v", "build"}, dir_ / "p");
  ASSERT_EQ(again.status, 0) << again.all();
  EXPECT_NE(again.err.find(" -c src/main.cpp "), std::string::npos) << again.err;
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

TEST_F(CliTest, ImageWritesThroughASymlinkAndNeverReplacesADevice) {
  ASSERT_EQ(kbuild({"new", "k"}).status, 0);
  CliRun built = kbuild({"build"}, dir_ / "k");
  ASSERT_EQ(built.status, 0) << built.all();
  std::string elf = (dir_ / "k/build/dev/k.elf").string();

  fs::create_symlink("real.img", dir_ / "link.img");
  CliRun linked = kbuild({"image", elf, "-o", "link.img"});
  ASSERT_EQ(linked.status, 0) << linked.all();
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.img"));
  std::string image = read("real.img");
  ASSERT_GE(image.size(), 512u);
  EXPECT_EQ(image.substr(510, 2), "\x55\xaa");

  fs::path device = dir_ / "disk";
  if (::mknod(device.c_str(), S_IFCHR | 0666, makedev(1, 3)) != 0)
    GTEST_SKIP() << "cannot make a device node here: " << std::strerror(errno);
  CliRun refused = kbuild({"image", elf, "-o", device.string()});
  EXPECT_EQ(refused.status, 1) << refused.all();
  EXPECT_EQ(count_lines_containing(refused.err, ""), 1u) << refused.err;
  EXPECT_NE(refused.err.find("error: cannot write " + device.string() +
                             ": it is a character device, not a regular file"),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("dd if=IMG of=" + device.string() + " bs=1M"), std::string::npos)
      << refused.err;
  EXPECT_EQ(refused.err.find("Imaged"), std::string::npos) << refused.err;
  struct stat st;
  ASSERT_EQ(::lstat(device.c_str(), &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode)) << "the device node was replaced by a file";
}

}  // namespace
}  // namespace kbuild::test

namespace kbuild::test {
namespace {
namespace fs = std::filesystem;

constexpr uid_t kOtherUser = 54321;

// A kernel.toml that runs a program of its author's as soon as a build or a run uses it.
std::string planted_manifest(const fs::path& marker) {
  return "[kernel]\nname = \"planted\"\ncompiler-launcher = [\"touch\", \"" + marker.string() +
         "\"]\n[run]\ncommand = [\"touch\", \"" + marker.string() + "\", \"{}\"]\n";
}

TEST_F(CliTest, TheSearchStopsAtADirectoryOfAnotherUser) {
  fs::path marker = dir_ / "ran";
  write("shared/kernel.toml", planted_manifest(marker));
  write("shared/mine/work/-", "");
  if (::chown((dir_ / "shared").c_str(), kOtherUser, kOtherUser) != 0 ||
      ::chown((dir_ / "shared/kernel.toml").c_str(), kOtherUser, kOtherUser) != 0)
    GTEST_SKIP() << "cannot give a directory to another user here: " << std::strerror(errno);
  if (::geteuid() == kOtherUser) GTEST_SKIP() << "running as the other user";
  fs::path work = dir_ / "shared/mine/work";

  CliRun build = kbuild({"build"}, work);
  EXPECT_EQ(build.status, 1) << build.all();
  EXPECT_EQ(count_lines_containing(build.err, ""), 1u) << build.err;
  EXPECT_NE(build.err.find("could not find kernel.toml in " + work.string()), std::string::npos) << build.err;
  EXPECT_NE(build.err.find((dir_ / "shared/kernel.toml").string() + " was not used: " +
                           (dir_ / "shared").string() + " is owned by another user (uid 54321)"),
            std::string::npos)
      << build.err;
  EXPECT_NE(build.err.find("--manifest-path"), std::string::npos) << build.err;

  write("shared/mine/work/k.elf", "not an ELF");
  CliRun runner = kbuild({"-v", "runner", "k.elf"}, work);
  EXPECT_EQ(runner.status, 1) << runner.all();
  EXPECT_NE(runner.err.find("warning: " + (dir_ / "shared/kernel.toml").string() + " was not used"),
            std::string::npos)
      << runner.err;
  EXPECT_EQ(runner.err.find("Manifest"), std::string::npos) << "a kernel.toml was used:\n" << runner.err;
  EXPECT_FALSE(fs::exists(marker)) << "a program named by another user's kernel.toml ran";

  // Named explicitly, it is used, and says so under -v.
  CliRun named = kbuild({"-v", "build", "--manifest-path", (dir_ / "shared/kernel.toml").string()}, work);
  EXPECT_NE(named.err.find("Manifest " + (dir_ / "shared/kernel.toml").string()), std::string::npos)
      << named.err;
}

TEST_F(CliTest, AKernelTomlOfAnotherUserInOurDirectoryIsNotUsed) {
  fs::path marker = dir_ / "ran";
  write("p/kernel.toml", planted_manifest(marker));
  write("p/src/main.cpp", kKernelMain);
  if (::chown((dir_ / "p/kernel.toml").c_str(), kOtherUser, kOtherUser) != 0)
    GTEST_SKIP() << "cannot give a file to another user here: " << std::strerror(errno);
  CliRun r = kbuild({"build"}, dir_ / "p/src");
  EXPECT_EQ(r.status, 1) << r.all();
  EXPECT_NE(r.err.find((dir_ / "p/kernel.toml").string() + " was not used: it is owned by another "
                       "user (uid 54321)"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(marker));

  ASSERT_EQ(::chown((dir_ / "p/kernel.toml").c_str(), ::geteuid(), ::getegid()), 0);
  write("p/kernel.toml", "[kernel]\nname = \"p\"\n");
  CliRun ours = kbuild({"-v", "build"}, dir_ / "p/src");
  EXPECT_EQ(ours.status, 0) << ours.all();
  EXPECT_NE(ours.err.find("Manifest " + (dir_ / "p/kernel.toml").string()), std::string::npos) << ours.err;
}

}  // namespace
}  // namespace kbuild::test
