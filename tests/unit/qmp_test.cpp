// The QMP client against a real QEMU (no guest code runs: the machine starts stopped).
#include <gtest/gtest.h>

#include <filesystem>

#include "core/process.h"
#include "qemu/qmp.h"
#include "qemu/vga_text.h"
#include "support/scratch_dir.h"

namespace kbuild {
namespace {

TEST(Json, QuoteAndField) {
  EXPECT_EQ(json_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
  EXPECT_EQ(json_string_field(R"({"event": "SHUTDOWN", "data": {"reason": "guest-shutdown"}})", {"data", "reason"}),
            "guest-shutdown");
  EXPECT_EQ(json_string_field(R"({"error": {"class": "GenericError", "desc": "no \"x\""}})", {"error", "desc"}),
            "no \"x\"");
  EXPECT_EQ(json_string_field("{}", "desc"), "");
}

// QMP messages are read as JSON: keys are found where they are, not anywhere in the text, and
// escapes are decoded.
TEST(Json, FieldsAreReadAsJson) {
  // A "reason" inside another value is not the event's reason.
  EXPECT_EQ(json_string_field(R"({"event": "X", "data": {"note": "\"reason\": \"no\"", "reason": "yes"}})",
                              {"data", "reason"}),
            "yes");
  EXPECT_EQ(json_string_field(R"({"data": {"event": "nested"}})", "event"), "");
  EXPECT_EQ(json_string_field(R"({"desc": "caf\u00e9 \u0041"})", "desc"), "caf\xc3\xa9 A");
  EXPECT_EQ(json_string_field(R"({"desc": 3})", "desc"), "");
  EXPECT_EQ(json_string_field("not json", "desc"), "");
}

TEST(Qmp, TalksToARealQemu) {
  if (find_program("qemu-system-x86_64").empty()) GTEST_SKIP() << "qemu-system-x86_64 not installed";
  test::ScratchDir scratch;
  auto dir = scratch.path();
  auto socket = dir / "qmp.sock";
  ProcessSet qemu;
  ProcessSpec spec;
  spec.argv = {"qemu-system-x86_64", "-machine", "q35", "-nodefaults", "-display", "none", "-S",
               "-m", "16M", "-qmp", "unix:" + socket.string() + ",server=on,wait=off"};
  spec.output = ProcessSpec::Output::capture;
  spec.timeout = std::chrono::seconds(60);
  std::string err;
  ASSERT_GE(qemu.start(spec, &err), 0) << err;

  QmpClient qmp;
  ASSERT_TRUE(qmp.connect(socket, std::chrono::seconds(20), &err)) << err;
  std::string reply;
  ASSERT_TRUE(qmp.execute(R"({"execute":"query-status"})", &reply, &err)) << err;
  EXPECT_NE(reply.find("prelaunch"), std::string::npos) << reply;

  auto dump = dir / "mem.bin";
  ASSERT_TRUE(qmp.execute(R"({"execute":"pmemsave","arguments":{"val":0,"size":4096,"filename":)" +
                              json_quote(dump.string()) + "}}",
                          &reply, &err))
      << err;
  EXPECT_EQ(std::filesystem::file_size(dump), 4096u);

  // The text screen, whole, or a failure that says why (QEMU cannot write into a missing folder).
  std::vector<uint8_t> cells;
  ASSERT_TRUE(qmp.read_vga_text(dir / "vga.bin", &cells, &err)) << err;
  EXPECT_EQ(cells.size(), kVgaTextBytes);
  err.clear();
  EXPECT_FALSE(qmp.read_vga_text(dir / "missing/vga.bin", &cells, &err));
  EXPECT_FALSE(err.empty());

  EXPECT_FALSE(qmp.execute(R"({"execute":"no-such-command"})", &reply, &err));
  EXPECT_NE(err.find("no-such-command"), std::string::npos) << err;

  ASSERT_TRUE(qmp.execute(R"({"execute":"quit"})", &reply, &err)) << err;
  ProcessResult result;
  ASSERT_GE(qemu.wait_one(&result), 0);
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

}  // namespace
}  // namespace kbuild
