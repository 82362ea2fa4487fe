// Modules ([bootloader] modules) handed over by every protocol: each kernel prints
// "MODULE size checksum [name] [cmdline]" for each module it was given (after checking it is
// page aligned and its last page zero-filled), and these tests compare that with the files.
#include <gtest/gtest.h>

#include <cinttypes>
#include <cstdio>
#include <type_traits>

#include "boot/multiboot_kernels.h"

namespace kbuild::boot_test {
namespace {

struct ModuleFile {
  ImageModule module;
  uint64_t size = 0, sum = 0;
};

// Two modules of random bytes: one of whole pages, one ending inside a page.
std::vector<ModuleFile> module_files(const std::string& dir) {
  std::vector<ModuleFile> files(2);
  files[0].module = {work_dir() / dir / "initrd.tar", "root=/dev/ram0 rw"};
  files[0].size = 3 * 4096;
  files[1].module = {work_dir() / dir / "font.psf", ""};
  files[1].size = 5000;
  for (size_t i = 0; i < files.size(); ++i)
    files[i].sum = write_random_file(files[i].module.path, files[i].size, 100 + i);
  return files;
}

ImageOptions with_modules(const std::vector<ModuleFile>& files, BootMode boot = BootMode::bios) {
  ImageOptions options;
  options.boot = boot;
  for (const ModuleFile& f : files) options.modules.push_back(f.module);
  return options;
}

struct SeenModule {
  uint64_t size = 0, sum = 0;
  std::string rest;  // "NAME [CMDLINE]" or "[CMDLINE]"
};

std::vector<SeenModule> seen_modules(const std::string& serial) {
  std::vector<SeenModule> seen;
  size_t at = 0;
  while ((at = serial.find("MODULE ", at)) != std::string::npos) {
    size_t end = serial.find('\n', at);
    std::string line = serial.substr(at, end - at);
    SeenModule m;
    int used = 0;
    if (std::sscanf(line.c_str(), "MODULE %" SCNu64 " %" SCNx64 " %n", &m.size, &m.sum, &used) == 2) {
      m.rest = line.substr(static_cast<size_t>(used));
      seen.push_back(m);
    }
    at = end;
  }
  return seen;
}

// The kernel saw exactly `files`, in order; `named`: it printed each file's name too.
void expect_modules(const BootResult& r, const std::vector<ModuleFile>& files, bool named) {
  std::vector<SeenModule> seen = seen_modules(r.serial);
  ASSERT_EQ(seen.size(), files.size()) << r.serial;
  for (size_t i = 0; i < files.size(); ++i) {
    EXPECT_EQ(seen[i].size, files[i].size) << r.serial;
    EXPECT_EQ(seen[i].sum, files[i].sum) << r.serial;
    std::string expected = "[" + files[i].module.cmdline + "]";
    if (named) expected = files[i].module.path.filename().string() + " " + expected;
    EXPECT_EQ(seen[i].rest, expected) << r.serial;
  }
}

// Writes an image of `kernel` (a KernelSpec or a MultibootKernel) with two modules, boots it and
// checks the kernel saw them.
template <class Spec>
BootResult boot_with_modules(const Spec& kernel, const std::string& dir, BootMode mode, const BootOptions& boot_options,
                             bool named) {
  std::vector<ModuleFile> files = module_files(dir);
  std::filesystem::path image;
  std::string err;
  bool built;
  if constexpr (std::is_same_v<Spec, MultibootKernel>)
    built = build_multiboot_image(kernel, with_modules(files, mode), "modules.img", &image, &err);
  else
    built = build_image(kernel, with_modules(files, mode), "modules.img", &image, &err);
  EXPECT_TRUE(built) << err;
  if (!built) return {};
  BootResult r = boot(image, boot_options);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  expect_modules(r, files, named);
  return r;
}

TEST(ModulesBios, KbuildKernelGetsModulesFromBiosImage) {
  BootResult r = boot_with_modules(kBasicKernel, "kbuild_bios", BootMode::bios, {}, true);
  EXPECT_NE(r.serial.find("BOOTCPU 0\n"), std::string::npos) << r.serial;
}

TEST(ModulesBios, KbuildKernelGetsModulesFromHybridImage) {
  boot_with_modules(kBasicKernel, "kbuild_hybrid", BootMode::hybrid, {}, true);
}

TEST(ModulesBios, LimineKernelGetsModuleResponse) {
  KernelSpec spec = {"limine_modules", "limine.cpp", "limine.ld", {"LIMINE_REVISION=2"}};
  boot_with_modules(spec, "limine", BootMode::bios, BootOptions("256M"), true);
}

TEST(ModulesBios, Multiboot2KernelGetsModuleTags) {
  boot_with_modules(MultibootKernel{"mb2_modules", {}}, "mb2", BootMode::bios, {}, false);
}

TEST(ModulesBios, Multiboot1KernelGetsMods) {
  BootResult r = boot_with_modules(MultibootKernel{"mb1_modules", {"MULTIBOOT1"}}, "mb1", BootMode::bios, {}, false);
  EXPECT_EQ(fact(r.serial, "MODULES"), "2") << r.serial;
}

// The UEFI loader reads MODULES.BIN and MODULE<i>.BIN from the ESP.
TEST(ModulesUefi, KbuildKernelGetsModulesFromEsp) {
  BootResult r = boot_with_modules(kBasicKernel, "uefi", BootMode::hybrid, uefi_options(), true);
  EXPECT_NE(r.serial.find("FIRMWARE uefi\n"), std::string::npos) << r.serial;
}

}  // namespace
}  // namespace kbuild::boot_test
