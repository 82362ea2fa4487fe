#include "rsdp.h"

#include "efi.h"
#include "firmware.h"

namespace uefi {

uint64_t configuration_table(const efi::Guid& guid) {
  const efi::SystemTable* st = system();
  for (uint64_t i = 0; i < st->number_of_table_entries; ++i) {
    const efi::ConfigurationTable& t = st->configuration_table[i];
    if (efi::same_guid(t.vendor_guid, guid)) return reinterpret_cast<uint64_t>(t.vendor_table);
  }
  return 0;
}

uint64_t find_rsdp() {
  if (uint64_t acpi20 = configuration_table(efi::kAcpi20Table)) return acpi20;
  return configuration_table(efi::kAcpi10Table);
}

}  // namespace uefi
