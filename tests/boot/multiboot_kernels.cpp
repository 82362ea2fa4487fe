#include "boot/multiboot_kernels.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <sstream>

#include "core/fs.h"

namespace kbuild::boot_test {
namespace fs = std::filesystem;

bool build_multiboot_kernel(const MultibootKernel& spec, fs::path* elf, std::string* err) {
  fs::path dir = work_dir() / spec.name;
  fs::create_directories(dir);
  fs::path kernels = fs::path(KBUILD_SOURCE_DIR) / "tests/boot/kernels";
  std::vector<std::string> flags = {"-ffreestanding", "-fno-pic", "-nostdlib", "-O2", "-Wall", "-mgeneral-regs-only"};
  for (const std::string& d : spec.defines) flags.push_back("-D" + d);
  auto compile = [&](const std::string& target, const std::string& source, const fs::path& object) {
    std::vector<std::string> argv = {"clang", "--target=" + target};
    argv.insert(argv.end(), flags.begin(), flags.end());
    if (source.ends_with(".c")) argv.push_back("-std=c11");
    argv.insert(argv.end(), {"-c", (kernels / source).string(), "-o", object.string()});
    return run_tool(argv, err);
  };
  auto link = [&](const std::string& emulation, const std::vector<fs::path>& objects, const fs::path& out) {
    std::vector<std::string> argv = {"ld.lld", "-m", emulation, "-nostdlib", "-static", "-T",
                                     (kernels / spec.linker_script).string(), "-o", out.string()};
    for (const fs::path& o : objects) argv.push_back(o.string());
    return run_tool(argv, err);
  };
  *elf = dir / "kernel.elf";
  if (spec.sloppy) {
    return compile("x86_64-unknown-none-elf", "multiboot_sloppy.S", dir / "sloppy.o") &&
           link("elf_x86_64", {dir / "sloppy.o"}, *elf);
  }
  fs::path linked = spec.elf64 ? dir / "kernel32.elf" : *elf;
  if (!compile("i686-unknown-none-elf", "multiboot_entry.S", dir / "entry.o") ||
      !compile("i686-unknown-none-elf", "multiboot.c", dir / "kernel.o") ||
      !link("elf_i386", {dir / "entry.o", dir / "kernel.o"}, linked)) {
    return false;
  }
  return !spec.elf64 || run_tool({"llvm-objcopy", "-I", "elf32-i386", "-O", "elf64-x86-64", linked.string(),
                                  elf->string()},
                                 err);
}

bool build_multiboot_image(const MultibootKernel& spec, const ImageOptions& options, const std::string& image_name,
                           fs::path* image, std::string* err) {
  fs::path elf;
  if (!build_multiboot_kernel(spec, &elf, err)) return false;
  std::vector<uint8_t> bytes;
  if (!read_file_bytes(elf, &bytes, err)) return false;
  *image = elf.parent_path() / image_name;
  return write_image(options, bytes, *image, err);
}

BootResult boot_multiboot_kernel(const MultibootKernel& spec, const ImageOptions& options,
                                 const BootOptions& boot_options) {
  std::filesystem::path image;
  std::string err;
  bool built = build_multiboot_image(spec, options, "mb.img", &image, &err);
  EXPECT_TRUE(built) << err;
  if (!built) return {};
  BootResult r = boot(image, boot_options);
  EXPECT_EQ(r.exit_code, kPass) << r.serial << r.qemu_err;
  return r;
}

std::optional<FramebufferFact> framebuffer_fact(const std::string& serial) {
  std::optional<std::string> line = fact(serial, "FB");
  FramebufferFact fb;
  unsigned long long address = 0;
  if (!line || std::sscanf(line->c_str(), "%llx %u %u %u %u %u", &address, &fb.pitch, &fb.width, &fb.height,
                           &fb.bpp, &fb.type) != 6)
    return std::nullopt;
  fb.address = address;
  return fb;
}

std::optional<std::string> fact(const std::string& serial, const std::string& key) {
  std::istringstream in(serial);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key + " ", 0) == 0) return line.substr(key.size() + 1);
  }
  return std::nullopt;
}

uint64_t available_bytes(const std::string& serial) {
  std::istringstream in(serial);
  std::string line;
  uint64_t total = 0;
  while (std::getline(in, line)) {
    if (line.rfind("MMAP ", 0) != 0) continue;
    std::istringstream fields(line.substr(5));
    std::string base, length;
    uint32_t type = 0;
    fields >> base >> length >> type;
    if (type == 1) total += std::stoull(length, nullptr, 16);
  }
  return total;
}

}  // namespace kbuild::boot_test
