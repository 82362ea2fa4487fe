// toml++'s implementation, compiled once: every other file includes its declarations only
// (TOML_HEADER_ONLY=0, set for all of kbuild_core in the top-level CMakeLists.txt).
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
