// The screen on aarch64's direct path: kbuild's loader sets QEMU's ramfb up through fw_cfg and
// hands it over as the framebuffer. A kernel checks the fields, draws with them, and the test
// reads the pixels back through a QMP screendump of the running machine.
#include <thread>

#include "aarch64_harness.h"
#include "core/json.h"
#include "core/process.h"
#include "image/kernel_image.h"
#include "qemu/qmp.h"

namespace kbuild::boot_test {
namespace {

// Prints the framebuffer as the loader described it and whether the memory map holds it as
// RESERVED, draws a red bar and a blue one, says "drawn" and waits to be looked at.
constexpr const char* kScreenKernel = R"(#include <kbuild/boot.h>
#include <kbuild/console.h>
#include <kbuild/print.h>
#include <stdint.h>

extern "C" void kernel_main(const kbuild_boot_info* info) {
  const kbuild_framebuffer& fb = info->framebuffer;
  bool reserved = false;
  auto* map = reinterpret_cast<const kbuild_memory_region*>(info->memory_map);
  for (uint64_t i = 0; i < info->memory_map_entries; ++i)
    if (map[i].type == KBUILD_MEMORY_RESERVED && map[i].base <= fb.address &&
        fb.address + uint64_t(fb.pitch) * fb.height <= map[i].base + map[i].length)
      reserved = true;
  kbuild_console_init(info);
  kbuild::println("fb {}x{} pitch {} bpp {} red {}@{} green {}@{} blue {}@{} reserved {}", fb.width, fb.height,
                  fb.pitch, fb.bpp, unsigned(fb.red_size), unsigned(fb.red_shift), unsigned(fb.green_size),
                  unsigned(fb.green_shift), unsigned(fb.blue_size), unsigned(fb.blue_shift), reserved ? "yes" : "no");
  if (fb.address == 0) return;
  auto* pixels = reinterpret_cast<volatile uint8_t*>(info->physical_memory_offset + fb.address);
  for (uint32_t y = 300; y < 340; ++y)
    for (uint32_t x = 0; x < fb.width; ++x) {
      uint32_t value = x < fb.width / 2 ? 0xffu << fb.red_shift : 0xffu << fb.blue_shift;
      *reinterpret_cast<volatile uint32_t*>(pixels + y * fb.pitch + x * 4) = value;
    }
  kbuild::println("drawn");
  for (;;) __asm__ volatile("wfi");
}
)";

struct Ppm {
  int width = 0, height = 0;
  std::string rgb;
  // The red, green and blue bytes at (x, y) as 0xRRGGBB.
  uint32_t at(int x, int y) const {
    size_t i = (size_t(y) * width + x) * 3;
    return uint32_t(uint8_t(rgb[i])) << 16 | uint32_t(uint8_t(rgb[i + 1])) << 8 | uint8_t(rgb[i + 2]);
  }
};

// A binary PPM (P6, maxval 255) as QEMU's screendump writes it.
bool parse_ppm(const std::string& bytes, Ppm* out) {
  size_t at = 0;
  auto token = [&]() {
    while (at < bytes.size() && isspace(static_cast<unsigned char>(bytes[at]))) ++at;
    size_t from = at;
    while (at < bytes.size() && !isspace(static_cast<unsigned char>(bytes[at]))) ++at;
    return bytes.substr(from, at - from);
  };
  if (token() != "P6") return false;
  out->width = std::stoi(token());
  out->height = std::stoi(token());
  if (token() != "255") return false;
  ++at;  // the one whitespace byte before the pixels
  out->rgb = bytes.substr(at);
  return out->rgb.size() == size_t(out->width) * out->height * 3;
}

class Aarch64ScreenTest : public Aarch64BootTest {
 protected:
  // Builds the project, boots it as `kbuild run` does on the direct path (with QMP), waits for the
  // kernel's "drawn" and takes a screendump. `serial` gets what the kernel printed.
  void boot_and_look(Ppm* screen, std::string* serial) {
    CliRun built = test::run_kbuild({"build"}, dir());
    ASSERT_EQ(built.status, 0) << built.all();
    std::filesystem::path image = dir() / "build/dev/k.img", log = dir() / "serial.log";
    std::filesystem::path socket = dir() / "qmp.sock", dump = dir() / "screen.ppm";
    ProcessSpec spec;
    spec.argv = {"qemu-system-aarch64", "-machine", "virt", "-cpu", "cortex-a72", "-m", "128M",
                 "-initrd", image.string(), "-device", "ramfb", "-kernel", direct_loader_path(image).string(),
                 "-display", "none", "-serial", "file:" + log.string(), "-semihosting", "-qmp",
                 "unix:" + socket.string() + ",server=on,wait=off"};
    spec.output = ProcessSpec::Output::capture;
    spec.timeout = std::chrono::seconds(60);
    ProcessSet qemu;
    std::string err, reply;
    ASSERT_GE(qemu.start(spec, &err), 0) << err;
    QmpClient qmp;
    ASSERT_TRUE(qmp.connect(socket, std::chrono::seconds(10), &err)) << err;
    for (int attempt = 0; attempt < 300; ++attempt) {  // up to ~30 s on a loaded machine
      read_file(log, serial, &err);
      if (serial->find("drawn") != std::string::npos || serial->find("kbuild boot:") != std::string::npos) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    bool dumped = serial->find("drawn") != std::string::npos &&
                  qmp.execute(R"({"execute":"screendump","arguments":{"filename":)" + json_quote(dump.string()) +
                                  R"(,"format":"ppm"}})",
                              &reply, &err);
    qmp.execute(R"({"execute":"quit"})", &reply, &err);
    ProcessResult result;
    qemu.wait_one(&result);
    ASSERT_TRUE(dumped) << err << "\nserial:\n" << *serial;
    std::string bytes;
    ASSERT_TRUE(read_file(dump, &bytes, &err)) << err;
    ASSERT_TRUE(parse_ppm(bytes, screen)) << "not a P6 PPM of " << bytes.size() << " bytes";
  }
};

TEST_F(Aarch64ScreenTest, DirectBootHasTheRamfbAsFramebuffer) {
  project({});
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir() / "src/main.cpp", kScreenKernel, &err)) << err;
  Ppm screen;
  std::string serial;
  boot_and_look(&screen, &serial);
  EXPECT_NE(serial.find("fb 1280x800 pitch 5120 bpp 32 red 8@16 green 8@8 blue 8@0 reserved yes"), std::string::npos)
      << serial;
  ASSERT_EQ(screen.width, 1280);
  ASSERT_EQ(screen.height, 800);
  EXPECT_EQ(screen.at(10, 320), 0xff0000u);    // the red half of the bar
  EXPECT_EQ(screen.at(1270, 320), 0x0000ffu);  // the blue half
  EXPECT_EQ(screen.at(500, 600), 0x000000u);   // the console's black background
}

TEST_F(Aarch64ScreenTest, FramebufferSizeComesFromKernelToml) {
  project({}, "[bootloader.framebuffer]\nwidth = 800\nheight = 600\n");
  std::string err;
  ASSERT_TRUE(write_file_if_changed(dir() / "src/main.cpp", kScreenKernel, &err)) << err;
  Ppm screen;
  std::string serial;
  boot_and_look(&screen, &serial);
  EXPECT_NE(serial.find("fb 800x600 pitch 3200 bpp 32"), std::string::npos) << serial;
  ASSERT_EQ(screen.width, 800);
  ASSERT_EQ(screen.height, 600);
  EXPECT_EQ(screen.at(799, 339), 0x0000ffu);
}

}  // namespace
}  // namespace kbuild::boot_test
