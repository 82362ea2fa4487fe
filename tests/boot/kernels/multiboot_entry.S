/* Entry of the Multiboot test kernels (multiboot.c): the header in a section of its own, as the
 * OSDev wiki's Bare Bones writes it, then a 32-bit entry that takes a stack and calls
 * kmain(magic, info, eflags). Defines:
 *   MULTIBOOT1  a Multiboot1 header (else Multiboot2)
 *   WANT_FB     ask for an 800x600x32 framebuffer
 *   ENTRY_TAG   Multiboot2: an entry address tag naming tagged_start; _start then fails
 *   REQUIRE_TAG N  Multiboot2: a required information request for tag N */
#define MB2_MAGIC 0xe85250d6
#define MB1_MAGIC 0x1badb002

  .section .multiboot_header, "a"
#ifdef MULTIBOOT1
#ifdef WANT_FB
#define MB1_FLAGS 0x00000006
#else
#define MB1_FLAGS 0x00000002
#endif
  .balign 4
  .long MB1_MAGIC
  .long MB1_FLAGS
  .long 0x100000000 - (MB1_MAGIC + MB1_FLAGS)
  .long 0, 0, 0, 0, 0 /* address fields, unused without flag 16 */
  .long 0             /* mode_type: linear graphics */
  .long 800, 600, 32
#else
  .balign 8
header_start:
  .long MB2_MAGIC
  .long 0
  .long header_end - header_start
  .long 0x100000000 - (MB2_MAGIC + (header_end - header_start))
  .balign 8
  .word 1, 0          /* information request, required */
  .long 8 + 4 * 6
  .long 1, 2, 4, 6, 8, 21
#ifdef REQUIRE_TAG
  .balign 8
  .word 1, 0
  .long 12
  .long REQUIRE_TAG
#endif
#ifdef WANT_FB
  .balign 8
  .word 5, 0          /* framebuffer */
  .long 20
  .long 800, 600, 32
#endif
#ifdef ENTRY_TAG
  .balign 8
  .word 3, 0          /* entry address */
  .long 12
  .long tagged_start
#endif
  .balign 8
  .word 0, 0
  .long 8
header_end:
#endif

  .code32
  .text
  .global _start
_start:
#ifdef ENTRY_TAG
  mov $0x23, %al      /* QEMU status (0x11 << 1) | 1: the ELF entry was used */
  out %al, $0xf4
1:
  hlt
  jmp 1b
tagged_start:
#endif
  pushfl
  pop %ecx
  mov $stack_top, %esp
  push %ecx
  push %ebx
  push %eax
  call kmain
2:
  cli
  hlt
  jmp 2b

  .section .bss
  .balign 16
  .space 16384
stack_top:
