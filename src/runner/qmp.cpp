#include "runner/qmp.h"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include <fmt/format.h>

#include "core/signals.h"

namespace kbuild {

using Clock = std::chrono::steady_clock;

std::string json_quote(std::string_view text) {
  std::string out = "\"";
  for (char ch : text) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20)
          out += fmt::format("\\u{:04x}", ch);
        else
          out += ch;
    }
  }
  return out + "\"";
}

std::string json_string_field(std::string_view object, std::string_view key) {
  std::string needle = fmt::format("\"{}\"", key);
  size_t at = object.find(needle);
  if (at == std::string_view::npos) return {};
  at = object.find(':', at + needle.size());
  if (at == std::string_view::npos) return {};
  at = object.find_first_not_of(" \t", at + 1);
  if (at == std::string_view::npos || object[at] != '"') return {};
  std::string out;
  for (size_t i = at + 1; i < object.size(); ++i) {
    char ch = object[i];
    if (ch == '"') return out;
    if (ch == '\\' && i + 1 < object.size()) {
      char next = object[++i];
      out += next == 'n' ? '\n' : next == 't' ? '\t' : next;
      continue;
    }
    out += ch;
  }
  return out;
}

QmpClient::~QmpClient() { close(); }

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
  if (socket_path.native().size() >= sizeof addr.sun_path) {
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
  if (greeting.find("\"QMP\"") == std::string::npos) {
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
    if (line.find("\"event\"") != std::string::npos && line.find("\"return\"") == std::string::npos) {
      events_.push_back(line);
      continue;
    }
    if (line.find("\"error\"") != std::string::npos) {
      *err = "QEMU refused " + std::string(command_json) + ": " + json_string_field(line, "desc");
      return false;
    }
    *reply = line;
    return true;
  }
}

bool QmpClient::wait_for_event(std::initializer_list<std::string_view> names,
                               std::chrono::milliseconds timeout, std::string* event, std::string* err) {
  auto matches = [&](const std::string& line) {
    std::string name = json_string_field(line, "event");
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
