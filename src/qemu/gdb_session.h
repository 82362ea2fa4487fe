// Debugging a kernel with gdb: QEMU waits on a loopback port for the debugger, which gets the
// kernel's symbols, connects, and stops at kernel_main. The breakpoint is a hardware one
// (hbreak): the loader copies the kernel into place after gdb connects, which would overwrite a
// software breakpoint's int3.
#pragma once

#include <csignal>
#include <filesystem>
#include <string>
#include <vector>

namespace kbuild {

// gdb, else gdb-multiarch, from PATH; empty when neither is installed.
std::string find_debugger();
// The debugger's name for a command the user types: the one find_debugger finds, else "gdb".
std::string debugger_name();

// A TCP port on 127.0.0.1 that nothing listens on right now (the kernel picks it); 0 with *err.
unsigned free_tcp_port(std::string* err);

// gdb -q ELF -ex 'target remote 127.0.0.1:PORT' -ex 'hbreak kernel_main' -ex continue, then
// `extra` (the user's own gdb arguments).
std::vector<std::string> gdb_argv(const std::string& debugger, const std::filesystem::path& elf, unsigned port,
                                  const std::vector<std::string>& extra);

// While alive, Ctrl-C is the debugger's (it interrupts the kernel) and not kbuild's.
class IgnoreInterrupts {
 public:
  IgnoreInterrupts();
  ~IgnoreInterrupts();
  IgnoreInterrupts(const IgnoreInterrupts&) = delete;
  IgnoreInterrupts& operator=(const IgnoreInterrupts&) = delete;

 private:
  struct sigaction saved_{};
};

}  // namespace kbuild
