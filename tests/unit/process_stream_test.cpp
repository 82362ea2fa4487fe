// ProcessSpec::on_stdout: a child's stdout handed over as it is written, even while the caller
// polls with a zero wait (as kbuild run does between control-socket events), and kept nowhere.
#include <gtest/gtest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "core/process.h"

namespace kbuild {
namespace {

TEST(ProcessStream, StdoutArrivesWhileTheChildRunsAndIsNotKept) {
  std::string seen;
  bool seen_before_exit = false;
  ProcessSpec spec;
  // Prints, then waits until the parent has seen the line (it removes the marker file).
  std::string marker = testing::TempDir() + "kbuild-stream-marker-" + std::to_string(::getpid());
  std::ofstream(marker).put('x');
  spec.argv = {"sh", "-c", "echo first; while [ -e \"$1\" ]; do sleep 0.01; done; echo second; echo oops >&2",
               "sh", marker};
  spec.output = ProcessSpec::Output::capture;
  spec.on_stdout = [&](std::string_view data) { seen += data; };
  ProcessSet set;
  std::string err;
  ASSERT_GE(set.start(spec, &err), 0) << err;
  ProcessResult result;
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (set.running() && std::chrono::steady_clock::now() < give_up) {
    int id = set.wait_one(&result, std::chrono::milliseconds(0));
    if (id >= 0) break;
    if (!seen_before_exit && seen == "first\n") {
      seen_before_exit = true;
      std::remove(marker.c_str());
    }
  }
  std::remove(marker.c_str());
  EXPECT_TRUE(seen_before_exit) << seen;
  EXPECT_EQ(seen, "first\nsecond\n");
  EXPECT_EQ(result.out, "");
  EXPECT_EQ(result.err, "oops\n");
  EXPECT_EQ(result.exit_code, 0);
}

}  // namespace
}  // namespace kbuild
