// Ctrl-C and friends. kbuild installs handlers for SIGINT, SIGTERM and SIGHUP that only set a flag;
// loops that wait on children check it, stop their children and clean up, and main then exits
// with 130. A second signal during that cleanup cuts it short (children get SIGKILL at once, no
// grace period) but still lets it finish, so no child and no temporary directory is left behind;
// only a third ends kbuild on the spot. Children die with kbuild in any case (see process.h).
#pragma once

#include <filesystem>

namespace kbuild {

void install_signal_handlers();
bool interrupted();
int interrupt_signal();  // the signal that set the flag, 0 if none
int interrupt_count();   // how many such signals arrived
// The fd a handler writes to, so poll() loops wake up at once on Ctrl-C. -1 before install.
int interrupt_fd();

}  // namespace kbuild
