// Children die with kbuild, even when kbuild is killed with SIGKILL. posix_spawn cannot give a
// child PR_SET_PDEATHSIG, so one small guard process, forked from kbuild on first use, does it
// instead: kbuild tells it each child's pid through a pipe, and when that pipe reaches end of file
// (kbuild is gone, however it ended) the guard sends SIGKILL to every child still alive (to its
// process group when it has one) and exits. It holds a pidfd per child, so a reused pid is never
// hit. It ignores the terminal's Ctrl-C (kbuild handles that itself) and holds no other file
// descriptor of kbuild's, so it never keeps a pipe of kbuild's caller open.
#pragma once

#include <sys/types.h>

namespace kbuild {

// Registers a child just started (`group`: it leads its own process group). Best effort: when no
// guard can be started the child is still run, only without this protection.
void guard_child(pid_t pid, bool group);

}  // namespace kbuild
