#include "testing/screen_capture.h"

#include <chrono>
#include <vector>

#include <kbuild/exit_codes.h>

#include "core/fs.h"
#include "qemu/vga_text.h"

namespace kbuild {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

ScreenCapture::ScreenCapture(const fs::path& dir, const std::string& tag)
    : socket_(dir / (tag + ".qmp")), exit_port_(dir / (tag + ".exit")), dump_(dir / (tag + ".vga")) {}

bool ScreenCapture::poll() {
  if (done_) return true;
  std::string event, reply, err;
  if (!qmp_.connected() && !qmp_.connect(socket_, 10ms, &err)) return false;
  if (!qmp_.wait_for_event({"SHUTDOWN"}, 5ms, &event, &err)) return false;
  // The guest powered off or reset: QEMU paused it, and its memory is still there.
  std::vector<uint8_t> bytes;
  if (qmp_.read_vga_text(dump_, &bytes, &err)) screen_ = render_vga_text(bytes, false);
  qmp_.execute(R"({"execute":"quit"})", &reply, &err);
  done_ = true;
  return true;
}

std::optional<std::string> ScreenCapture::finish(ProcessResult* qemu) {
  qmp_.close();
  std::string written, err;
  bool exited = qemu->started && !qemu->timed_out && !qemu->interrupted && qemu->term_signal == 0;
  if (exited && read_file(exit_port_, &written, &err) && !written.empty())
    qemu->exit_code = KBUILD_QEMU_STATUS(static_cast<uint8_t>(written.front()));
  return screen_;
}

}  // namespace kbuild
