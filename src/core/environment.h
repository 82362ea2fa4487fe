// read_environment over any source of variables, so tests can give it theirs.
#pragma once

#include <functional>

#include "core/context.h"

namespace kbuild {

// `lookup(name)` is the variable's value, or nullptr when it is unset (as std::getenv).
Environment read_environment_from(const std::function<const char*(const char*)>& lookup);

}  // namespace kbuild
