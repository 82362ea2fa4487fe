// The build's decisions, with a fake ToolHost that "compiles" by writing the object (its
// content derived from the source, the headers and the command) and a scripted depfile.
#include <gtest/gtest.h>
#include <unistd.h>

#include <deque>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "build/build.h"
#include "build/build_state.h"
#include "build/plan.h"
#include "build/hash.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

namespace fs = std::filesystem;

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void write(const fs::path& path, std::string_view text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

std::string arg_after(const std::vector<std::string>& argv, const std::string& flag) {
  for (size_t i = 0; i + 1 < argv.size(); ++i) {
    if (argv[i] == flag) return argv[i + 1];
  }
  return "";
}

class FakeToolHost : public ToolHost {
 public:
  std::map<std::string, std::vector<std::string>> headers;  // source (as in argv) -> includes
  std::set<std::string> failing;                            // sources that do not compile
  bool interrupt_next_wait = false;
  std::vector<std::vector<std::string>> commands;  // every command started, in order
  size_t max_running = 0;

  bool check_program(const std::string&, std::string*) override { return true; }

  int start(const ProcessSpec& spec, std::string*) override {
    commands.push_back(spec.argv);
    pending_.push_back({next_id_, spec});
    max_running = std::max(max_running, pending_.size());
    return next_id_++;
  }

  int wait_one(ProcessResult* result) override {
    if (pending_.empty()) return -1;
    if (interrupt_next_wait) {
      // Ctrl-C while compiles run: they may have written part of their object already.
      for (const auto& [id, spec] : pending_) {
        std::string object = arg_after(spec.argv, "-o");
        if (!object.empty()) write(*spec.cwd / object, "partial");
      }
      return -1;
    }
    auto [id, spec] = pending_.front();
    pending_.pop_front();
    *result = ProcessResult();
    result->started = true;
    result->exit_code = run(spec, &result->out) ? 0 : 1;
    return id;
  }

  void kill_all() override { pending_.clear(); }

  std::vector<std::string> compiled() const {  // sources, in order
    std::vector<std::string> out;
    for (const auto& argv : commands) {
      std::string source = arg_after(argv, "-c");
      if (!source.empty()) out.push_back(source);
    }
    return out;
  }
  size_t links() const {
    size_t n = 0;
    for (const auto& argv : commands) n += arg_after(argv, "-c").empty();
    return n;
  }
  void clear() { commands.clear(); }

 private:
  bool run(const ProcessSpec& spec, std::string* out) {
    const fs::path& cwd = *spec.cwd;
    std::string output = arg_after(spec.argv, "-o");
    if (!fs::is_directory((cwd / output).parent_path())) {  // like clang and ld.lld
      *out = "error: unable to open output file '" + output + "'\n";
      return false;
    }
    std::string source = arg_after(spec.argv, "-c");
    if (source.empty()) {  // a link: the ELF is the objects put together
      std::string elf = "ELF";
      for (const auto& arg : spec.argv) {
        if (arg.size() > 2 && arg.substr(arg.size() - 2) == ".o") elf += read(cwd / arg);
      }
      write(cwd / output, elf);
      return true;
    }
    if (failing.count(source)) {
      write(cwd / output, "partial");  // a compiler killed halfway may leave one
      *out = source + ":1:1: error: scripted failure\n";
      return false;
    }
    std::string object = "OBJ " + source + " " + read(cwd / source);
    std::string depfile = output + ": " + source;
    for (const auto& header : headers[source]) {
      object += read(cwd / header);
      depfile += " \\\n  " + header;
    }
    std::vector<std::string> argv_without_color;
    for (const auto& arg : spec.argv) {
      if (arg != "-fcolor-diagnostics") argv_without_color.push_back(arg);
    }
    object += std::to_string(hash_argv(argv_without_color));
    write(cwd / output, object);
    write(cwd / arg_after(spec.argv, "-MF"), depfile + "\n");
    return true;
  }

  std::deque<std::pair<int, ProcessSpec>> pending_;
  int next_id_ = 0;
};

class BuildIncrementalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = scratch_.path();
    root_ = base_ / "hello";
    data_ = base_ / "data";
    write(data_ / "runtime/sources.list", "");
    write(data_ / "runtime/arch/x86_64/kernel.ld", "SECTIONS {}\n");
    write(root_ / "src/a.cpp", "int a;\n");
    write(root_ / "src/b.cpp", "int b;\n");
    write(root_ / "src/c.cpp", "int c;\n");
    write(root_ / "include/common.h", "#pragma once\n");
    host_.headers["src/a.cpp"] = {"include/common.h"};
    host_.headers["src/b.cpp"] = {"include/common.h"};

    config_.root = root_;
    config_.manifest_path = root_ / "kernel.toml";
    config_.name.value = "hello";
    config_.profiles["dev"] = Profile{"dev", "0", true, {}, {}, {}};
    config_.profiles["release"] = Profile{"release", "2", false, {}, {}, {}};
    sources_ = {"src/a.cpp", "src/b.cpp", "src/c.cpp"};
  }

  // Builds and returns whether it succeeded; host_.commands holds what ran.
  bool build(BuildResult* result = nullptr, std::string* error = nullptr, unsigned jobs = 2) {
    host_.clear();
    Context ctx;
    ctx.ui = &ui_;
    ctx.data_dir = data_;
    ctx.jobs = jobs;
    BuildRequest req;
    req.config = &config_;
    req.profile = profile_;
    req.collect_failures = collect_failures_;
    req.keep_going = keep_going_;
    BuildInputs inputs;
    inputs.sources = sources_;
    inputs.host = &host_;
    BuildResult local;
    std::string err;
    bool ok = build_kernel_with(ctx, req, inputs, result ? result : &local, &err);
    if (error) *error = err;
    return ok;
  }
  // Moves a file's mtime forward without changing its content, as `touch` does.
  void touch(const fs::path& path) {
    fs::last_write_time(path, fs::last_write_time(path) + std::chrono::seconds(5));
  }

  using Strings = std::vector<std::string>;
  Ui ui_{Verbosity::quiet, false};
  FakeToolHost host_;
  test::ScratchDir scratch_;
  fs::path base_, root_, data_;
  Config config_;
  std::vector<fs::path> sources_;
  std::string profile_ = "dev";
  bool collect_failures_ = false;
  bool keep_going_ = false;
};

