// Modules: the files the image writer listed in the module table (shared/boot_manifest.h), read
// whole into pages of type MODULE, for every protocol to hand over its own way.
#pragma once
#include <stdint.h>

#include "boot_manifest.h"

struct Modules {
  uint32_t count = 0;
  kbuild_module_entry entries[KBUILD_MODULES_MAX];  // names and cmdlines NUL-terminated
  uint64_t address[KBUILD_MODULES_MAX];              // physical, page aligned, below 4 GiB
};

// Reads the table and every module through the firmware's platform_read_module_table and
// platform_read_module (platform.h). Fails the boot on a table the image writer would not write.
void load_modules(const kbuild_boot_manifest& manifest, Modules* out);

// Bytes of a string's characters before its NUL (the table's fields are checked to have one).
uint64_t module_string_length(const char* text);
