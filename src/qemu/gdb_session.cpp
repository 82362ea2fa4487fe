#include "qemu/gdb_session.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "core/process.h"

namespace kbuild {

std::string find_debugger() {
  std::string found = find_program("gdb");
  return found.empty() ? find_program("gdb-multiarch") : found;
}

std::string debugger_name() {
  std::string found = find_debugger();
  return found.empty() ? "gdb" : std::filesystem::path(found).filename().string();
}

unsigned free_tcp_port(std::string* err) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    *err = fmt::format("cannot find a free port for gdb: {}", std::strerror(errno));
    return 0;
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  unsigned port = 0;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  else
    *err = fmt::format("cannot find a free port for gdb: {}", std::strerror(errno));
  ::close(fd);
  return port;
}

std::vector<std::string> gdb_argv(const std::string& debugger, const std::filesystem::path& elf, unsigned port,
                                  const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {debugger, "-q", elf.string(), "-ex", fmt::format("target remote 127.0.0.1:{}", port),
                                   "-ex", "hbreak kernel_main", "-ex", "continue"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

IgnoreInterrupts::IgnoreInterrupts() {
  struct sigaction ignore{};
  ignore.sa_handler = SIG_IGN;
  ::sigemptyset(&ignore.sa_mask);
  ::sigaction(SIGINT, &ignore, &saved_);
}

IgnoreInterrupts::~IgnoreInterrupts() { ::sigaction(SIGINT, &saved_, nullptr); }

}  // namespace kbuild
