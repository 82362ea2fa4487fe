// Ctrl-C and friends. kbuild installs handlers for SIGINT, SIGTERM and SIGHUP that only set a flag;
// loops that wait on children check it, stop their children and clean up, and main then exits
// with 130. Temporary files registered here are removed when a signal ends the program early.
#pragma once

#include <filesystem>

namespace kbuild {

void install_signal_handlers();
bool interrupted();
int interrupt_signal();  // the signal that set the flag, 0 if none
// The fd a handler writes to, so poll() loops wake up at once on Ctrl-C. -1 before install.
int interrupt_fd();

}  // namespace kbuild
