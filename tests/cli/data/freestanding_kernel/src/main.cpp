// The kernel itself does nothing; src/every_header.cpp is what each cxx-standard must compile.
#include <kbuild/boot.h>

extern "C" void kernel_main(const kbuild_boot_info*) {}
