// What a build would run, before looking at what is stale: one compile step per source (the
// kernel's and kbuild's runtime), and link steps that each combine some of those objects into
// an ELF. Several links may share objects (a kernel and its test kernels).
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "build/target.h"
#include "config/config.h"
#include "core/paths.h"  // display_path, how plans name files

namespace kbuild {

struct CompileStep {
  std::string source;   // absolute, lexically normal
  std::string object;   // absolute
  std::string depfile;  // absolute
  std::string label;    // for messages: "src/main.cpp"
  std::string compiler;  // the program to check before running
  // The command is `flags` (shared by all sources of one language) then compile_output_args of
  // these, which are relative to BuildPlan::root where possible. Only commands that run are
  // ever put together whole (argv()).
  std::shared_ptr<const std::vector<std::string>> flags;
  std::string source_arg, object_arg, depfile_arg;
  uint64_t command_hash = 0;  // of the argv minus what does not change the object

  std::vector<std::string> argv() const;  // exactly as run, in BuildPlan::root
};

struct LinkStep {
  std::filesystem::path output;                  // absolute ELF path
  std::string label;                             // "build/dev/hello.elf"
  std::vector<size_t> objects;                   // indices into BuildPlan::compiles
  std::vector<std::filesystem::path> extra_inputs;  // the linker script
  std::vector<std::string> argv;
  uint64_t command_hash = 0;
};

struct BuildPlan {
  std::filesystem::path root;       // commands run here
  std::filesystem::path build_dir;  // <root>/build/<profile>; holds the state file
  std::string description;          // "hello v0.1.0 (dev)"
  std::vector<std::string> launcher;  // checked before the first compile
  std::vector<CompileStep> compiles;
  std::vector<LinkStep> links;
};

struct PlanInput {
  const Config* config = nullptr;
  const Profile* profile = nullptr;
  std::filesystem::path data_dir;
  Toolchain tools;
  bool color = false;
  std::vector<std::filesystem::path> sources;          // the kernel's; relative to root or absolute
  std::vector<std::filesystem::path> runtime_sources;  // absolute, under <data>/runtime/src
  // Test kernels, linked besides the kernel: each is one source that provides kernel_main, linked
  // with the kernel's sources minus `entry` (the kernel's own kernel_main) and the runtime.
  std::vector<std::filesystem::path> test_sources;  // relative to root or absolute
  std::vector<std::string> test_names;  // beside test_sources when given; else test_kernel_name
  std::vector<std::vector<std::filesystem::path>> test_extra_sources;  // beside test_sources when
                                        // given: more sources linked into that test kernel only
  std::filesystem::path entry;                      // [kernel] entry; empty: nothing left out
};

// A test kernel's name: its file name without the extension ("tests/basic.cpp" -> "basic").
std::string test_kernel_name(const std::filesystem::path& source);

// The runtime's sources for `arch`, sorted: the entries of <data>/runtime/sources.list (the one
// list CMake and Meson builds compile too), minus those under src/arch/ of another architecture.
// A list that cannot be read is an error.
bool find_runtime_sources(const std::filesystem::path& data_dir, Arch arch,
                          std::vector<std::filesystem::path>* out, std::string* err);

// Compiles for the runtime and the kernel sources, and one link of all of them into
// build/<profile>/<name>.elf (links[0]); then, for each test source in order, its compile and a
// link into build/<profile>/tests/<test name>.elf. Two test sources with one name are an error.
bool plan_kernel_build(const PlanInput& in, BuildPlan* out, std::string* err);


}  // namespace kbuild
