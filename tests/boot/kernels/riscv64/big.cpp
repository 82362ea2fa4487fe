// Makes the probe kernel big: 16 MiB of initialized read-only data between two marked ends,
// which the loader must bring along intact.
#include <kbuild/print.h>
#include <stdint.h>

namespace {
struct Big {
  uint8_t head[8];
  uint8_t middle[16 << 20];
  uint8_t tail[8];
};
}  // namespace

extern const Big g_big;
const Big g_big = {{1, 2, 3, 4, 5, 6, 7, 8}, {}, {9, 10, 11, 12, 13, 14, 15, 16}};

// Runs before kernel_main: prints whether both ends arrived.
[[gnu::constructor]] void check_big() {
  const volatile Big* big = &g_big;
  bool ok = true;
  for (int i = 0; i < 8; ++i) ok = ok && big->head[i] == i + 1 && big->tail[i] == i + 9;
  kbuild::println("BIG bytes={} ends_ok={}", sizeof(Big), ok);
}
