#include "qemu/qmp.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/fs.h"
#include "core/signals.h"
#include "qemu/vga_text.h"

namespace kbuild {

using Clock = std::chrono::steady_clock;

namespace {

// One line from QEMU as JSON; a discarded value when it is not JSON.
nlohmann::json parse_line(std::string_view line) { return nlohmann::json::parse(line, nullptr, false); }

// The string at `path` (object keys from the top), or empty.
std::string string_at(const nlohmann::json& value, std::initializer_list<std::string_view> path) {
  const nlohmann::json* at = &value;
  for (std::string_view key : path) {
    if (!at->is_object()) return {};
    auto it = at->find(key);
    if (it == at->end()) return {};
    at = &*it;
  }
  return at->is_string() ? at->get<std::string>() : std::string();
}

}  // namespace

std::string json_string_field(std::string_view object, std::initializer_list<std::string_view> path) {
  return string_at(parse_line(object), path);
}

std::string json_string_field(std::string_view object, std::string_view key) {
  return json_string_field(object, {key});
}

QmpClient::~QmpClient() { close(); }

bool fits_unix_socket_address(const std::filesystem::path& path) {
  return path.native().size() < sizeof(sockaddr_un::sun_path);
}

bool QmpClient::read_vga_text(const std::filesystem::path& scratch, std::vector<uint8_t>* cells, std::string* err) {
  std::string reply;
  if (!execute(fmt::format(R"({{"execute":"pmemsave","arguments":{{"val":{},"size":{},"filename":{}}}}})",
                           kVgaTextAddress, kVgaTextBytes, json_quote(scratch.string())),
               &reply, err) ||
      !read_file_bytes(scratch, cells, err))
    return false;
  if (cells->size() == kVgaTextBytes) return true;
  *err = fmt::format("QEMU wrote {} bytes of the text screen, not {}", cells->size(), kVgaTextBytes);
  return false;
}

void QmpClient::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  buffer_.clear();
}

bool QmpClient::connect(const std::filesystem::path& socket_path, std::chrono::milliseconds timeout,
                        std::string* err) {
  close();
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  if (!fits_unix_socket_address(socket_path)) {
    *err = fmt::format("QMP socket path too long: {}", socket_path.string());
    return false;
  }
  std::strcpy(addr.sun_path, socket_path.c_str());
  auto deadline = Clock::now() + timeout;
  for (;;) {
    fd_ = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
      *err = std::string("cannot create a socket: ") + std::strerror(errno);
      return false;
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) break;
    int e = errno;
    close();
    if (Clock::now() >= deadline || interrupted()) {
      *err = fmt::format("cannot connect to QEMU's control socket {}: {}", socket_path.string(), std::strerror(e));
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  std::string greeting, reply;
  if (!read_line(deadline + std::chrono::seconds(5), &greeting, err)) return false;
  nlohmann::json hello = parse_line(greeting);
  if (!hello.is_object() || !hello.contains("QMP")) {
    *err = "unexpected greeting on QEMU's control socket: " + greeting;
    return false;
  }
  return execute(R"({"execute":"qmp_capabilities"})", &reply, err);
}

bool QmpClient::read_line(Clock::time_point deadline, std::string* line, std::string* err) {
  for (;;) {
    size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      *line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return true;
    }
    if (fd_ < 0) {
      *err = "QEMU's control socket is closed";
      return false;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      *err = "QEMU did not answer on its control socket in time";
      return false;
    }
    pollfd pfd{fd_, POLLIN, 0};
    int r = ::poll(&pfd, 1, static_cast<int>(std::min<long long>(left, 100)));
    if (interrupted()) {
      *err = "interrupted";
      return false;
    }
    if (r <= 0) continue;
    char buf[4096];
    ssize_t n = ::read(fd_, buf, sizeof buf);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      close();
      *err = "QEMU closed its control socket (it has exited)";
      return false;
    }
    buffer_.append(buf, static_cast<size_t>(n));
  }
}

bool QmpClient::execute(std::string_view command_json, std::string* reply, std::string* err,
                        std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    *err = "not connected to QEMU";
    return false;
  }
  std::string out = std::string(command_json) + "\n";
  if (::send(fd_, out.data(), out.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(out.size())) {
    *err = std::string("cannot talk to QEMU: ") + std::strerror(errno);
    return false;
  }
  auto deadline = Clock::now() + timeout;
  for (;;) {
    std::string line;
    if (!read_line(deadline, &line, err)) return false;
    nlohmann::json message = parse_line(line);
    if (!message.is_object()) {
      *err = "QEMU sent something other than a JSON object on its control socket: " + line;
      return false;
    }
    if (message.contains("event")) {
      events_.push_back(line);
      continue;
    }
    if (message.contains("error")) {
      *err = "QEMU refused " + std::string(command_json) + ": " + string_at(message, {"error", "desc"});
      return false;
    }
    if (!message.contains("return")) continue;  // not a reply (QMP may add other messages)
    *reply = line;
    return true;
  }
}

bool QmpClient::wait_for_event(std::initializer_list<std::string_view> names,
                               std::chrono::milliseconds timeout, std::string* event, std::string* err) {
  auto matches = [&](const std::string& line) {
    std::string name = json_string_field(line, "event");  // top level only
    for (auto n : names)
      if (name == n) return true;
    return false;
  };
  for (auto it = events_.begin(); it != events_.end(); ++it)
    if (matches(*it)) {
      *event = *it;
      events_.erase(events_.begin(), it + 1);
      return true;
    }
  events_.clear();
  auto deadline = Clock::now() + timeout;
  for (;;) {
    std::string line;
    if (!read_line(deadline, &line, err)) return false;
    if (matches(line)) {
      *event = line;
      return true;
    }
  }
}

}  // namespace kbuild
