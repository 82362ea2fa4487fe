// Reading the boot disk by LBA through INT 13h extensions, 64 KiB per call (the most SeaBIOS
// moves at once) into the bounce buffer below 1 MiB (three calls fill it), copied to the
// destination each time it is full. The calls and copies all run in one trip to real mode
// (bios_read_disk in bios.h).
#pragma once
#include <stdint.h>

// Reads `bytes` starting at sector `lba` to physical address `dest` (the read ends below 4 GiB).
void disk_read(uint64_t lba, uint64_t bytes, uint64_t dest);
