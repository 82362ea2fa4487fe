#include "config/config_reader.h"

#include <cstdlib>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "build/target.h"
#include "support/project_dir_test.h"

namespace kbuild {
namespace {
namespace fs = std::filesystem;

class ConfigReader : public test::ProjectDirTest {
 protected:
  Config read_ok(const std::string& toml) {
    write("kernel.toml", toml);
    Config config;
    std::string err;
    EXPECT_TRUE(read_config("kernel.toml", &config, &err)) << err;
    return config;
  }
  std::string read_error(const std::string& toml) {
    write("kernel.toml", toml);
    Config config;
    std::string err;
    EXPECT_FALSE(read_config("kernel.toml", &config, &err)) << toml;
    return err;
  }
};

using Strings = std::vector<std::string>;

TEST_F(ConfigReader, AppliesEveryDefault) {
  Config c = read_ok("[kernel]\nname = \"hello\"\n");
  EXPECT_EQ(c.manifest_path, root_ / "kernel.toml");
  EXPECT_EQ(c.root, root_);
  EXPECT_EQ(c.name.value, "hello");
  EXPECT_EQ(c.name.pos.line, 2);
  EXPECT_EQ(c.name.pos.column, 8);
  EXPECT_EQ(c.version, "0.1.0");
  EXPECT_EQ(c.cxx_standard, "c++20");
  ASSERT_EQ(c.sources.size(), 3u);
  EXPECT_EQ(c.sources[0].value, "src/**/*.cpp");
  EXPECT_EQ(c.sources[1].value, "src/**/*.c");
  EXPECT_EQ(c.sources[2].value, "src/**/*.S");
  EXPECT_EQ(c.sources[0].pos.line, 0);  // a default, not from the file
  EXPECT_TRUE(c.include_dirs.empty());
  EXPECT_TRUE(c.defines.empty());
  EXPECT_TRUE(c.cflags.empty());
  EXPECT_TRUE(c.cxxflags.empty());
  EXPECT_TRUE(c.ldflags.empty());
  EXPECT_FALSE(c.linker_script.has_value());
  EXPECT_TRUE(c.compiler_launcher.empty());
  EXPECT_EQ(c.entry_file, "");  // src/main.cpp does not exist here
  EXPECT_EQ(c.arch.value, Arch::x86_64);
  EXPECT_EQ(c.boot.value, BootMode::hybrid);

  ASSERT_EQ(c.profiles.size(), 2u);
  const Profile& dev = c.profiles.at("dev");
  EXPECT_EQ(dev.name, "dev");
  EXPECT_EQ(dev.opt_level, "g");
  EXPECT_TRUE(dev.debug);
  EXPECT_TRUE(dev.defines.empty() && dev.cflags.empty() && dev.ldflags.empty());
  const Profile& release = c.profiles.at("release");
  EXPECT_EQ(release.name, "release");
  EXPECT_EQ(release.opt_level, "2");
  EXPECT_FALSE(release.debug);

  EXPECT_EQ(c.bootloader.stack_size, 128u * 1024);
  EXPECT_FALSE(c.bootloader.physical_memory_offset);  // unset: the architecture decides
  EXPECT_EQ(physical_memory_offset(c), 0xffff800000000000u);
  EXPECT_EQ(c.bootloader.framebuffer.width, 0u);
  EXPECT_EQ(c.bootloader.framebuffer.height, 0u);
  EXPECT_EQ(c.bootloader.cmdline, "");

  EXPECT_TRUE(c.run.command.empty());
  EXPECT_TRUE(c.run.args.empty());
  EXPECT_EQ(c.run.memory, "256M");

  EXPECT_EQ(c.test.sources, (Strings{"tests/*.cpp"}));
  EXPECT_EQ(c.test.success_exit_code, 33);
  EXPECT_EQ(c.test.timeout_seconds, 300);
  EXPECT_TRUE(c.test.args.empty());
  EXPECT_TRUE(c.test.no_reboot);
}

TEST_F(ConfigReader, EntryDefaultsToSrcMainWhenItExists) {
  write("src/main.cpp", "");
  EXPECT_EQ(read_ok("[kernel]\nname = \"hello\"\n").entry_file, "src/main.cpp");
}

TEST_F(ConfigReader, ReadsEveryKey) {
  write("src/kmain.cpp", "");
  write("include/.keep", "");
  write("arch/.keep", "");
  write("linker.ld", "");
  Config c = read_ok(R"(
[kernel]
name = "my-os"
version = "1.2.3-rc.1"
cxx-standard = "c++2b"
sources = ["src/**/*.cpp", "boot/*.S"]
include-dirs = ["include", "arch"]
defines = ["FOO", "BAR=1"]
cflags = ["-Wall"]
cxxflags = ["-fno-threadsafe-statics"]
ldflags = ["--no-relax"]
linker-script = "linker.ld"
compiler-launcher = ["ccache", "--flag"]
entry = "./src/kmain.cpp"

[target]
arch = "x86_64"
boot = "bios"

[profile.dev]
opt-level = 1
debug = false
defines = ["DEV"]
cflags = ["-fsanitize=undefined"]
ldflags = ["-Map=dev.map"]

[profile.release]
opt-level = "s"

[profile.fast]
inherits = "release"
opt-level = 3
debug = true

[profile.quick]

[bootloader]
stack-size = "256K"
physical-memory-offset = "0xffffc00000000000"
framebuffer = { width = 1024, height = 768, bpp = 24 }
cmdline = "console=serial"

[run]
command = ["qemu-system-x86_64", "-drive", "format=raw,file={}"]
args = ["-m", "512M"]
memory = "1G"

[test]
sources = ["tests/**/*.cpp"]
success-exit-code = 3
timeout = 5
args = ["-display", "none"]
no-reboot = false
)");
  EXPECT_EQ(c.name.value, "my-os");
  EXPECT_EQ(c.version, "1.2.3-rc.1");
  EXPECT_EQ(c.cxx_standard, "c++2b");
  ASSERT_EQ(c.sources.size(), 2u);
  EXPECT_EQ(c.sources[1].value, "boot/*.S");
  EXPECT_EQ(c.sources[1].pos.line, 6);
  EXPECT_EQ(c.sources[1].pos.column, 28);
  ASSERT_EQ(c.include_dirs.size(), 2u);
  EXPECT_EQ(c.include_dirs[0].value, "include");
  EXPECT_EQ(c.include_dirs[1].value, "arch");
  EXPECT_EQ(c.include_dirs[1].pos.line, 7);
  EXPECT_EQ(c.defines, (Strings{"FOO", "BAR=1"}));
  EXPECT_EQ(c.cflags, (Strings{"-Wall"}));
  EXPECT_EQ(c.cxxflags, (Strings{"-fno-threadsafe-statics"}));
  EXPECT_EQ(c.ldflags, (Strings{"--no-relax"}));
  ASSERT_TRUE(c.linker_script.has_value());
  EXPECT_EQ(c.linker_script->value, "linker.ld");
  EXPECT_EQ(c.linker_script->pos.line, 12);
  EXPECT_EQ(c.compiler_launcher, (Strings{"ccache", "--flag"}));
  EXPECT_EQ(c.entry_file, "src/kmain.cpp");
  EXPECT_EQ(c.arch.value, Arch::x86_64);
  EXPECT_EQ(c.arch.pos.line, 17);
  EXPECT_EQ(c.boot.value, BootMode::bios);

  ASSERT_EQ(c.profiles.size(), 4u);
  const Profile& dev = c.profiles.at("dev");
  EXPECT_EQ(dev.opt_level, "1");
  EXPECT_FALSE(dev.debug);
  EXPECT_EQ(dev.defines, (Strings{"DEV"}));
  EXPECT_EQ(dev.cflags, (Strings{"-fsanitize=undefined"}));
  EXPECT_EQ(dev.ldflags, (Strings{"-Map=dev.map"}));
  const Profile& release = c.profiles.at("release");
  EXPECT_EQ(release.opt_level, "s");
  EXPECT_FALSE(release.debug);
  const Profile& fast = c.profiles.at("fast");
  EXPECT_EQ(fast.name, "fast");
  EXPECT_EQ(fast.opt_level, "3");
  EXPECT_TRUE(fast.debug);
  const Profile& quick = c.profiles.at("quick");  // inherits dev, as overridden above
  EXPECT_EQ(quick.name, "quick");
  EXPECT_EQ(quick.opt_level, "1");
  EXPECT_FALSE(quick.debug);
  EXPECT_EQ(quick.defines, (Strings{"DEV"}));

  EXPECT_EQ(c.bootloader.stack_size, 256u * 1024);
  EXPECT_EQ(c.bootloader.physical_memory_offset, std::optional<uint64_t>(0xffffc00000000000u));
  EXPECT_EQ(c.bootloader.framebuffer.width, 1024u);
  EXPECT_EQ(c.bootloader.framebuffer.height, 768u);
  EXPECT_EQ(c.bootloader.framebuffer.bpp, 24u);
  EXPECT_EQ(c.bootloader.cmdline, "console=serial");

  EXPECT_EQ(c.run.command, (Strings{"qemu-system-x86_64", "-drive", "format=raw,file={}"}));
  EXPECT_EQ(c.run.args, (Strings{"-m", "512M"}));
  EXPECT_EQ(c.run.memory, "1G");

  EXPECT_EQ(c.test.sources, (Strings{"tests/**/*.cpp"}));
  EXPECT_EQ(c.test.success_exit_code, 3);
  EXPECT_EQ(c.test.timeout_seconds, 5);
  EXPECT_EQ(c.test.args, (Strings{"-display", "none"}));
  EXPECT_FALSE(c.test.no_reboot);
}

TEST_F(ConfigReader, AlternativeValueForms) {
  Config c = read_ok(R"([kernel]
name = "_k"
[bootloader]
stack-size = 65536
physical-memory-offset = "18446603336221196288"
[bootloader.framebuffer]
width = 800
height = 600
[run]
memory = 128
)");
  EXPECT_EQ(c.bootloader.stack_size, 65536u);
  EXPECT_EQ(c.bootloader.physical_memory_offset, std::optional<uint64_t>(0xffff800000000000u));
  EXPECT_EQ(c.bootloader.framebuffer.width, 800u);
  EXPECT_EQ(c.bootloader.framebuffer.bpp, 32u);
  EXPECT_EQ(c.run.memory, "128M");
}

// The file's value alone; the environment's KBUILD_COMPILER_LAUNCHER is applied by
// make_toolchain (build_target_test).
TEST_F(ConfigReader, CompilerLauncherFromTheFile) {
  const char* toml = "[kernel]\nname = \"k\"\ncompiler-launcher = [\"ccache\"]\n";
  EXPECT_EQ(read_ok(toml).compiler_launcher, (Strings{"ccache"}));
}

TEST_F(ConfigReader, FindProfile) {
  Config c = read_ok("[kernel]\nname = \"k\"\n[profile.bench]\ninherits = \"release\"\n");
  std::string err;
  const Profile* bench = find_profile(c, "bench", &err);
  ASSERT_NE(bench, nullptr);
  EXPECT_EQ(bench->name, "bench");
  EXPECT_EQ(bench->opt_level, "2");
  ASSERT_NE(find_profile(c, "release", &err), nullptr);
  EXPECT_EQ(find_profile(c, "relase", &err), nullptr);
  EXPECT_EQ(err, "no profile 'relase' in kernel.toml; did you mean 'release'? (known: bench, dev, "
                 "release; add [profile.relase] to define it)");
  EXPECT_EQ(find_profile(c, "xyz", &err), nullptr);
  EXPECT_EQ(err, "no profile 'xyz' in kernel.toml (known: bench, dev, release; add "
                 "[profile.xyz] to define it)");
}

TEST_F(ConfigReader, FindManifestFromSubdirectory) {
  write("kernel.toml", "[kernel]\nname = \"k\"\n");
  fs::create_directories(root_ / "src/arch/x86_64");
  fs::path found;
  std::string err;
  ASSERT_TRUE(find_manifest(root_ / "src/arch/x86_64", &found, &err)) << err;
  EXPECT_EQ(found, root_ / "kernel.toml");
  fs::current_path(root_ / "src/arch");
  ASSERT_TRUE(find_manifest(".", &found, &err)) << err;
  EXPECT_EQ(found, root_ / "kernel.toml");
  ASSERT_TRUE(find_manifest(root_, &found, &err)) << err;
  EXPECT_EQ(found, root_ / "kernel.toml");
}

TEST_F(ConfigReader, FindManifestFailsWhenNoneAbove) {
  fs::create_directories(root_ / "x/y");
  fs::path found;
  std::string err;
  EXPECT_FALSE(find_manifest(root_ / "x/y", &found, &err));
  EXPECT_EQ(err, "could not find kernel.toml in " + (root_ / "x/y").string() +
                     " or any parent directory (create a project with `kbuild new NAME`)");
}

TEST_F(ConfigReader, ErrorsNameTheManifestRelativeToTheCurrentDirectory) {
  write("sub/kernel.toml", "[kernel]\nnam = \"k\"\n");
  Config config;
  std::string err;
  EXPECT_FALSE(read_config("sub/kernel.toml", &config, &err));
  EXPECT_EQ(err, "sub/kernel.toml:2:1: unknown key 'nam' in [kernel]; did you mean 'name'?");
  EXPECT_FALSE(read_config(root_ / "sub/kernel.toml", &config, &err));
  EXPECT_EQ(err, "sub/kernel.toml:2:1: unknown key 'nam' in [kernel]; did you mean 'name'?");
  // From elsewhere, the path is absolute.
  fs::current_path(root_ / "sub");
  write("other/kernel.toml", "[kernel]\nnam = \"k\"\n");
  EXPECT_FALSE(read_config("../other/kernel.toml", &config, &err));
  EXPECT_EQ(err, (root_ / "other/kernel.toml").string() +
                     ":2:1: unknown key 'nam' in [kernel]; did you mean 'name'?");
}

TEST_F(ConfigReader, MissingFile) {
  Config config;
  std::string err;
  EXPECT_FALSE(read_config("kernel.toml", &config, &err));
  EXPECT_EQ(err, "cannot read kernel.toml: No such file or directory");
}

TEST_F(ConfigReader, SyntaxErrors) {
  EXPECT_EQ(read_error("[kernel]\nname \"x\"\n"),
            "kernel.toml:2:6: expected '=' after a key, saw '\"' (TOML syntax error)");
  EXPECT_EQ(read_error("[kernel]\nname = \n"),
            "kernel.toml:2:8: expected a value after '=', saw '\\n' (TOML syntax error)");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\"\n"),
            "kernel.toml:3:24: the file ends inside an array (TOML syntax error)");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\nversion = \"1.0.0\"\n"),
            "kernel.toml:2:10: a string must be closed on the line where it starts, and control "
            "characters in it must be escaped (as \\n or \\t) (TOML syntax error)");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\"\n[kernel]\n"),
            "kernel.toml:3:1: cannot redefine existing table 'kernel' (in a table header) "
            "(TOML syntax error)");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\"\n[bootloader]\n"
                       "physical-memory-offset = 0xffff800000000000\n"),
            "kernel.toml:4:44: '0xffff800000000000' is not representable in 64 bits (in a "
            "hexadecimal integer); TOML integers are signed 64-bit, so write larger values as a "
            "string, as in \"0xffff800000000000\" (TOML syntax error)");
}

