// The target configuration: which tools compile and link a kernel, and with which flags.
// One TargetSpec per architecture holds the facts (triple, code model, ABI flags, the default
// linker script); the argv builders combine it with kernel.toml and the profile.
#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "core/context.h"

namespace kbuild {

struct TargetSpec {
  std::string triple;                      // --target=...
  std::vector<std::string> codegen_flags;  // every compile, assembly included
  std::vector<std::string> ldflags;        // before the user's, without the entry point
  std::string default_linker_script;       // relative to kbuild's data directory
  uint64_t default_physical_memory_offset = 0;  // [bootloader] physical-memory-offset's default
};

// False with *err for architectures kbuild cannot build for yet.
bool target_spec(Arch arch, TargetSpec* out, std::string* err);

// Makes `config` one for `arch` (kbuild runner follows the kernel's e_machine). Defaults that
// depend on the architecture follow it; what kernel.toml wrote stays.
void retarget_config(Config* config, Arch arch);

// Where the loader maps physical memory: kernel.toml's [bootloader] physical-memory-offset, else
// the architecture's default (x86_64 and aarch64 0xffff800000000000, riscv64 Sv39's
// 0xffffffc000000000).
uint64_t physical_memory_offset(const Config& config);


// The programs to run; names are looked up in PATH when a command runs.
struct Toolchain {
  std::string cxx = "clang++";
  std::string cc = "clang";
  std::string ld = "ld.lld";
  std::vector<std::string> launcher;  // e.g. {"ccache"}, put before the compiler
};

// clang++/clang/ld.lld, overridden by $KBUILD_CXX, $KBUILD_CC, $KBUILD_LD. The launcher:
// $KBUILD_COMPILER_LAUNCHER when set (empty: none), else kernel.toml's compiler-launcher.
Toolchain make_toolchain(const Config& config, const Environment& env);

// Checks that `program` can be run; the error names the Debian package that provides it:
// "clang++ not found in PATH: install it with `apt-get install clang`".
bool check_program(const std::string& program, std::string* err);
// The Debian package that provides a toolchain program ("clang++-14" -> "clang") or a QEMU kbuild
// boots with ("qemu-system-aarch64" -> "qemu-system-arm"); empty if unknown.
std::string package_providing(const std::string& program);

enum class SourceLanguage { cxx, c, assembly };
// By extension: .c is C, .S/.s assembly, everything else C++.
SourceLanguage source_language(std::string_view source);

struct CompileFlagsInput {
  const Config* config = nullptr;
  const Profile* profile = nullptr;
  std::filesystem::path data_dir;
  bool color = false;  // -fcolor-diagnostics (the Ui's decision)
};

// The whole compile argv, launcher included. Paths are used as given; commands run in the
// kernel's root, so relative paths are relative to it.
bool compile_argv(const Toolchain& tools, const CompileFlagsInput& in,
                  const std::filesystem::path& source, const std::filesystem::path& object,
                  const std::filesystem::path& depfile, std::vector<std::string>* out,
                  std::string* err);

// The flags every kernel compile in `lang` gets whatever kernel.toml says: --target, the
// target's code generation and the freestanding ABI (no -std, no -O, no include directories).
// What `kbuild flags --compile` prints, what the boot tests compile their kernels with.
bool kernel_target_flags(Arch arch, SourceLanguage lang, std::vector<std::string>* out,
                         std::string* err);

// kbuild's own header directories as -isystem pairs: the freestanding C++ headers (<cstddef>,
// <new>, ...) and the boot contract header.
std::vector<std::string> runtime_include_flags(const std::filesystem::path& data_dir);

// The linker flags every kernel link gets before kernel.toml's: the target's, then -e ENTRY.
bool kernel_link_flags(Arch arch, std::vector<std::string>* out, std::string* err);

// compile_argv in two parts, so a plan builds the part all sources of a language share once:
// the flags (launcher, compiler, every option), then the outputs and the source.
bool compile_flags_argv(const Toolchain& tools, const CompileFlagsInput& in, SourceLanguage lang,
                        std::vector<std::string>* out, std::string* err);
std::array<std::string_view, 7> compile_output_args(std::string_view source,
                                                    std::string_view object,
                                                    std::string_view depfile);

// A relative path as a command argument that no tool can read as an option: a source named
// "-ofoo.cpp" is passed as "./-ofoo.cpp".
std::string path_argument(std::string path);

// The linker script a kernel uses: kernel.toml's linker-script (relative to the root), else the
// architecture's default in <data> (x86_64: runtime/arch/x86_64/kernel.ld).
std::filesystem::path linker_script(const Config& config, const std::filesystem::path& data_dir);

bool link_argv(const Toolchain& tools, const Config& config, const Profile& profile,
               const std::filesystem::path& script, const std::filesystem::path& elf,
               const std::vector<std::string>& objects, std::vector<std::string>* out,
               std::string* err);

// Drops what does not change the output (the launcher, -fcolor-diagnostics): what is hashed to
// decide "the command changed" and written to compile_commands.json.
std::vector<std::string> output_relevant_argv(const Toolchain& tools,
                                              const std::vector<std::string>& argv);
// Whether output_relevant_argv drops this argument wherever it stands.
inline bool output_irrelevant_flag(std::string_view arg) { return arg == "-fcolor-diagnostics"; }

}  // namespace kbuild
