/* The C half: printf to the console, snprintf into a buffer, floats through the soft-float
 * runtime (the kernel flags allow no SSE). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int c_side_check(void) {
  char buffer[96];
  volatile double third = 1.0 / 3.0; /* computed at run time by __divdf3 */
  int n = snprintf(buffer, sizeof buffer, "%d|%5u|%-4x|%#o|%lld|%s|%c|%.4f|%e|%g", -12, 7u, 0xabu,
                   8u, (long long)INT64_MIN, "str", 'z', third, 12345.678, 0.0001);
  const char* expected =
      "-12|    7|ab  |010|-9223372036854775808|str|z|0.3333|1.234568e+04|0.0001";
  int ok = n == (int)strlen(expected) && strcmp(buffer, expected) == 0;
  printf("c printf: %s %d %.2f\n", ok ? "same" : buffer, 42, third * 3.0);
  return ok;
}