TEST_F(BuildIncrementalTest, FirstBuildCompilesEverythingAndLinks) {
  BuildResult result;
  std::string err;
  ASSERT_TRUE(build(&result, &err)) << err;
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/b.cpp", "src/c.cpp"}));
  EXPECT_EQ(host_.links(), 1u);
  EXPECT_EQ(result.compiled, 3u);
  EXPECT_TRUE(result.linked);
  EXPECT_EQ(result.elf, root_ / "build/dev/hello.elf");
  EXPECT_EQ(result.build_dir, root_ / "build/dev");
  EXPECT_TRUE(fs::exists(root_ / "build/dev/obj/src/a.cpp.o"));
  EXPECT_TRUE(fs::exists(root_ / "build/dev/obj/src/a.cpp.d"));
  EXPECT_EQ(read(result.elf).substr(0, 3), "ELF");
  EXPECT_TRUE(fs::exists(root_ / "build/dev" / kStateFileName));

  const auto& link = host_.commands.back();
  EXPECT_EQ(link.front(), "ld.lld");
  EXPECT_EQ(arg_after(link, "-T"), (data_ / "runtime/arch/x86_64/kernel.ld").string());
  EXPECT_EQ(arg_after(link, "-o"), "build/dev/hello.elf");
  EXPECT_EQ(link.back(), "build/dev/obj/src/c.cpp.o");

  std::string db = read(root_ / "build/compile_commands.json");
  EXPECT_NE(db.find("\"file\": \"" + (root_ / "src/b.cpp").string() + "\""), std::string::npos);
  EXPECT_NE(db.find("\"directory\": \"" + root_.string() + "\""), std::string::npos);
  EXPECT_NE(db.find("\"--target=x86_64-unknown-none-elf\""), std::string::npos);
}

// Collected, a failed step keeps its parts apart: what failed, what the tool said, the command.
TEST_F(BuildIncrementalTest, CollectedFailuresKeepTheStepTheToolAndTheCommand) {
  collect_failures_ = true;
  host_.failing.insert("src/b.cpp");
  BuildResult result;
  std::string err;
  EXPECT_FALSE(build(&result, &err, 1));
  ASSERT_EQ(result.failures.size(), 1u);
  const StepFailure& failure = result.failures.front();
  EXPECT_EQ(failure.message, "could not compile src/b.cpp");
  EXPECT_EQ(failure.output, "src/b.cpp:1:1: error: scripted failure\n");
  EXPECT_NE(failure.command.find("-c src/b.cpp"), std::string::npos) << failure.command;
  EXPECT_EQ(failure_text(result.failures), failure.output + failure.message + "\n" + failure.command + "\n");
}

