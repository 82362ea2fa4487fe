#!/usr/bin/env python3
"""Writes the Limine-protocol benchmark kernel, byte for byte the same on every run.

    gen_limine_kernel.py OUT [--kbuild-protocol]

An ELF64 linked at 0xffffffff80000000 as the Limine templates link kernels: a text page whose
entry exits QEMU through the debug-exit port (code 0x10, QEMU status 33) and a data page with the
start marker, a base-revision tag (revision 2), HHDM, memory map, framebuffer-less requests and
the end marker. --kbuild-protocol writes the same file with the marker, tag and request bytes
zeroed, so kbuild boots it under its own protocol: the two differ only in what the loader answers.
"""
import argparse
import struct

EXIT_CODE = bytes([0xB0, 0x10, 0xE6, 0xF4, 0xF4, 0xEB, 0xFD])
PAGE = 0x1000
HIGHER_HALF = 0xFFFFFFFF80000000
COMMON = (0xC7B1DD30DF4C8B88, 0x0A82E883A194F07B)
REQUESTS = [  # the ids' last two words: HHDM, memory map, executable address, RSDP, boot time
    (0x48DCF1CB8AD2B852, 0x63984E959A98244B),
    (0x67CF3D9D378A806F, 0xE304ACDFC50C3C62),
    (0x71BA76863CC55F63, 0xB2644A48C516A487),
    (0xC5E77B6B397E7B43, 0x27637845ACCDCF3C),
    (0x502746E184C088AA, 0xFBC5EC83E6327893),
]


def requests_page():
    words = [0xF6B8F4B39DE7D1AE, 0xFAB91A6940FCB9CF, 0x785C6ED015D3E316, 0x181E920A7852B9D9]
    words += [0xF9562B2D5C95A6C8, 0x6A7B384944536BDC, 2]
    for a, b in REQUESTS:
        words += [*COMMON, a, b, 0, 0]  # id, revision 0, no response yet
    words += [0xADC0E0531BB10D03, 0x9572709F31764C62]
    return struct.pack(f"<{len(words)}Q", *words).ljust(PAGE, b"\0")


def limine_elf(kbuild_protocol=False):
    text = EXIT_CODE.ljust(PAGE, b"\0")
    data = bytes(PAGE) if kbuild_protocol else requests_page()
    # type, flags (R+X, R+W), offset, address, sizes
    phdrs = [(1, 5, PAGE, HIGHER_HALF, PAGE, PAGE), (1, 6, 2 * PAGE, HIGHER_HALF + PAGE, PAGE, PAGE)]
    ehdr = struct.pack(
        "<4sBBBBB7sHHIQQQIHHHHHH",
        b"\x7fELF", 2, 1, 1, 0, 0, b"\0" * 7,
        2, 62, 1, HIGHER_HALF, 64, 0, 0, 64, 56, len(phdrs), 0, 0, 0)
    out = bytearray(ehdr)
    for p_type, flags, offset, addr, filesz, memsz in phdrs:
        out += struct.pack("<IIQQQQQQ", p_type, flags, offset, addr, addr - HIGHER_HALF, filesz,
                           memsz, PAGE)
    return bytes(out.ljust(PAGE, b"\0") + text + data)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("out")
    p.add_argument("--kbuild-protocol", action="store_true")
    a = p.parse_args()
    with open(a.out, "wb") as f:
        f.write(limine_elf(a.kbuild_protocol))


if __name__ == "__main__":
    main()
