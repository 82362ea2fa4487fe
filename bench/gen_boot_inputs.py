#!/usr/bin/env python3
"""Writes the boot and image benchmark inputs, byte for byte the same on every run.

    gen_boot_inputs.py exit-elf OUT [--data-mib N]   # ELF64 kernel that exits QEMU at once
    gen_boot_inputs.py exit-mbr OUT                  # 512-byte boot sector that does the same

The kernel is one file both kbuild and GRUB boot: an ELF64 with a Multiboot2 header, linked at
2 MiB with virtual == physical addresses, and an entry that exits QEMU through the debug-exit
port (0xf4) with code 0x10 (QEMU status 33). Its instructions (mov al, 0x10; out 0xf4, al;
hlt; jmp back) encode the same in 16-, 32- and 64-bit mode, so it runs whatever mode a loader
enters it in. --data-mib adds a writable segment of that many MiB of initialised, incompressible
data, which a loader must read from the disk.
"""
import argparse
import random
import struct

EXIT_CODE = bytes([0xB0, 0x10, 0xE6, 0xF4, 0xF4, 0xEB, 0xFD])
BASE = 0x200000
PAGE = 0x1000
MIB = 1 << 20
HIGHER_HALF = 0xFFFFFFFF80000000


def multiboot2_header(entry=None):
    # An entry address tag (type 3) gives GRUB the physical entry of a higher-half kernel.
    tags = b"" if entry is None else struct.pack("<HHII", 3, 0, 12, entry) + b"\0" * 4
    tags += struct.pack("<HHI", 0, 0, 8)
    magic, arch, length = 0xE85250D6, 0, 16 + len(tags)
    checksum = (-(magic + arch + length)) & 0xFFFFFFFF
    return struct.pack("<IIII", magic, arch, length, checksum) + tags


def data_block(mib):
    # One random MiB repeated: incompressible enough, cheap to produce.
    block = random.Random(7).randbytes(MIB)
    return block * mib


def exit_elf(data_mib, higher_half=False):
    """higher_half: linked at 0xffffffff80000000 + the physical address, as kbuild's template
    links kernels (kbuild maps its file pages in place); otherwise virtual == physical (kbuild
    copies the segments to their physical homes)."""
    virt = HIGHER_HALF if higher_half else 0
    text = multiboot2_header(BASE + 40 if higher_half else None)
    entry = BASE + len(text)
    assert not higher_half or len(text) == 40
    text += EXIT_CODE
    text = text.ljust(PAGE, b"\0")
    data = data_block(data_mib) if data_mib else b""
    # type, flags (R+X, R+W), offset, physical address, sizes
    phdrs = [(1, 5, PAGE, BASE, len(text), len(text))]
    if data:
        phdrs.append((1, 6, 2 * PAGE, BASE + PAGE, len(data), len(data)))
    ehdr = struct.pack(
        "<4sBBBBB7sHHIQQQIHHHHHH",
        b"\x7fELF", 2, 1, 1, 0, 0, b"\0" * 7,
        2, 62, 1, virt + entry, 64, 0, 0, 64, 56, len(phdrs), 0, 0, 0)
    out = bytearray(ehdr)
    for p_type, flags, offset, addr, filesz, memsz in phdrs:
        out += struct.pack("<IIQQQQQQ", p_type, flags, offset, virt + addr, addr, filesz, memsz, PAGE)
    out = out.ljust(PAGE, b"\0") + text + data
    return bytes(out)


def exit_mbr():
    sector = (bytes([0xFA]) + EXIT_CODE).ljust(510, b"\0") + b"\x55\xaa"
    return sector


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("what", choices=["exit-elf", "exit-mbr"])
    p.add_argument("out")
    p.add_argument("--data-mib", type=int, default=0)
    p.add_argument("--higher-half", action="store_true")
    a = p.parse_args()
    if a.what == "exit-elf":
        blob = exit_elf(a.data_mib, a.higher_half)
        with open(a.out, "wb") as f:
            f.write(blob)
    else:
        # Padded (sparse) to 1 MiB: q35's SeaBIOS does not boot a disk smaller than a cylinder.
        with open(a.out, "wb") as f:
            f.write(exit_mbr())
            f.truncate(MIB)


if __name__ == "__main__":
    main()
