#include "boot/boot_harness.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>

#include <kbuild/boot.h>

#include "build/target.h"
#include "core/fs.h"
#include "core/process.h"
#include "boot_manifest.h"
#include "support/scratch_dir.h"

namespace kbuild::boot_test {

namespace fs = std::filesystem;

namespace {

constexpr const char* kOvmf = "/usr/share/ovmf/OVMF.fd";

}  // namespace

bool run_tool(const std::vector<std::string>& argv, std::string* err) {
  ProcessSpec spec;
  spec.argv = argv;
  spec.output = ProcessSpec::Output::merge;
  spec.timeout = std::chrono::seconds(120);
  ProcessResult result;
  if (!run_process(spec, &result, err)) return false;
  if (!result.ok()) {
    *err = format_command(argv) + ": " + result.describe() + "\n" + result.out;
    return false;
  }
  return true;
}

fs::path work_dir() {
  // One directory per test below one per process (ctest runs each test as a process of its
  // own), removed when the process ends, kept when a test failed.
  static test::ScratchDir root("boot");
  const ::testing::TestInfo* test = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = root.path();
  if (test) dir /= std::string(test->test_suite_name()) + "." + test->name();
  return dir;
}

bool test_kernel_compile_flags(bool c, std::vector<std::string>* out, std::string* err) {
  if (!kernel_target_flags(Arch::x86_64, c ? SourceLanguage::c : SourceLanguage::cxx, out, err))
    return false;
  out->insert(out->end(), {c ? "-std=c11" : "-std=c++20", "-O2", "-Wall"});
  return true;
}

bool build_kernel(const KernelSpec& spec, fs::path* elf, std::string* err) {
  static std::map<fs::path, fs::path> built;
  fs::path dir = work_dir() / spec.name;
  if (auto it = built.find(dir); it != built.end()) {
    *elf = it->second;
    return true;
  }
  fs::create_directories(dir);
  fs::path kernels = fs::path(KBUILD_SOURCE_DIR) / "tests/boot/kernels";
  fs::path object = dir / "kernel.o";
  bool c = fs::path(spec.source).extension() == ".c";
  std::vector<std::string> flags;
  if (!test_kernel_compile_flags(c, &flags, err)) return false;
  std::vector<std::string> compile = {c ? "clang" : "clang++"};
  compile.insert(compile.end(), flags.begin(), flags.end());
  compile.push_back("-I" + (fs::path(KBUILD_SOURCE_DIR) / "bootloader/include").string());
  compile.push_back("-I" + (fs::path(KBUILD_SOURCE_DIR) / "runtime/include").string());
  for (const std::string& d : spec.defines) compile.push_back("-D" + d);
  compile.insert(compile.end(), {"-c", (kernels / spec.source).string(), "-o", object.string()});
  if (!run_tool(compile, err)) return false;
  // The target's linker flags without kbuild's -e: each test kernel's script names its entry.
  TargetSpec target;
  if (!target_spec(Arch::x86_64, &target, err)) return false;
  std::vector<std::string> link = {"ld.lld"};
  link.insert(link.end(), target.ldflags.begin(), target.ldflags.end());
  link.insert(link.end(), {"-T", (kernels / spec.linker_script).string(), "-o",
                           (dir / "kernel.elf").string(), object.string()});
  if (!run_tool(link, err)) return false;
  *elf = built[dir] = dir / "kernel.elf";
  return true;
}

bool build_image(const KernelSpec& spec, const ImageOptions& options, const std::string& image_name,
                 fs::path* image, std::string* err) {
  fs::path elf;
  if (!build_kernel(spec, &elf, err)) return false;
  std::vector<uint8_t> bytes;
  if (!read_file_bytes(elf, &bytes, err)) return false;
  *image = elf.parent_path() / image_name;
  return write_image(options, bytes, *image, err);
}

bool build_uefi_disk(const KernelSpec& spec, const ImageOptions& options,
                     const std::string& disk_name, fs::path* disk, std::string* err) {
  ImageOptions hybrid = options;
  hybrid.boot = BootMode::hybrid;
  return build_image(spec, hybrid, disk_name, disk, err);
}

BootOptions uefi_options(std::string memory, int timeout) {
  BootOptions options(std::move(memory), timeout);
  options.firmware = Firmware::uefi;
  return options;
}

BootResult boot(const fs::path& image, const BootOptions& options) {
  std::vector<std::string> argv = {"qemu-system-x86_64",
                                   "-machine",
                                   "q35",
                                   "-m",
                                   options.memory,
                                   "-display",
                                   "none",
                                   "-serial",
                                   "stdio",
                                   "-no-reboot",
                                   "-nodefaults",
                                   "-device",
                                   "isa-debug-exit,iobase=" + std::to_string(KBUILD_DEBUG_EXIT_PORT) +
                                       ",iosize=" + std::to_string(KBUILD_DEBUG_EXIT_IOSIZE),
                                   "-drive",
                                   "format=raw,file=" + image.string()};
  if (options.firmware == Firmware::uefi) argv.insert(argv.end(), {"-bios", kOvmf});
  if (options.vga) argv.insert(argv.end(), {"-vga", "std"});
  argv.insert(argv.end(), options.extra_args.begin(), options.extra_args.end());
  ProcessSpec spec;
  spec.argv = argv;
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::seconds(options.timeout_seconds);
  ProcessResult result;
  std::string err;
  BootResult boot;
  if (!run_process(spec, &result, &err)) {
    boot.qemu_err = err;
    return boot;
  }
  boot.started = result.started;
  boot.exit_code = result.exit_code;
  boot.timed_out = result.timed_out;
  boot.serial = result.out;
  boot.qemu_err = result.err;
  boot.seconds = result.seconds;
  return boot;
}

std::vector<MapEntry> parse_memory_map(const std::string& serial) {
  std::vector<MapEntry> map;
  for (size_t at = serial.find("MAP "); at != std::string::npos; at = serial.find("\nMAP ", at + 1)) {
    unsigned long long base = 0, length = 0, type = 0;
    const char* line = serial.c_str() + at + (serial[at] == '\n' ? 1 : 0);
    if (std::sscanf(line, "MAP %llx %llx %llx", &base, &length, &type) == 3) {
      map.push_back({base, length, static_cast<uint32_t>(type)});
    }
  }
  return map;
}

void expect_uefi_map_adds_up(const std::string& serial, uint64_t ram, uint64_t slack) {
  unsigned long long usable = 0, owned = 0, kept = 0;
  size_t at = serial.find("TOTAL usable=");
  ASSERT_NE(at, std::string::npos) << serial;
  ASSERT_EQ(std::sscanf(serial.c_str() + at, "TOTAL usable=%llu owned=%llu kept=%llu", &usable,
                        &owned, &kept),
            3)
      << serial;
  EXPECT_LE(usable + owned + kept, ram) << serial;
  EXPECT_GE(usable + owned + kept, ram - slack) << serial;
  EXPECT_GT(owned, 0u);
  std::vector<MapEntry> map = parse_memory_map(serial);
  bool runtime = false;
  for (const MapEntry& e : map) runtime = runtime || e.type == KBUILD_MEMORY_EFI_RUNTIME;
  EXPECT_TRUE(runtime) << "no EFI_RUNTIME region\n" << serial;
}

void patch_image(const fs::path& image, uint64_t offset, const void* bytes, size_t n) {
  std::fstream f(image, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(static_cast<std::streamoff>(offset));
  f.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(n));
  ASSERT_TRUE(f.good()) << "cannot patch " << image;
}

uint64_t write_random_file(const fs::path& path, uint64_t size, uint64_t seed) {
  std::vector<uint8_t> bytes(size);
  uint64_t x = seed * 0x9e3779b97f4a7c15ULL + 1;
  uint64_t h = 1469598103934665603ULL;
  for (uint64_t i = 0; i + 8 <= size; i += 8) {
    x ^= x << 13;  // xorshift64
    x ^= x >> 7;
    x ^= x << 17;
    std::memcpy(&bytes[i], &x, 8);
    h = (h ^ x) * 1099511628211ULL;
  }
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), size);
  return h;
}

bool build_corrupt_kernel_image(const std::string& image_name, fs::path* image, std::string* err) {
  if (!build_image(kBasicKernel, {}, image_name, image, err)) return false;
  patch_image(*image, KBUILD_KERNEL_MIN_LBA * 512, "BAD!", 4);
  return true;
}

}  // namespace kbuild::boot_test
