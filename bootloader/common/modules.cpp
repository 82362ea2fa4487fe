#include "modules.h"

#include <kbuild/boot.h>

#include "boot_limits.h"
#include "console.h"
#include "lib.h"
#include "platform.h"

namespace {

bool terminated(const char* field, uint64_t capacity) {
  for (uint64_t i = 0; i < capacity; ++i)
    if (field[i] == 0) return true;
  return false;
}

}  // namespace

uint64_t module_string_length(const char* text) {
  uint64_t n = 0;
  while (text[n] != 0) ++n;
  return n;
}

void load_modules(const kbuild_boot_manifest& manifest, Modules* out) {
  out->count = 0;
  if (manifest.module_count == 0) return;
  if (!kbuild_limits::module_count_ok(manifest.module_count)) {
    Message()
        .str("bad boot manifest: ")
        .dec(manifest.module_count)
        .str(" modules, at most ")
        .dec(KBUILD_MODULES_MAX)
        .fail();
  }
  platform_read_module_table(manifest, out->entries);
  for (uint32_t i = 0; i < manifest.module_count; ++i) {
    kbuild_module_entry& e = out->entries[i];
    if (!terminated(e.name, sizeof(e.name)) || !terminated(e.cmdline, sizeof(e.cmdline))) {
      Message().str("bad module table: entry ").dec(i).str(" has an unterminated string").fail();
    }
    // A page at least, so every module has an address of its own; the tail stays zero.
    uint64_t bytes = align_up(e.size == 0 ? 1 : e.size, kPageSize);
    out->address[i] = platform_allocate(bytes, KBUILD_MEMORY_MODULE);
    memset(phys_ptr<void>(out->address[i]), 0, bytes);
    platform_read_module(i, e, out->address[i]);
  }
  out->count = manifest.module_count;
}