// keep_going: a failed compile does not stop the others, the link that needs its object is
// skipped, and the failure names that link's ELF. The next build redoes only what failed.
TEST_F(BuildIncrementalTest, KeepGoingCompilesTheRestAndSkipsTheBlockedLink) {
  collect_failures_ = true;
  keep_going_ = true;
  host_.failing.insert("src/a.cpp");
  BuildResult result;
  std::string err;
  EXPECT_FALSE(build(&result, &err, 1));
  EXPECT_EQ(err, "could not build hello v0.1.0 (dev): 1 command failed");
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/b.cpp", "src/c.cpp"}));
  EXPECT_EQ(host_.links(), 0u);
  ASSERT_EQ(result.failures.size(), 1u);
  EXPECT_EQ(result.failures[0].message, "could not compile src/a.cpp");
  EXPECT_EQ(result.failures[0].blocks, (std::vector<fs::path>{root_ / "build/dev/hello.elf"}));
  host_.failing.clear();
  ASSERT_TRUE(build(&result, &err, 1)) << err;
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp"}));
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, SecondBuildRunsNothing) {
  ASSERT_TRUE(build());
  BuildResult result;
  ASSERT_TRUE(build(&result));
  EXPECT_TRUE(host_.commands.empty());
  EXPECT_EQ(result.compiled, 0u);
  EXPECT_FALSE(result.linked);
}

TEST_F(BuildIncrementalTest, HeaderEditRecompilesExactlyItsIncluders) {
  ASSERT_TRUE(build());
  write(root_ / "include/common.h", "#pragma once\nint shared;\n");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/b.cpp"}));
  EXPECT_EQ(host_.links(), 1u);
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
}

TEST_F(BuildIncrementalTest, NewlyIncludedHeaderIsTracked) {
  ASSERT_TRUE(build());
  write(root_ / "include/extra.h", "#pragma once\n");
  write(root_ / "src/c.cpp", "#include \"extra.h\"\nint c;\n");
  host_.headers["src/c.cpp"] = {"include/extra.h"};
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled(), Strings{"src/c.cpp"});
  write(root_ / "include/extra.h", "#pragma once\nint more;\n");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled(), Strings{"src/c.cpp"});
}

TEST_F(BuildIncrementalTest, TouchWithoutEditRecompilesNothing) {
  ASSERT_TRUE(build());
  touch(root_ / "src/a.cpp");
  touch(root_ / "include/common.h");
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
}

TEST_F(BuildIncrementalTest, SourceEditRecompilesItAndRelinks) {
  ASSERT_TRUE(build());
  write(root_ / "src/b.cpp", "int b = 2;\n");
  BuildResult result;
  ASSERT_TRUE(build(&result));
  EXPECT_EQ(host_.compiled(), Strings{"src/b.cpp"});
  EXPECT_EQ(host_.links(), 1u);
  EXPECT_EQ(result.compiled, 1u);
  EXPECT_TRUE(result.linked);
  EXPECT_NE(read(result.elf).find("int b = 2;"), std::string::npos);
}

TEST_F(BuildIncrementalTest, DefineOrFlagChangeRecompilesEverything) {
  ASSERT_TRUE(build());
  config_.defines.push_back("LOG_LEVEL=2");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  EXPECT_EQ(host_.links(), 1u);
  config_.profiles["dev"].flags.push_back("-Wall");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
}

TEST_F(BuildIncrementalTest, LinkFlagChangeRelinksOnly) {
  ASSERT_TRUE(build());
  config_.ldflags.push_back("--no-relax");
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.compiled().empty());
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, LinkerScriptEditRelinksOnly) {
  write(root_ / "kernel.ld", "SECTIONS { . = 1M; }\n");
  config_.linker_script = Located<std::string>{"kernel.ld", {}};
  ASSERT_TRUE(build());
  EXPECT_EQ(arg_after(host_.commands.back(), "-T"), "kernel.ld");
  write(root_ / "kernel.ld", "SECTIONS { . = 2M; }\n");
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.compiled().empty());
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, DeletedObjectRecompilesJustIt) {
  ASSERT_TRUE(build());
  fs::remove(root_ / "build/dev/obj/src/b.cpp.o");
  BuildResult result;
  ASSERT_TRUE(build(&result));
  EXPECT_EQ(host_.compiled(), Strings{"src/b.cpp"});
  // The object came back byte for byte, so the ELF made from it is still current.
  EXPECT_EQ(host_.links(), 0u);
}

