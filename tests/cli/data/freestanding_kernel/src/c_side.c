/* C sources get the C headers of kbuild's library too: <assert.h> (with static_assert) and
 * <string.h>. */
#include <assert.h>
#include <stddef.h>
#include <string.h>

static_assert(sizeof(int) == 4, "the kernel ABI has 32-bit int");

size_t freestanding_c_length(const char* text) {
  assert(text != NULL);
  return strlen(text);
}
