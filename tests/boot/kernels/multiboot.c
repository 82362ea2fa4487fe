/* The Multiboot test kernel (32-bit C, entered by multiboot_entry.S): checks the magic and the
 * entry state, then prints what the loader gave on COM1, one fact per line, for the test to
 * compare with what QEMU was given:
 *   STATE cr0=.. eflags=.. cs_limit=.. ds_limit=..   CMDLINE text   LOADER text
 *   MEM lower upper (KiB)   MMAP base length type   FB address pitch width height bpp type
 *   ACPI old|new signature   LOADBASE address   BOOTDEV drive
 *   EFI64 signature of the system table   EFIMMAP descriptor count (UEFI)
 *   ELFSYMS entsize .symtab kmain ok (the ELF sections: kmain found by name in its own .symtab)
 *   MODULE size checksum [cmdline] (one per module; each page aligned, its last page zero-filled)
 * and exits through isa-debug-exit: 0x10 when every check held, 0x11 otherwise. */
#include <stdint.h>

#ifdef MULTIBOOT1
#define EXPECTED_MAGIC 0x2badb002u
#else
#define EXPECTED_MAGIC 0x36d76289u
#endif

static inline void outb(uint16_t port, uint8_t v) { __asm__ volatile("outb %0, %1" ::"a"(v), "Nd"(port)); }
static inline uint8_t inb(uint16_t port) {
  uint8_t v;
  __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
  return v;
}