TEST_F(BuildIncrementalTest, DeletedElfRelinksOnly) {
  ASSERT_TRUE(build());
  fs::remove(root_ / "build/dev/hello.elf");
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.compiled().empty());
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, FailedCompileLeavesNoObjectAndIsRetried) {
  ASSERT_TRUE(build());
  write(root_ / "src/b.cpp", "int b = ;\n");
  host_.failing.insert("src/b.cpp");
  std::string err;
  BuildResult result;
  EXPECT_FALSE(build(&result, &err));
  EXPECT_EQ(err, "could not build hello v0.1.0 (dev): 1 command failed");
  EXPECT_FALSE(fs::exists(root_ / "build/dev/obj/src/b.cpp.o"));
  EXPECT_EQ(host_.links(), 0u);

  // Still broken: tried again, not taken as done.
  EXPECT_FALSE(build());
  EXPECT_EQ(host_.compiled(), Strings{"src/b.cpp"});

  host_.failing.clear();
  write(root_ / "src/b.cpp", "int b = 3;\n");
  ASSERT_TRUE(build(&result));
  EXPECT_EQ(host_.compiled(), Strings{"src/b.cpp"});
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, FailureStopsStartingNewCompiles) {
  host_.failing.insert("src/a.cpp");
  EXPECT_FALSE(build(nullptr, nullptr, /*jobs=*/1));
  EXPECT_EQ(host_.compiled(), Strings{"src/a.cpp"});
  EXPECT_EQ(host_.links(), 0u);
  // The ones never started are compiled by the next build, with the one that failed.
  host_.failing.clear();
  ASSERT_TRUE(build(nullptr, nullptr, 1));
  EXPECT_EQ(host_.compiled().size(), 3u);
}

TEST_F(BuildIncrementalTest, RunningCompilesFinishAfterAFailure) {
  // With two jobs, b is already running when a fails: b completes and is kept.
  host_.failing.insert("src/a.cpp");
  EXPECT_FALSE(build(nullptr, nullptr, 2));
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/b.cpp"}));
  host_.failing.clear();
  ASSERT_TRUE(build(nullptr, nullptr, 2));
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/c.cpp"}));
}

TEST_F(BuildIncrementalTest, InterruptRemovesPartialObjects) {
  ASSERT_TRUE(build());
  write(root_ / "src/a.cpp", "int a = 1;\n");
  write(root_ / "src/c.cpp", "int c = 1;\n");
  host_.interrupt_next_wait = true;
  std::string err;
  EXPECT_FALSE(build(nullptr, &err));
  EXPECT_EQ(err, "interrupted");
  EXPECT_FALSE(fs::exists(root_ / "build/dev/obj/src/a.cpp.o"));
  EXPECT_FALSE(fs::exists(root_ / "build/dev/obj/src/c.cpp.o"));
  EXPECT_TRUE(fs::exists(root_ / "build/dev/obj/src/b.cpp.o"));
  host_.interrupt_next_wait = false;
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled(), (Strings{"src/a.cpp", "src/c.cpp"}));
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, CorruptStateRebuildsEverything) {
  ASSERT_TRUE(build());
  write(root_ / "build/dev" / kStateFileName, "kbuild-state 2\nF 1 2 nothex /x\n");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  EXPECT_EQ(host_.links(), 1u);
  write(root_ / "build/dev" / kStateFileName, std::string("\x7f\x00\xff garbage", 12));
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
}

TEST_F(BuildIncrementalTest, ForceRebuildsEverything) {
  ASSERT_TRUE(build());
  host_.clear();
  Context ctx;
  ctx.ui = &ui_;
  ctx.data_dir = data_;
  BuildRequest req;
  req.config = &config_;
  req.force = true;
  BuildInputs inputs;
  inputs.sources = sources_;
  inputs.host = &host_;
  BuildResult result;
  std::string err;
  ASSERT_TRUE(build_kernel_with(ctx, req, inputs, &result, &err)) << err;
  EXPECT_EQ(host_.compiled().size(), 3u);
  EXPECT_EQ(host_.links(), 1u);
}