struct ErrorCase {
  const char* toml;
  const char* error;
};

// The body of [kernel] after a valid name, so each case reads as the line at fault.
constexpr const char* kName = "[kernel]\nname = \"k\"\n";

TEST_F(ConfigReader, UnknownKeysAndTables) {
  const ErrorCase cases[] = {
      {"[kernel]\nname = \"k\"\nsoruces = []\n",
       "kernel.toml:3:1: unknown key 'soruces' in [kernel]; did you mean 'sources'?"},
      {"[kernl]\nname = \"k\"\n", "kernel.toml:1:2: unknown table [kernl]; did you mean [kernel]?"},
      {"[kernel]\nname = \"k\"\n[stuff]\n",
       "kernel.toml:3:2: unknown table [stuff] (expected kernel, target, profile, bootloader, run "
       "or test)"},
      {"name = \"k\"\n[kernel]\nname = \"k\"\n",
       "kernel.toml:1:1: key 'name' is outside any table; keys belong under a header such as "
       "[kernel]"},
      {"[kernel]\nname = \"k\"\nzzz = 1\n",
       "kernel.toml:3:1: unknown key 'zzz' in [kernel] (expected 'name', 'version', "
       "'cxx-standard', 'c-standard', 'sources', 'include-dirs', 'defines', 'flags', 'cflags', "
       "'cxxflags', 'ldflags', 'linker-script', 'compiler-launcher' or 'entry')"},
      {"[kernel]\nname = \"k\"\n[target]\nach = \"x86_64\"\n",
       "kernel.toml:4:1: unknown key 'ach' in [target]; did you mean 'arch'?"},
      {"[kernel]\nname = \"k\"\n[profile.dev]\nopt_level = 1\n",
       "kernel.toml:4:1: unknown key 'opt_level' in [profile.dev]; did you mean 'opt-level'?"},
      {"[kernel]\nname = \"k\"\n[bootloader]\nstack = \"64K\"\n",
       "kernel.toml:4:1: unknown key 'stack' in [bootloader] (expected 'stack-size', "
       "'physical-memory-offset', 'framebuffer', 'cmdline', 'protocol' or 'modules')"},
      {"[kernel]\nname = \"k\"\n[bootloader]\nframebuffer = { widht = 640, height = 480 }\n",
       "kernel.toml:4:17: unknown key 'widht' in [bootloader.framebuffer]; did you mean 'width'?"},
      {"[kernel]\nname = \"k\"\n[run]\ncomand = []\n",
       "kernel.toml:4:1: unknown key 'comand' in [run]; did you mean 'command'?"},
      {"[kernel]\nname = \"k\"\n[test]\nno_reboot = true\n",
       "kernel.toml:4:1: unknown key 'no_reboot' in [test]; did you mean 'no-reboot'?"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

TEST_F(ConfigReader, MissingRequiredKeys) {
  EXPECT_EQ(read_error("[kernel]\nversion = \"1.0.0\"\n"),
            "kernel.toml:1:1: missing required key 'name' in [kernel]");
  EXPECT_EQ(read_error("# my kernel\n\n[kernel]\n"),
            "kernel.toml:3:1: missing required key 'name' in [kernel]");
  EXPECT_EQ(read_error("[target]\narch = \"x86_64\"\n"),
            "kernel.toml:1:1: missing required table [kernel] (it needs at least name = \"...\")");
  EXPECT_EQ(read_error(std::string(kName) + "[bootloader.framebuffer]\nwidth = 640\n"),
            "kernel.toml:3:1: missing required key 'height' in [bootloader.framebuffer]");
}

TEST_F(ConfigReader, WrongTypes) {
  const std::string k = kName;
  const ErrorCase cases[] = {
      {"[kernel]\nname = 5\n", "kernel.toml:2:8: 'name' must be a string, found an integer"},
      {"[kernel]\nname = \"k\"\n\nsources = 5\n",
       "kernel.toml:4:11: 'sources' must be an array of strings, found an integer"},
      {"[kernel]\nname = \"k\"\nsources = [\"a\", 2.5]\n",
       "kernel.toml:3:17: 'sources' must be an array of strings, but item 2 is a floating-point "
       "number"},
      {"[kernel]\nname = \"k\"\ndefines = \"FOO\"\n",
       "kernel.toml:3:11: 'defines' must be an array of strings, found a string"},
      {"kernel = \"k\"\n", "kernel.toml:1:10: 'kernel' must be a table, found a string"},
      {"[kernel]\nname = \"k\"\nversion = 1979-05-27\n",
       "kernel.toml:3:11: 'version' must be a string, found a date"},
      {"[kernel]\nname = \"k\"\n[profile.dev]\ndebug = \"yes\"\n",
       "kernel.toml:4:9: 'debug' must be true or false, found a string"},
      {"[kernel]\nname = \"k\"\n[profile.dev]\nopt-level = true\n",
       "kernel.toml:4:13: 'opt-level' must be an integer or a string, found a boolean"},
      {"[kernel]\nname = \"k\"\n[profile]\ndev = 1\n",
       "kernel.toml:4:7: 'profile.dev' must be a table ([profile.dev]), found an integer"},
      {"[kernel]\nname = \"k\"\n[bootloader]\nframebuffer = true\n",
       "kernel.toml:4:15: 'framebuffer' must be a table, found a boolean"},
      {"[kernel]\nname = \"k\"\n[bootloader]\nstack-size = 1.5\n",
       "kernel.toml:4:14: 'stack-size' must be an integer or a string such as \"128K\", found a "
       "floating-point number"},
      {"[kernel]\nname = \"k\"\n[bootloader]\nphysical-memory-offset = []\n",
       "kernel.toml:4:26: 'physical-memory-offset' must be an integer or a string such as "
       "\"0xffff800000000000\", found an array"},
      {"[kernel]\nname = \"k\"\n[test]\ntimeout = 1.5\n",
       "kernel.toml:4:11: 'timeout' must be an integer, found a floating-point number"},
      {"[kernel]\nname = \"k\"\n[test]\nno-reboot = 1\n",
       "kernel.toml:4:13: 'no-reboot' must be true or false, found an integer"},
      {"[kernel]\nname = \"k\"\n[run]\ncommand = \"qemu\"\n",
       "kernel.toml:4:11: 'command' must be an array of strings, found a string"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

TEST_F(ConfigReader, BadKernelValues) {
  const std::string k = kName;
  const ErrorCase cases[] = {
      {"[kernel]\nname = \"2fast\"\n",
       "kernel.toml:2:8: name \"2fast\" is not a valid kernel name (use letters, digits, '_' and "
       "'-', starting with a letter or '_')"},
      {"[kernel]\nname = \"k\"\nversion = \"1.0\"\n",
       "kernel.toml:3:11: version \"1.0\" is not a version such as \"0.1.0\" (MAJOR.MINOR.PATCH)"},
      {"[kernel]\nname = \"k\"\ncxx-standard = \"c++23\"\n",
       "kernel.toml:3:16: cxx-standard \"c++23\" is not supported (expected \"c++17\", \"c++20\" "
       "or \"c++2b\"); did you mean \"c++2b\"?"},
      {"[kernel]\nname = \"k\"\ncxx-standard = \"gnu\"\n",
       "kernel.toml:3:16: cxx-standard \"gnu\" is not supported (expected \"c++17\", \"c++20\" or "
       "\"c++2b\")"},
      {"[kernel]\nname = \"k\"\nsources = []\n",
       "kernel.toml:3:11: 'sources' is empty; list at least one glob, such as \"src/**/*.cpp\""},
      {"[kernel]\nname = \"k\"\nsources = [\"src/*.cpp\", \"/abs/*.c\"]\n",
       "kernel.toml:3:25: '/abs/*.c' must be relative to the project root"},
      {"[kernel]\nname = \"k\"\nsources = [\"src/[a.cpp\"]\n",
       "kernel.toml:3:12: 'src/[a.cpp' has a '[' without its closing ']'"},
      {"[kernel]\nname = \"k\"\ninclude-dirs = [\"include\"]\n",
       "kernel.toml:3:17: include directory 'include' does not exist"},
      {"[kernel]\nname = \"k\"\ndefines = [\"OK\", \"1BAD\"]\n",
       "kernel.toml:3:18: define \"1BAD\" is not NAME or NAME=VALUE with NAME a C identifier"},
      {"[kernel]\nname = \"k\"\nlinker-script = \"linker.ld\"\n",
       "kernel.toml:3:17: linker script 'linker.ld' does not exist"},
      {"[kernel]\nname = \"k\"\nentry = \"src/kmain.cpp\"\n",
       "kernel.toml:3:9: entry 'src/kmain.cpp' does not exist"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
  write("src/main.cpp", "");
  write("notdir", "");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\"\ninclude-dirs = [\"src\", \"notdir\"]\n"),
            "kernel.toml:3:24: include directory 'notdir' is not a directory");
  EXPECT_EQ(read_error("[kernel]\nname = \"k\"\nlinker-script = \"src\"\n"),
            "kernel.toml:3:17: linker script 'src' is a directory, not a file");
}

TEST_F(ConfigReader, BadTargetValues) {
  const ErrorCase cases[] = {
      {"[kernel]\nname = \"k\"\n[target]\narch = \"arm\"\n",
       "kernel.toml:4:8: arch \"arm\" is not a known architecture (expected \"x86_64\", \"aarch64\" or \"riscv64\")"},
      {"[kernel]\nname = \"k\"\n[target]\nboot = \"efi\"\n",
       "kernel.toml:4:8: boot \"efi\" is not a known boot mode (expected \"hybrid\", \"bios\" or \"uefi\")"},
      {"[kernel]\nname = \"k\"\n[target]\nmbr-boot-flag = 1\n",
       "kernel.toml:4:17: 'mbr-boot-flag' must be true or false, found an integer"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

TEST_F(ConfigReader, Aarch64IsAnArchitecture) {
  Config c = read_ok("[kernel]\nname = \"k\"\n[target]\narch = \"aarch64\"\n");
  EXPECT_EQ(c.arch.value, Arch::aarch64);
  EXPECT_EQ(physical_memory_offset(c), 0xffff800000000000u);  // its row's default
}

TEST_F(ConfigReader, Riscv64ArchAndItsPhysicalMemoryOffsetDefault) {
  Config c = read_ok("[kernel]\nname = \"k\"\n[target]\narch = \"riscv64\"\n");
  EXPECT_EQ(c.arch.value, Arch::riscv64);
  EXPECT_EQ(physical_memory_offset(c), 0xffffffc000000000u);  // Sv39's upper half
  Config given = read_ok(
      "[kernel]\nname = \"k\"\n[target]\narch = \"riscv64\"\n[bootloader]\nphysical-memory-offset = "
      "\"0xffffffd000000000\"\n");
  EXPECT_EQ(physical_memory_offset(given), 0xffffffd000000000u);
}

TEST_F(ConfigReader, BootModes) {
  EXPECT_EQ(read_ok("[kernel]\nname = \"k\"\n").boot.value, BootMode::hybrid);
  EXPECT_EQ(read_ok("[kernel]\nname = \"k\"\n[target]\nboot = \"bios\"\n").boot.value, BootMode::bios);
  EXPECT_EQ(read_ok("[kernel]\nname = \"k\"\n[target]\nboot = \"uefi\"\n").boot.value, BootMode::uefi);
  Config c = read_ok("[kernel]\nname = \"k\"\n[target]\nboot = \"hybrid\"\nmbr-boot-flag = true\n");
  EXPECT_EQ(c.boot.value, BootMode::hybrid);
  EXPECT_EQ(c.boot.pos.line, 4);
  EXPECT_TRUE(c.mbr_boot_flag);
  EXPECT_FALSE(read_ok("[kernel]\nname = \"k\"\n").mbr_boot_flag);
}

TEST_F(ConfigReader, BadProfileValues) {
  const ErrorCase cases[] = {
      {"[kernel]\nname = \"k\"\n[profile.dev]\nopt-level = 4\n",
       "kernel.toml:4:13: opt-level 4 is not one of 0, 1, 2, 3, \"s\", \"z\" or \"g\""},
      {"[kernel]\nname = \"k\"\n[profile.dev]\nopt-level = \"fast\"\n",
       "kernel.toml:4:13: opt-level \"fast\" is not one of 0, 1, 2, 3, \"s\", \"z\" or \"g\""},
      {"[kernel]\nname = \"k\"\n[profile.release]\ninherits = \"dev\"\n",
       "kernel.toml:4:12: [profile.release] is built in and cannot inherit; 'inherits' is for "
       "profiles of your own"},
      {"[kernel]\nname = \"k\"\n[profile.fast]\ninherits = \"relase\"\n",
       "kernel.toml:4:12: profile 'fast' inherits from 'relase', which is not defined; did you "
       "mean 'release'?"},
      {"[kernel]\nname = \"k\"\n[profile.a]\ninherits = \"a\"\n",
       "kernel.toml:4:12: profile 'a' inherits from itself"},
      {"[kernel]\nname = \"k\"\n[profile.a]\ninherits = \"b\"\n[profile.b]\ninherits = \"a\"\n",
       "kernel.toml:6:12: profile 'b' inherits from 'a', which leads back to 'b'; profiles cannot "
       "inherit in a loop"},
      {"[kernel]\nname = \"k\"\n[profile.\"my profile\"]\n",
       "kernel.toml:3:10: profile name 'my profile' is not valid (use letters, digits, '_' and "
       "'-', starting with a letter or '_')"},
      {"[kernel]\nname = \"k\"\n[profile.dev]\ndefines = [\"A B\"]\n",
       "kernel.toml:4:12: define \"A B\" is not NAME or NAME=VALUE with NAME a C identifier"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

TEST_F(ConfigReader, BadBootloaderValues) {
  const std::string head = "[kernel]\nname = \"k\"\n[bootloader]\n";
  const std::pair<std::string, std::string> cases[] = {
      {"stack-size = \"32K\"", "4:14: stack-size must be at least 64K, found 32768 bytes"},
      {"stack-size = 70000",
       "4:14: stack-size must be a multiple of 4K (the page size), found 70000 bytes"},
      {"stack-size = \"2G\"", "4:14: stack-size must be at most 1G, found 2147483648 bytes"},
      {"stack-size = -4096", "4:14: stack-size must not be negative, found -4096"},
      {"stack-size = \"12Q\"",
       "4:14: stack-size \"12Q\" is not a size (write bytes, or a number with K, M or G, as in "
       "\"128K\")"},
      {"physical-memory-offset = 0x40000000",
       "4:26: physical-memory-offset 0x40000000 is in the lower half; use a higher-half address "
       "such as \"0xffff800000000000\""},
      {"physical-memory-offset = \"0xff00000000000000\"",
       "4:26: physical-memory-offset 0xff00000000000000 is not a canonical address (bits 63 to "
       "47 must be all equal)"},
      {"physical-memory-offset = \"0xffff800000001000\"",
       "4:26: physical-memory-offset 0xffff800000001000 must be aligned to 1 GiB (0x40000000)"},
      {"physical-memory-offset = \"high\"",
       "4:26: physical-memory-offset \"high\" is not a number (write it in hexadecimal, as in "
       "\"0xffff800000000000\")"},
      {"physical-memory-offset = -1",
       "4:26: physical-memory-offset must not be negative; write a higher-half address as a "
       "string, as in \"0xffff800000000000\""},
      {"framebuffer = { width = 640, height = 480, bpp = 16 }",
       "4:50: framebuffer bpp must be 32 or 24, found 16"},
      {"framebuffer = { width = 0, height = 480 }",
       "4:25: framebuffer width must be from 1 to 16384 pixels, found 0"},
      {"framebuffer = { width = 640 }",
       "4:15: missing required key 'height' in [bootloader.framebuffer]"},
      {"cmdline = \"" + std::string(400, 'x') + "\"",
       "4:11: cmdline is 400 bytes long; it must be under 400 bytes"},
  };
  for (const auto& [line, error] : cases)
    EXPECT_EQ(read_error(head + line + "\n"), "kernel.toml:" + error) << line;
  EXPECT_EQ(read_ok(head + "cmdline = \"" + std::string(399, 'x') + "\"\n").bootloader.cmdline.size(),
            399u);
}

TEST_F(ConfigReader, BadRunAndTestValues) {
  const ErrorCase cases[] = {
      {"[kernel]\nname = \"k\"\n[run]\ncommand = []\n",
       "kernel.toml:4:11: run command is empty; leave it out to let kbuild choose one"},
      {"[kernel]\nname = \"k\"\n[run]\ncommand = [\"qemu-system-x86_64\", \"disk.img\"]\n",
       "kernel.toml:4:11: run command must contain {} where the image path goes, as in "
       "\"format=raw,file={}\""},
      {"[kernel]\nname = \"k\"\n[run]\nmemory = \"lots\"\n",
       "kernel.toml:4:10: memory \"lots\" is not a size QEMU understands (a number with an "
       "optional K, M, G or T, as in \"256M\")"},
      {"[kernel]\nname = \"k\"\n[run]\nmemory = 0\n",
       "kernel.toml:4:10: memory must be positive, found 0"},
      {"[kernel]\nname = \"k\"\n[test]\nsuccess-exit-code = 32\n",
       "kernel.toml:4:21: success-exit-code must be an odd number from 3 to 253, since QEMU "
       "exits with (value << 1) | 1; found 32"},
      {"[kernel]\nname = \"k\"\n[test]\nsuccess-exit-code = 257\n",
       "kernel.toml:4:21: success-exit-code must be an odd number from 3 to 253, since QEMU "
       "exits with (value << 1) | 1; found 257"},
      {"[kernel]\nname = \"k\"\n[test]\ntimeout = 0\n",
       "kernel.toml:4:11: timeout must be a positive number of seconds, found 0"},
      {"[kernel]\nname = \"k\"\n[test]\nsources = [\"tests/**x/*.cpp\"]\n",
       "kernel.toml:4:12: '**' must be a whole path component in 'tests/**x/*.cpp' (as in "
       "'src/**/*.cpp')"},
  };
  for (const ErrorCase& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

TEST_F(ConfigReader, ReportsTheFirstErrorInFileOrder) {
  // 'zeta' sorts after 'arch' but comes first in the file; [target] comes before [kernel].
  EXPECT_EQ(read_error("[target]\nzeta = 1\narch = \"arm\"\n[kernel]\nname = 5\n"),
            "kernel.toml:2:1: unknown key 'zeta' in [target] (expected 'arch', 'boot' or 'mbr-boot-flag')");
  EXPECT_EQ(read_error("[test]\ntimeout = 0\n[kernel]\nname = 5\n"),
            "kernel.toml:2:11: timeout must be a positive number of seconds, found 0");
  EXPECT_EQ(read_error("[kernel]\nversion = \"x\"\nname = \"k\"\n"),
            "kernel.toml:2:11: version \"x\" is not a version such as \"0.1.0\" (MAJOR.MINOR.PATCH)");
}

// [test.NAME] keys are rows of the schema: unknown keys get "did you mean", values their place
// and type errors like every other key's, and the shared parsers say which table they are in.
TEST_F(ConfigReader, TestKernelTables) {
  Config config = read_ok(std::string(kName) +
                          "[test.oom]\nexpect = \"exit:7\"\ntimeout = 10\nmemory = 64\nsmp = 2\nargs = [\"-no-hpet\"]\n"
                          "cmdline = \"heap=small\"\nexpect-screen = \"tests/oom.screen.txt\"\n"
                          "sources = [\"tests/support/*.cpp\"]\nfirmware = \"all\"\n[test.\"mm/alloc\"]\n"
                          "firmware = \"uefi\"\n");
  ASSERT_EQ(config.test.kernels.size(), 2u);
  const TestKernelSettings& oom = config.test.kernels[0];
  EXPECT_EQ(oom.name, "oom");
  EXPECT_EQ(oom.expect.kind, TestExpectation::Kind::exit);
  EXPECT_EQ(oom.expect.exit_status, 7);
  EXPECT_EQ(oom.timeout_seconds, 10);
  EXPECT_EQ(oom.memory, "64M");
  EXPECT_EQ(oom.smp, 2);
  EXPECT_EQ(oom.args, (std::vector<std::string>{"-no-hpet"}));
  EXPECT_EQ(oom.cmdline, "heap=small");
  EXPECT_EQ(oom.expect_screen, "tests/oom.screen.txt");
  EXPECT_EQ(oom.sources, (std::vector<std::string>{"tests/support/*.cpp"}));
  EXPECT_EQ(oom.firmwares, (std::vector<Firmware>{Firmware::bios, Firmware::uefi}));
  EXPECT_EQ(config.test.kernels[1].name, "mm/alloc");
  EXPECT_EQ(config.test.kernels[1].firmwares, (std::vector<Firmware>{Firmware::uefi}));
  EXPECT_FALSE(config.test.kernels[1].timeout_seconds);
  EXPECT_FALSE(config.test.kernels[1].cmdline);
  // A path that leaves the project only to come back is inside it.
  EXPECT_EQ(read_ok(std::string(kName) + "[test.x]\nexpect-screen = \"tests/../x.txt\"\n").test.kernels[0].expect_screen,
            "tests/../x.txt");

  const std::string k = std::string(kName) + "[test.x]\n";
  struct { std::string toml, error; } const cases[] = {
      {k + "expct = \"panic\"\n", "kernel.toml:4:1: unknown key 'expct' in [test.x]; did you mean 'expect'?"},
      {k + "zzz = 1\n",
       "kernel.toml:4:1: unknown key 'zzz' in [test.x] (expected 'expect', 'timeout', 'args', 'memory', 'smp', "
       "'cmdline', 'expect-screen', 'sources' or 'firmware')"},
      {k + "timeout = \"10\"\n", "kernel.toml:4:11: 'timeout' must be an integer, found a string"},
      {k + "timeout = 0\n", "kernel.toml:4:11: timeout must be a positive number of seconds, found 0"},
      {k + "expect = \"explode\"\n",
       "kernel.toml:4:10: expect \"explode\" in [test.x] is not known (expected \"pass\", \"panic\", \"fault\", "
       "\"timeout\" or \"exit:N\" with N from 0 to 255)"},
      {k + "expect = \"exit:256\"\n",
       "kernel.toml:4:10: expect \"exit:256\" in [test.x] is not known (expected \"pass\", \"panic\", \"fault\", "
       "\"timeout\" or \"exit:N\" with N from 0 to 255)"},
      {k + "smp = 300\n", "kernel.toml:4:7: smp in [test.x] must be a number of CPUs from 1 to 255, found 300"},
      {k + "memory = \"lots\"\n",
       "kernel.toml:4:10: memory \"lots\" is not a size QEMU understands (a number with an optional K, M, G or T, "
       "as in \"256M\")"},
      {k + "args = [1]\n", "kernel.toml:4:9: 'args' must be an array of strings, but item 1 is an integer"},
      {k + "expect-screen = \"../x.txt\"\n",
       "kernel.toml:4:17: expect-screen \"../x.txt\" in [test.x] must be a file path relative to the project "
       "directory, as in \"tests/x.screen.txt\""},
      {k + "expect-screen = \"tests/../../x.txt\"\n",
       "kernel.toml:4:17: expect-screen \"tests/../../x.txt\" in [test.x] must be a file path relative to the "
       "project directory, as in \"tests/x.screen.txt\""},
      {k + "expect-screen = \"/tmp/x.txt\"\n",
       "kernel.toml:4:17: expect-screen \"/tmp/x.txt\" in [test.x] must be a file path relative to the project "
       "directory, as in \"tests/x.screen.txt\""},
      {k + "sources = []\n",
       "kernel.toml:4:11: 'sources' in [test.x] must list file names or globs, as in [\"tests/support/*.cpp\"]"},
      {k + "sources = [\"tests/a**/*.cpp\"]\n",
       "kernel.toml:4:12: '**' must be a whole path component in 'tests/a**/*.cpp' (as in 'src/**/*.cpp')"},
      {k + "firmware = \"coreboot\"\n",
       "kernel.toml:4:12: firmware \"coreboot\" in [test.x] is not known (expected \"bios\", \"uefi\" or \"all\")"},
      {std::string(kName) + "[test]\nfirmware = \"coreboot\"\n",
       "kernel.toml:4:12: firmware \"coreboot\" is not known (expected \"bios\", \"uefi\" or \"all\")"},
  };
  for (const auto& c : cases) EXPECT_EQ(read_error(c.toml), c.error);
}

}  // namespace
}  // namespace kbuild
