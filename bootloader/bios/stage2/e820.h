// The BIOS memory map: INT 15h E820, cleaned up into kbuild's types.
#pragma once

class MemoryMap;

void read_e820(MemoryMap* memory);