TEST_F(BuildIncrementalTest, ProfilesBuildApart) {
  ASSERT_TRUE(build());
  Context ctx;
  ctx.ui = &ui_;
  ctx.data_dir = data_;
  BuildRequest req;
  req.config = &config_;
  req.profile = "release";
  BuildInputs inputs;
  inputs.sources = sources_;
  inputs.host = &host_;
  BuildResult result;
  std::string err;
  host_.clear();
  ASSERT_TRUE(build_kernel_with(ctx, req, inputs, &result, &err)) << err;
  EXPECT_EQ(result.elf, root_ / "build/release/hello.elf");
  EXPECT_EQ(host_.compiled().size(), 3u);
  EXPECT_EQ(arg_after(host_.commands.front(), "-o"), "build/release/obj/src/a.cpp.o");
  // The dev build is still current.
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());

  req.profile = "nope";
  EXPECT_FALSE(build_kernel_with(ctx, req, inputs, &result, &err));
  EXPECT_EQ(err, "no profile 'nope' in " + (root_ / "kernel.toml").string() +
                     " (known: dev, release; add [profile.nope] to define it)");
}

TEST_F(BuildIncrementalTest, ParallelismIsBounded) {
  for (int i = 0; i < 7; ++i) {
    std::string name = "src/more" + std::to_string(i) + ".cpp";
    write(root_ / name, "int x;\n");
    sources_.push_back(name);
  }
  ASSERT_TRUE(build(nullptr, nullptr, 3));
  EXPECT_EQ(host_.compiled().size(), 10u);
  EXPECT_EQ(host_.max_running, 3u);
}

TEST_F(BuildIncrementalTest, RuntimeIsCompiledAndLinkedIn) {
  write(data_ / "runtime/src/mem.cpp", "void* memcpy;\n");
  write(data_ / "runtime/src/entry.S", ".globl _kbuild_start\n");
  write(data_ / "runtime/src/notes.h", "not compiled\n");
  write(data_ / "runtime/src/unlisted.cpp", "not compiled either\n");
  write(data_ / "runtime/sources.list", "# the runtime\nsrc/mem.cpp\n\nsrc/entry.S  # entry\n");
  BuildResult result;
  ASSERT_TRUE(build(&result));
  Strings compiled = host_.compiled();
  ASSERT_EQ(compiled.size(), 5u);
  EXPECT_EQ(compiled[0], (data_ / "runtime/src/entry.S").string());
  EXPECT_EQ(compiled[1], (data_ / "runtime/src/mem.cpp").string());
  EXPECT_EQ(host_.commands[0].front(), "clang");  // assembly goes through the C driver
  EXPECT_EQ(host_.commands[1].front(), "clang++");
  EXPECT_TRUE(fs::exists(root_ / "build/dev/runtime/mem.cpp.o"));
  const auto& link = host_.commands.back();
  EXPECT_NE(std::find(link.begin(), link.end(), "build/dev/runtime/mem.cpp.o"), link.end());
  // Editing the runtime (a kbuild upgrade) recompiles it.
  write(data_ / "runtime/src/mem.cpp", "void* memcpy2;\n");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled(), Strings{(data_ / "runtime/src/mem.cpp").string()});
}

TEST_F(BuildIncrementalTest, RuntimeTakesOnlyItsArchitecturesFolder) {
  write(data_ / "runtime/src/mem.cpp", "void* memcpy;\n");
  write(data_ / "runtime/src/arch/x86_64/entry.S", ".globl _kbuild_start\n");
  write(data_ / "runtime/src/arch/aarch64/entry.S", ".globl _kbuild_start\n");
  write(data_ / "runtime/sources.list",
        "src/mem.cpp\nsrc/arch/x86_64/entry.S\nsrc/arch/aarch64/entry.S\n");
  std::vector<fs::path> found;
  std::string err;
  ASSERT_TRUE(find_runtime_sources(data_, Arch::x86_64, &found, &err)) << err;
  EXPECT_EQ(found, (std::vector<fs::path>{data_ / "runtime/src/arch/x86_64/entry.S",
                                           data_ / "runtime/src/mem.cpp"}));
  ASSERT_TRUE(find_runtime_sources(data_, Arch::aarch64, &found, &err)) << err;
  EXPECT_EQ(found, (std::vector<fs::path>{data_ / "runtime/src/arch/aarch64/entry.S",
                                           data_ / "runtime/src/mem.cpp"}));
  BuildResult result;
  ASSERT_TRUE(build(&result));
  EXPECT_TRUE(fs::exists(root_ / "build/dev/runtime/arch/x86_64/entry.S.o"));
  EXPECT_FALSE(fs::exists(root_ / "build/dev/runtime/arch/aarch64/entry.S.o"));
}

