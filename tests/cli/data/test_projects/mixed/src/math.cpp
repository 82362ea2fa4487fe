// Kernel code the test kernels link with.
#include "math.h"

namespace mixed {
int add(int a, int b) { return a + b; }
}  // namespace mixed
