#include "build/target.h"

#include <algorithm>

#include "core/process.h"

namespace kbuild {

namespace {

std::string or_default(const std::string& value, const char* fallback) {
  return value.empty() ? fallback : value;
}

void append(std::vector<std::string>* out, const std::vector<std::string>& more) {
  out->insert(out->end(), more.begin(), more.end());
}

// target_flags.def as a table: the flags kernels share with kbuild's loader and with CMake builds.
enum class FlagGroup {
  X86_64_ELF,
  X86_64_KERNEL,
  AARCH64_ELF,
  RISCV64_ELF,
  CXX,
  NO_RUNTIME,
  KERNEL_SECTIONS,
  NO_HOST_HEADERS,
  KERNEL_LINK,
  KERNEL_ENTRY,
  X86_64_UEFI,   // kbuild's UEFI loaders only (bootloader/CMakeLists.txt)
  AARCH64_UEFI,
  RISCV64_UEFI,
};

struct SharedFlag {
  FlagGroup group;
  const char* text;
};

constexpr SharedFlag kSharedFlags[] = {
#define KBUILD_TRIPLE(group, triple)
#define KBUILD_FLAG(group, flag) {FlagGroup::group, flag},
#include "build/target_flags.def"
#undef KBUILD_FLAG
#undef KBUILD_TRIPLE
};

constexpr SharedFlag kSharedTriples[] = {
#define KBUILD_TRIPLE(group, triple) {FlagGroup::group, triple},
#define KBUILD_FLAG(group, flag)
#include "build/target_flags.def"
#undef KBUILD_FLAG
#undef KBUILD_TRIPLE
};

void append(std::vector<std::string>* out, FlagGroup group) {
  for (const SharedFlag& flag : kSharedFlags)
    if (flag.group == group) out->emplace_back(flag.text);
}

std::string triple(FlagGroup group) {
  for (const SharedFlag& t : kSharedTriples)
    if (t.group == group) return t.text;
  return {};
}

// The flags after --target and -std that no kernel.toml changes.
void fixed_compile_flags(const TargetSpec& spec, SourceLanguage lang,
                         std::vector<std::string>* argv) {
  append(argv, spec.codegen_flags);
  if (lang == SourceLanguage::cxx) append(argv, FlagGroup::CXX);
  append(argv, FlagGroup::NO_RUNTIME);
  append(argv, FlagGroup::KERNEL_SECTIONS);
  append(argv, FlagGroup::NO_HOST_HEADERS);
}

}  // namespace

bool target_spec(Arch arch, TargetSpec* out, std::string* err) {
  // Every kernel links the same way (KERNEL_LINK); what differs is the code (the flags each
  // architecture shares with its loader, and why each is there: target_flags.def), the script
  // and the offset.
  out->ldflags.clear();
  append(&out->ldflags, FlagGroup::KERNEL_LINK);
  out->codegen_flags.clear();
  switch (arch) {
    case Arch::x86_64:
      out->triple = triple(FlagGroup::X86_64_ELF);
      append(&out->codegen_flags, FlagGroup::X86_64_ELF);
      append(&out->codegen_flags, FlagGroup::X86_64_KERNEL);
      out->default_linker_script = "runtime/arch/x86_64/kernel.ld";
      out->default_physical_memory_offset = 0xffff800000000000;
      return true;
    case Arch::aarch64:
      out->triple = triple(FlagGroup::AARCH64_ELF);
      append(&out->codegen_flags, FlagGroup::AARCH64_ELF);
      out->default_linker_script = "runtime/arch/aarch64/kernel.ld";
      out->default_physical_memory_offset = 0xffff800000000000;
      return true;
    case Arch::riscv64:
      out->triple = triple(FlagGroup::RISCV64_ELF);
      append(&out->codegen_flags, FlagGroup::RISCV64_ELF);
      out->default_linker_script = "runtime/arch/riscv64/kernel.ld";
      // Where Sv39's upper half starts: the loader maps physical memory there.
      out->default_physical_memory_offset = 0xffffffc000000000;
      return true;
  }
  *err = std::string("building for ") + arch_name(arch) + " is not supported";
  return false;
}

void retarget_config(Config* config, Arch arch) { config->arch.value = arch; }

uint64_t physical_memory_offset(const Config& config) {
  if (config.bootloader.physical_memory_offset) return *config.bootloader.physical_memory_offset;
  TargetSpec spec;
  std::string unsupported;  // an architecture without a row fails in compile_argv and link_argv first
  target_spec(config.arch.value, &spec, &unsupported);
  return spec.default_physical_memory_offset;
}

bool kernel_target_flags(Arch arch, SourceLanguage lang, std::vector<std::string>* out,
                         std::string* err) {
  TargetSpec spec;
  if (!target_spec(arch, &spec, err)) return false;
  *out = {"--target=" + spec.triple};
  fixed_compile_flags(spec, lang, out);
  return true;
}

std::vector<std::string> runtime_include_flags(const std::filesystem::path& data_dir) {
  return {"-isystem", (data_dir / "runtime/include/std").string(),
          "-isystem", (data_dir / "runtime/include").string(),
          "-isystem", (data_dir / "bootloader/include").string()};
}

bool kernel_link_flags(Arch arch, std::vector<std::string>* out, std::string* err) {
  TargetSpec spec;
  if (!target_spec(arch, &spec, err)) return false;
  *out = spec.ldflags;
  append(out, FlagGroup::KERNEL_ENTRY);
  return true;
}

Toolchain make_toolchain(const Config& config, const Environment& env) {
  Toolchain tools;
  tools.cxx = or_default(env.cxx, "clang++");
  tools.cc = or_default(env.cc, "clang");
  tools.ld = or_default(env.ld, "ld.lld");
  // The environment wins, so a CI machine can add (or, set empty, drop) ccache without edits.
  tools.launcher = env.compiler_launcher.value_or(config.compiler_launcher);
  return tools;
}

std::string package_providing(const std::string& program) {
  std::string base = std::filesystem::path(program).filename().string();
  if (base == "clang++" || base == "clang" || base.rfind("clang-", 0) == 0 || base.rfind("clang++-", 0) == 0)
    return "clang";
  if (base == "ld.lld" || base.rfind("ld.lld-", 0) == 0) return "lld";
  if (base == "ccache") return "ccache";
  for (const ArchInfo& arch : arches())
    if (base == arch.qemu) return arch.qemu_package;
  return {};
}

bool check_program(const std::string& program, std::string* err) {
  if (!find_program(program).empty()) return true;
  std::string package = package_providing(program);
  *err = program + " not found in PATH";
  if (program.find('/') != std::string::npos) *err = program + " not found";
  if (!package.empty()) *err += ": install it with `apt-get install " + package + "`";
  return false;
}

SourceLanguage source_language(std::string_view source) {
  // The extension as std::filesystem::path sees it, without building a path.
  std::string_view name = source.substr(source.rfind('/') + 1);
  size_t dot = name.rfind('.');
  std::string_view ext = dot == std::string_view::npos || dot == 0 ? "" : name.substr(dot);
  if (ext == ".c") return SourceLanguage::c;
  if (ext == ".S" || ext == ".s") return SourceLanguage::assembly;
  return SourceLanguage::cxx;
}

bool compile_argv(const Toolchain& tools, const CompileFlagsInput& in,
                  const std::filesystem::path& source, const std::filesystem::path& object,
                  const std::filesystem::path& depfile, std::vector<std::string>* out,
                  std::string* err) {
  if (!compile_flags_argv(tools, in, source_language(source.native()), out, err)) return false;
  std::string source_arg = path_argument(source.native());
  for (std::string_view arg : compile_output_args(source_arg, object.native(), depfile.native()))
    out->emplace_back(arg);
  return true;
}

std::string path_argument(std::string path) {
  if (!path.empty() && path[0] == '-') path.insert(0, "./");
  return path;
}

bool compile_flags_argv(const Toolchain& tools, const CompileFlagsInput& in, SourceLanguage lang,
                        std::vector<std::string>* out, std::string* err) {
  const Config& config = *in.config;
  const Profile& profile = *in.profile;
  TargetSpec spec;
  if (!target_spec(config.arch.value, &spec, err)) return false;

  std::vector<std::string>& argv = *out;
  argv = tools.launcher;
  argv.push_back(lang == SourceLanguage::cxx ? tools.cxx : tools.cc);
  argv.push_back("--target=" + spec.triple);
  if (lang == SourceLanguage::cxx) argv.push_back("-std=" + config.cxx_standard);
  if (lang == SourceLanguage::c) argv.push_back("-std=" + config.c_standard);
  fixed_compile_flags(spec, lang, &argv);
  append(&argv, runtime_include_flags(in.data_dir));
  argv.push_back("-O" + profile.opt_level);
  if (profile.debug) argv.push_back("-g");
  if (in.color) argv.push_back("-fcolor-diagnostics");
  for (const auto& dir : config.include_dirs) argv.push_back("-I" + dir.value);
  for (const auto& define : config.defines) argv.push_back("-D" + define);
  // Each language gets the common flags, then its own: C flags never reach C++ and back.
  append(&argv, config.flags);
  if (lang == SourceLanguage::c) append(&argv, config.cflags);
  if (lang == SourceLanguage::cxx) append(&argv, config.cxxflags);
  for (const auto& define : profile.defines) argv.push_back("-D" + define);
  append(&argv, profile.flags);
  if (lang == SourceLanguage::c) append(&argv, profile.cflags);
  if (lang == SourceLanguage::cxx) append(&argv, profile.cxxflags);
  return true;
}

std::array<std::string_view, 7> compile_output_args(std::string_view source,
                                                    std::string_view object,
                                                    std::string_view depfile) {
  return {"-MD", "-MF", depfile, "-c", source, "-o", object};
}

std::filesystem::path linker_script(const Config& config, const std::filesystem::path& data_dir) {
  if (config.linker_script) return config.root / config.linker_script->value;
  TargetSpec spec;
  std::string err;  // an architecture without a row fails in compile_argv and link_argv first
  target_spec(config.arch.value, &spec, &err);
  return data_dir / spec.default_linker_script;
}

bool link_argv(const Toolchain& tools, const Config& config, const Profile& profile,
               const std::filesystem::path& script, const std::filesystem::path& elf,
               const std::vector<std::string>& objects, std::vector<std::string>* out,
               std::string* err) {
  std::vector<std::string> target_flags;
  if (!kernel_link_flags(config.arch.value, &target_flags, err)) return false;
  std::vector<std::string>& argv = *out;
  argv = {tools.ld};
  append(&argv, target_flags);
  append(&argv, {"-T", script.string()});
  append(&argv, config.ldflags);
  append(&argv, profile.ldflags);
  append(&argv, {"-o", elf.string()});
  argv.reserve(argv.size() + objects.size());
  argv.insert(argv.end(), objects.begin(), objects.end());
  return true;
}

std::vector<std::string> output_relevant_argv(const Toolchain& tools,
                                              const std::vector<std::string>& argv) {
  size_t skip = 0;
  if (!tools.launcher.empty() && argv.size() > tools.launcher.size() &&
      std::equal(tools.launcher.begin(), tools.launcher.end(), argv.begin())) {
    skip = tools.launcher.size();
  }
  std::vector<std::string> out;
  out.reserve(argv.size() - skip);
  for (size_t i = skip; i < argv.size(); ++i) {
    if (output_irrelevant_flag(argv[i])) continue;
    out.push_back(argv[i]);
  }
  return out;
}

}  // namespace kbuild