// The runtime's list is part of kbuild's data: without it no kernel could link, so its absence
// is said at once, by name.
TEST_F(BuildIncrementalTest, MissingRuntimeListIsAnErrorNamingIt) {
  fs::remove(data_ / "runtime/sources.list");
  std::vector<fs::path> found;
  std::string err;
  EXPECT_FALSE(find_runtime_sources(data_, Arch::x86_64, &found, &err));
  EXPECT_NE(err.find("cannot read " + (data_ / "runtime/sources.list").string() + ": "), std::string::npos)
      << err;
  EXPECT_NE(err.find("reinstall kbuild"), std::string::npos) << err;
}

TEST_F(BuildIncrementalTest, SourceListChangeRelinks) {
  ASSERT_TRUE(build());
  sources_.pop_back();
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.compiled().empty());
  EXPECT_EQ(host_.links(), 1u);
}

// compile_commands.json is rendered only when the commands changed or the file was touched; these
// check that skipping it never leaves the file stale.
TEST_F(BuildIncrementalTest, CompileDatabaseFollowsFlagChanges) {
  ASSERT_TRUE(build());
  fs::path db = root_ / "build/compile_commands.json";
  std::string before = read(db);
  EXPECT_EQ(before.find("LOG_LEVEL"), std::string::npos);
  fs::file_time_type written = fs::last_write_time(db);

  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
  EXPECT_EQ(fs::last_write_time(db), written);
  EXPECT_EQ(read(db), before);

  config_.defines.push_back("LOG_LEVEL=2");
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  std::string after = read(db);
  EXPECT_NE(after.find("\"-DLOG_LEVEL=2\""), std::string::npos);

  // And back: the file returns to what it was, and everything recompiles again.
  config_.defines.clear();
  ASSERT_TRUE(build());
  EXPECT_EQ(host_.compiled().size(), 3u);
  EXPECT_EQ(read(db), before);
}

TEST_F(BuildIncrementalTest, CompileDatabaseFollowsSourceListChanges) {
  ASSERT_TRUE(build());
  fs::path db = root_ / "build/compile_commands.json";
  sources_.pop_back();
  ASSERT_TRUE(build());
  EXPECT_EQ(read(db).find("src/c.cpp"), std::string::npos);
  sources_.push_back("src/c.cpp");
  ASSERT_TRUE(build());
  EXPECT_NE(read(db).find("src/c.cpp"), std::string::npos);
}

TEST_F(BuildIncrementalTest, DeletedOrEditedCompileDatabaseIsRewritten) {
  ASSERT_TRUE(build());
  fs::path db = root_ / "build/compile_commands.json";
  std::string expected = read(db);
  fs::remove(db);
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
  EXPECT_EQ(read(db), expected);

  write(db, "[]\n");  // another size, so its stat differs from the recorded one
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
  EXPECT_EQ(read(db), expected);
}

TEST_F(BuildIncrementalTest, ProfilesTakeTurnsInTheCompileDatabase) {
  // Both profiles write the one build/compile_commands.json; each build leaves its own commands.
  fs::path db = root_ / "build/compile_commands.json";
  ASSERT_TRUE(build());
  EXPECT_NE(read(db).find("\"-O0\""), std::string::npos);
  profile_ = "release";
  ASSERT_TRUE(build());
  EXPECT_NE(read(db).find("\"-O2\""), std::string::npos);
  EXPECT_EQ(read(db).find("\"-O0\""), std::string::npos);
  profile_ = "dev";
  ASSERT_TRUE(build());
  EXPECT_TRUE(host_.commands.empty());
  EXPECT_NE(read(db).find("\"-O0\""), std::string::npos);
  EXPECT_EQ(read(db).find("\"-O2\""), std::string::npos);
}

TEST_F(BuildIncrementalTest, StateRemembersTheCompileDatabase) {
  ASSERT_TRUE(build());
  BuildState state;
  std::string why;
  load_build_state(root_ / "build/dev" / kStateFileName, &state, &why);
  EXPECT_EQ(why, "");
  EXPECT_NE(state.compile_db_hash, 0u);
  EXPECT_EQ(state.compile_db_stat.size, int64_t(fs::file_size(root_ / "build/compile_commands.json")));
}

}  // namespace
}  // namespace kbuild
