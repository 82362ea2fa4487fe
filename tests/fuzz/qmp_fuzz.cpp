// QMP replies: the input is what "QEMU" sends on its control socket (greeting, replies, events,
// one JSON object per line). A real QmpClient connects to a real unix socket, served by a thread
// that writes the input and then closes its side, so every wait ends when the bytes run out.
// The JSON helpers also see every line directly.
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <thread>

#include "fuzz_support.h"
#include "qemu/qmp.h"

using namespace kbuild;
namespace fs = std::filesystem;

namespace {

struct Server {
  fs::path path;
  int fd = -1;
};

const Server& server() {
  static const Server s = [] {
    Server out;
    out.path = fuzz::scratch_dir() / "qmp.sock";
    out.fd = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    fuzz::check(out.fd >= 0 && out.path.native().size() < sizeof addr.sun_path, "a unix socket");
    std::strcpy(addr.sun_path, out.path.c_str());
    fuzz::check(::bind(out.fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 && ::listen(out.fd, 4) == 0,
                "the socket listens");
    return out;
  }();
  return s;
}

// Sends `bytes` to one client, closes the sending side, and reads what the client says until
// it hangs up.
void serve(std::string_view bytes) {
  int client = ::accept4(server().fd, nullptr, nullptr, SOCK_CLOEXEC);
  if (client < 0) return;
  while (!bytes.empty()) {
    ssize_t n = ::send(client, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) break;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  ::shutdown(client, SHUT_WR);
  char buf[4096];
  while (::read(client, buf, sizeof buf) > 0) {
  }
  ::close(client);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (size_t start = 0; start <= input.size();) {
    size_t nl = input.find('\n', start);
    std::string_view line = input.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
    for (const char* key : {"event", "desc", "return", "class"}) json_string_field(line, key);
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  std::string quoted = json_quote(input);
  fuzz::check(quoted.size() >= 2 && quoted.front() == '"' && quoted.back() == '"', "a quoted string is quoted");
  for (size_t i = 1; i + 1 < quoted.size(); ++i)
    fuzz::check(static_cast<unsigned char>(quoted[i]) >= 0x20, "no raw control character in a JSON string");

  const Server& s = server();
  std::thread qemu(serve, input);
  {
    QmpClient client;
    std::string err, reply, event;
    if (client.connect(s.path, std::chrono::seconds(5), &err)) {
      if (client.execute(R"({"execute":"query-status"})", &reply, &err, std::chrono::seconds(5)))
        client.wait_for_event({"SHUTDOWN", "STOP"}, std::chrono::seconds(5), &event, &err);
    }
  }
  qemu.join();
  return 0;
}
