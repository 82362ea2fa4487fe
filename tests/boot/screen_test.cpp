// The loader's error line is on the screen too (BIOS teletype, VGA text mode), read back from
// guest memory at 0xb8000 through QMP while the machine sits halted.
#include <gtest/gtest.h>

#include <thread>

#include "boot/boot_harness.h"
#include "core/fs.h"
#include "core/process.h"
#include "qemu/qmp.h"
#include "qemu/vga_text.h"

namespace kbuild::boot_test {
namespace {

TEST(BootErrors, ErrorLineShowsOnTheScreen) {
  std::filesystem::path image;
  std::string err;
  ASSERT_TRUE(build_corrupt_kernel_image("corrupt.img", &image, &err)) << err;

  std::filesystem::path dir = image.parent_path();
  std::filesystem::path socket = dir / "qmp.sock", dump = dir / "screen.bin";
  std::filesystem::remove(socket);
  ProcessSpec spec;
  spec.argv = {"qemu-system-x86_64", "-machine", "q35", "-m", "128M", "-display", "none",
               "-serial", "null", "-no-reboot", "-nodefaults", "-vga", "std", "-drive",
               "format=raw,file=" + image.string(), "-qmp",
               "unix:" + socket.string() + ",server=on,wait=off"};
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::seconds(30);
  ProcessSet qemu;
  ASSERT_GE(qemu.start(spec, &err), 0) << err;

  QmpClient qmp;
  ASSERT_TRUE(qmp.connect(socket, std::chrono::seconds(10), &err)) << err;
  constexpr std::string_view kExpected = "kbuild boot: bad kernel: no ELF magic at LBA 2048";
  std::string screen, reply;
  for (int attempt = 0; attempt < 100; ++attempt) {  // up to ~10 s on a loaded machine
    std::string command = R"({"execute":"pmemsave","arguments":{"val":753664,"size":4000,)"
                          R"("filename":)" + json_quote(dump.string()) + "}}";
    ASSERT_TRUE(qmp.execute(command, &reply, &err)) << err;
    std::vector<uint8_t> cells;
    if (read_file_bytes(dump, &cells, &err) && cells.size() == kVgaTextBytes) {
      screen = render_vga_text(cells, false);
      // The loader draws the line a character at a time: wait for its end, not its start.
      if (screen.find(kExpected) != std::string::npos) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  qmp.execute(R"({"execute":"quit"})", &reply, &err);
  ProcessResult result;
  qemu.wait_one(&result);
  EXPECT_NE(screen.find(kExpected), std::string::npos) << screen;
}

}  // namespace
}  // namespace kbuild::boot_test