static void putc_(char c) {
  while (!(inb(0x3fd) & 0x20)) {
  }
  outb(0x3f8, (uint8_t)c);
}
static void puts_(const char* s) {
  while (*s) putc_(*s++);
}
static void puthex(uint64_t v) {
  puts_("0x");
  int started = 0;
  for (int shift = 60; shift >= 0; shift -= 4) {
    int d = (int)((v >> shift) & 0xf);
    if (d || started || shift == 0) {
      putc_("0123456789abcdef"[d]);
      started = 1;
    }
  }
}
static void putdec(uint32_t v) {
  char buf[12];
  int n = 0;
  do {
    buf[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) putc_(buf[--n]);
}
static void fail(const char* why) {
  puts_("FAIL ");
  puts_(why);
  putc_('\n');
  outb(0xf4, 0x11);
  for (;;) __asm__ volatile("hlt");
}

static uint8_t zeroed[8192]; /* .bss: must read as zero */

static void check_entry_state(uint32_t eflags) {
  uint32_t cr0, cs_limit, ds_limit;
  uint16_t ds, ss, es;
  __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
  __asm__ volatile("mov %%cs, %%eax; lsl %%eax, %0" : "=r"(cs_limit) : : "eax");
  __asm__ volatile("mov %%ds, %%eax; lsl %%eax, %0" : "=r"(ds_limit) : : "eax");
  __asm__ volatile("mov %%ds, %0" : "=r"(ds));
  __asm__ volatile("mov %%ss, %0" : "=r"(ss));
  __asm__ volatile("mov %%es, %0" : "=r"(es));
  puts_("STATE cr0=");
  puthex(cr0);
  puts_(" eflags=");
  puthex(eflags);
  puts_(" cs_limit=");
  puthex(cs_limit);
  puts_(" ds_limit=");
  puthex(ds_limit);
  putc_('\n');
  if (cr0 & 0x80000000u) fail("paging is on");
  if (!(cr0 & 1)) fail("protected mode is off");
  if (eflags & 0x200) fail("interrupts are on");
  if (eflags & 0x20000) fail("virtual-8086 mode");
  if (cs_limit != 0xffffffffu || ds_limit != 0xffffffffu) fail("segments are not flat");
  if (ds != ss || ds != es) fail("data segments differ");
  for (unsigned i = 0; i < sizeof zeroed; ++i)
    if (zeroed[i]) fail(".bss is not zero");
}

static void print_fb(uint64_t addr, uint32_t pitch, uint32_t w, uint32_t h, uint32_t bpp, uint32_t type) {
  puts_("FB ");
  puthex(addr);
  putc_(' ');
  putdec(pitch);
  putc_(' ');
  putdec(w);
  putc_(' ');
  putdec(h);
  putc_(' ');
  putdec(bpp);
  putc_(' ');
  putdec(type);
  putc_('\n');
  if (type == 1) {
    /* The framebuffer is memory the kernel can draw on. */
    volatile uint32_t* px = (volatile uint32_t*)(uintptr_t)addr;
    px[0] = 0x00ff00ffu;
    if (px[0] != 0x00ff00ffu) fail("framebuffer does not hold a pixel");
  }
}

static void print_mmap_entry(uint64_t base, uint64_t length, uint32_t type) {
  puts_("MMAP ");
  puthex(base);
  putc_(' ');
  puthex(length);
  putc_(' ');
  putdec(type);
  putc_('\n');
}

/* The test kernels' checksum (test_kernel.h): FNV-1a over whole 8-byte words. */
static uint64_t checksum(const uint8_t* p, uint32_t n) {
  uint64_t h = 1469598103934665603ULL;
  for (uint32_t i = 0; i + 8 <= n; i += 8) {
    uint64_t w;
    __builtin_memcpy(&w, p + i, 8);
    h = (h ^ w) * 1099511628211ULL;
  }
  return h;
}

static void print_module(uint32_t start, uint32_t end, const char* cmdline) {
  if (start & 0xfff) fail("module not page aligned");
  if (end < start) fail("module ends before it starts");
  for (uint32_t at = end; at & 0xfff; ++at)
    if (*(volatile uint8_t*)(uintptr_t)at) fail("module's last page is not zero after its end");
  puts_("MODULE ");
  putdec(end - start);
  putc_(' ');
  puthex(checksum((const uint8_t*)(uintptr_t)start, end - start));
  puts_(" [");
  puts_(cmdline);
  puts_("]\n");
}

static int same(const void* a, const char* b, int n) {
  const char* p = (const char*)a;
  for (int i = 0; i < n; ++i)
    if (p[i] != b[i]) return 0;
  return 1;
}

void kmain(uint32_t magic, uint32_t info, uint32_t eflags);

/* The ELF sections the loader handed over (Multiboot2 tag 9, Multiboot1 flag 5): the section
 * header table in the file's class, the section names and .symtab with its string table loaded at
 * their sh_addr. kmain is looked up by name and must be where it runs. */
static uint64_t sh_field(const uint8_t* h, int wide, int off32, int off64, int size64) {
  if (!wide) return *(const uint32_t*)(h + off32);
  return size64 == 8 ? *(const uint64_t*)(h + off64) : *(const uint32_t*)(h + off64);
}
#define SH_NAME(h) sh_field(h, wide, 0, 0, 4)
#define SH_TYPE(h) sh_field(h, wide, 4, 4, 4)
#define SH_ADDR(h) sh_field(h, wide, 12, 16, 8)
#define SH_SIZE(h) sh_field(h, wide, 20, 32, 8)
#define SH_LINK(h) sh_field(h, wide, 24, 40, 4)

static int named(const char* s, const char* name) {
  while (*name && *s == *name) ++s, ++name;
  return *s == 0 && *name == 0;
}

static void check_elf_sections(uint32_t num, uint32_t entsize, uint32_t shndx, const uint8_t* table) {
  if (entsize != 40 && entsize != 64) fail("ELF section header size");
  if (shndx >= num) fail("ELF section names index");
  int wide = entsize == 64;
  const uint8_t* names_h = table + shndx * entsize;
  if (SH_ADDR(names_h) == 0 || SH_ADDR(names_h) >= 0xffffffffu) fail("section names not loaded");
  const char* names = (const char*)(uintptr_t)SH_ADDR(names_h);
  const uint8_t* symtab = 0;
  for (uint32_t i = 0; i < num; ++i) {
    const uint8_t* h = table + i * entsize;
    if (named(names + SH_NAME(h), ".symtab")) symtab = h;
  }
  if (!symtab || SH_TYPE(symtab) != 2) fail("no .symtab section");
  if (SH_LINK(symtab) >= num) fail(".symtab links to no section");
  const uint8_t* strtab_h = table + SH_LINK(symtab) * entsize;
  if (SH_ADDR(symtab) == 0 || SH_ADDR(strtab_h) == 0) fail(".symtab or .strtab not loaded");
  const uint8_t* syms = (const uint8_t*)(uintptr_t)SH_ADDR(symtab);
  const char* strings = (const char*)(uintptr_t)SH_ADDR(strtab_h);
  uint32_t sym_size = wide ? 24 : 16;
  uint64_t found = 0;
  for (uint64_t at = 0; at + sym_size <= SH_SIZE(symtab); at += sym_size) {
    const uint8_t* sym = syms + at;
    uint32_t name = *(const uint32_t*)sym;
    uint64_t value = wide ? *(const uint64_t*)(sym + 8) : *(const uint32_t*)(sym + 4);
    if (named(strings + name, "kmain")) found = value;
  }
  if (found == 0) fail("kmain not in .symtab");
  if (found != (uint32_t)(uintptr_t)&kmain) fail("kmain's symbol is not where kmain is");
  puts_("ELFSYMS ");
  putdec(entsize);
  puts_(" .symtab kmain ok\n");
}

#ifndef MULTIBOOT1
static void walk_multiboot2(uint32_t info) {
  if (info & 7) fail("information not 8-byte aligned");
  uint32_t total = *(uint32_t*)(uintptr_t)info;
  uint32_t seen = 0;
  uint8_t* p = (uint8_t*)(uintptr_t)(info + 8);
  uint8_t* end = (uint8_t*)(uintptr_t)(info + total);
  while (p < end) {
    uint32_t type = *(uint32_t*)p, size = *(uint32_t*)(p + 4);
    if (type == 0) break;
    if (type < 32) seen |= 1u << type;
    switch (type) {
      case 1: puts_("CMDLINE "); puts_((const char*)(p + 8)); putc_('\n'); break;
      case 2: puts_("LOADER "); puts_((const char*)(p + 8)); putc_('\n'); break;
      case 3: print_module(*(uint32_t*)(p + 8), *(uint32_t*)(p + 12), (const char*)(p + 16)); break;
      case 4:
        puts_("MEM ");
        putdec(*(uint32_t*)(p + 8));
        putc_(' ');
        putdec(*(uint32_t*)(p + 12));
        putc_('\n');
        break;
      case 5: puts_("BOOTDEV "); puthex(*(uint32_t*)(p + 8)); putc_('\n'); break;
      case 6: {
        uint32_t entry_size = *(uint32_t*)(p + 8);
        if (entry_size != 24) fail("memory map entry size");
        for (uint8_t* e = p + 16; e + 24 <= p + size; e += entry_size)
          print_mmap_entry(*(uint64_t*)e, *(uint64_t*)(e + 8), *(uint32_t*)(e + 16));
        break;
      }
      case 8:
        print_fb(*(uint64_t*)(p + 8), *(uint32_t*)(p + 16), *(uint32_t*)(p + 20), *(uint32_t*)(p + 24), p[28],
                 p[29]);
        break;
      case 14:
      case 15:
        puts_(type == 14 ? "ACPI old " : "ACPI new ");
        puts_(same(p + 8, "RSD PTR ", 8) ? "RSD PTR" : "bad");
        putc_('\n');
        break;
      case 21: puts_("LOADBASE "); puthex(*(uint32_t*)(p + 8)); putc_('\n'); break;
      case 9: check_elf_sections(*(uint32_t*)(p + 8), *(uint32_t*)(p + 12), *(uint32_t*)(p + 16), p + 20); break;
      case 12: {
        const char* table = (const char*)(uintptr_t) * (uint64_t*)(p + 8);
        puts_("EFI64 ");
        puts_(same(table, "IBI SYST", 8) ? "IBI SYST" : "bad");
        putc_('\n');
        break;
      }
      case 17: {
        uint32_t descriptor_size = *(uint32_t*)(p + 8);
        puts_("EFIMMAP ");
        putdec(descriptor_size >= 40 ? (size - 16) / descriptor_size : 0);
        putc_('\n');
        break;
      }
      default: break;
    }
    p += (size + 7) & ~7u;
  }
  if (p >= end || *(uint32_t*)p != 0) fail("no end tag");
  uint32_t wanted = (1u << 1) | (1u << 2) | (1u << 4) | (1u << 6) | (1u << 8) | (1u << 21);
  if ((seen & wanted) != wanted) fail("a requested tag is missing");
}
#else
struct info1 {
  uint32_t flags, mem_lower, mem_upper, boot_device, cmdline, mods_count, mods_addr, syms[4];
  uint32_t mmap_length, mmap_addr, drives_length, drives_addr, config_table, boot_loader_name;
  uint32_t apm_table, vbe_control_info, vbe_mode_info;
  uint16_t vbe_mode, vbe_seg, vbe_off, vbe_len;
  uint64_t framebuffer_addr;
  uint32_t framebuffer_pitch, framebuffer_width, framebuffer_height;
  uint8_t framebuffer_bpp, framebuffer_type;
} __attribute__((packed));

static void walk_multiboot1(uint32_t address) {
  const struct info1* info = (const struct info1*)(uintptr_t)address;
  uint32_t f = info->flags;
  if (!(f & 1)) fail("no memory fields (flag 0)");
  if (!(f & (1u << 6))) fail("no memory map (flag 6)");
  if (f & (1u << 2)) {
    puts_("CMDLINE ");
    puts_((const char*)(uintptr_t)info->cmdline);
    putc_('\n');
  }
  if (f & (1u << 9)) {
    puts_("LOADER ");
    puts_((const char*)(uintptr_t)info->boot_loader_name);
    putc_('\n');
  }
  puts_("MEM ");
  putdec(info->mem_lower);
  putc_(' ');
  putdec(info->mem_upper);
  putc_('\n');
  if (f & 2) {
    puts_("BOOTDEV ");
    puthex(info->boot_device >> 24);
    putc_('\n');
  }
  if (f & (1u << 3)) {
    puts_("MODULES ");
    putdec(info->mods_count);
    putc_('\n');
    const uint32_t* mods = (const uint32_t*)(uintptr_t)info->mods_addr;
    for (uint32_t i = 0; i < info->mods_count; ++i)
      print_module(mods[4 * i], mods[4 * i + 1], (const char*)(uintptr_t)mods[4 * i + 2]);
  }
  for (uint32_t at = info->mmap_addr; at < info->mmap_addr + info->mmap_length;) {
    uint32_t size = *(uint32_t*)(uintptr_t)at;
    print_mmap_entry(*(uint64_t*)(uintptr_t)(at + 4), *(uint64_t*)(uintptr_t)(at + 12),
                     *(uint32_t*)(uintptr_t)(at + 20));
    at += size + 4;
  }
  if (f & (1u << 5))
    check_elf_sections(info->syms[0], info->syms[1], info->syms[3], (const uint8_t*)(uintptr_t)info->syms[2]);
  if (f & (1u << 12))
    print_fb(info->framebuffer_addr, info->framebuffer_pitch, info->framebuffer_width, info->framebuffer_height,
             info->framebuffer_bpp, info->framebuffer_type);
}
#endif

void kmain(uint32_t magic, uint32_t info, uint32_t eflags) {
  if (magic != EXPECTED_MAGIC) {
    puts_("MAGIC ");
    puthex(magic);
    putc_('\n');
    fail("wrong magic in eax");
  }
  puts_("MAGIC OK\n");
  check_entry_state(eflags);
#ifdef MULTIBOOT1
  walk_multiboot1(info);
#else
  walk_multiboot2(info);
#endif
  puts_("OK\n");
  outb(0xf4, 0x10);
  for (;;) __asm__ volatile("hlt");
}
