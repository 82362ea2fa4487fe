// A small client for QEMU's machine protocol (QMP) over a unix socket: enough to wait for the
// guest to stop, read guest memory (pmemsave), take a screenshot (screendump) and quit.
// Messages are one JSON object per line, parsed as JSON: a reply has "return", an error "error",
// an event "event" (each at the top level).
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"

namespace kbuild {

// Whether `path` fits a unix socket address (sockaddr_un's sun_path, 108 bytes with its NUL), as
// QEMU's `-qmp unix:PATH` and QmpClient::connect need.
bool fits_unix_socket_address(const std::filesystem::path& path);

class QmpClient {
 public:
  QmpClient() = default;
  ~QmpClient();
  QmpClient(const QmpClient&) = delete;
  QmpClient& operator=(const QmpClient&) = delete;

  // Connects (retrying while QEMU creates the socket), reads the greeting and enters command mode.
  bool connect(const std::filesystem::path& socket, std::chrono::milliseconds timeout, std::string* err);
  bool connected() const { return fd_ >= 0; }

  // Sends one command (a JSON object) and waits for its reply. Events that arrive meanwhile are
  // kept for wait_for_event. A QMP error reply is a failure with its description in *err.
  bool execute(std::string_view command_json, std::string* reply, std::string* err,
               std::chrono::milliseconds timeout = std::chrono::seconds(10));

  // Waits for one of the named events (e.g. "SHUTDOWN", "STOP"); false on timeout or when QEMU
  // closes the socket (then *err says which).
  bool wait_for_event(std::initializer_list<std::string_view> names, std::chrono::milliseconds timeout,
                      std::string* event, std::string* err);

  // The 80x25 VGA text screen's cells (qemu/vga_text.h), read from guest memory through the
  // file `scratch` (QEMU writes it, pmemsave); false with *err when QEMU or the file fails.
  bool read_vga_text(const std::filesystem::path& scratch, std::vector<uint8_t>* cells, std::string* err);

  void close();

 private:
  bool read_line(std::chrono::steady_clock::time_point deadline, std::string* line, std::string* err);
  int fd_ = -1;
  std::string buffer_;
  std::vector<std::string> events_;
};

// The string at `path` (keys from the top: {"data", "reason"}) in a one-line JSON object, with
// escapes decoded; empty when the text is not JSON or the path does not lead to a string.
std::string json_string_field(std::string_view object, std::initializer_list<std::string_view> path);
// The same for a key of the top-level object.
std::string json_string_field(std::string_view object, std::string_view key);

}  // namespace kbuild
