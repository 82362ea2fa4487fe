// How kbuild prints a measured time, in every line that shows one (a test case's, a test
// kernel's, a build's): "0.312 s", "1.020 s", and "<1 ms" for what rounds to no millisecond,
// so a quick case never reads as "0.000 s".
#pragma once

#include <string>

namespace kbuild {

std::string format_duration(double seconds);

}  // namespace kbuild
