#include "rsdp.h"

#include "efi.h"
#include "firmware.h"

namespace uefi {

uint64_t find_rsdp() {
  const efi::SystemTable* st = system();
  const efi::Guid* preferred[] = {&efi::kAcpi20Table, &efi::kAcpi10Table};
  for (const efi::Guid* wanted : preferred) {
    for (uint64_t i = 0; i < st->number_of_table_entries; ++i) {
      const efi::ConfigurationTable& t = st->configuration_table[i];
      if (efi::same_guid(t.vendor_guid, *wanted)) return reinterpret_cast<uint64_t>(t.vendor_table);
    }
  }
  return 0;
}

}  // namespace uefi
