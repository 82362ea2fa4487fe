/* How the 64-bit loader reaches the BIOS (bios.h):
 *   void bios_call(uint8_t vector, struct bios_regs* regs);
 *   void bios_read_disk(struct bios_disk_read* request);
 * Both copy their argument into .data16, then real_mode_run takes the CPU from long mode
 * through 32-bit compatibility mode (paging and EFER.LME off) and 16-bit protected mode to
 * real mode, calls one 16-bit routine there and comes all the way back. Each trip costs a
 * paging switch (TLB flush) both ways, so a routine does as much as it can per trip:
 * bios_read_disk loops its INT 13h calls and copies in real mode.
 * Runs from .text16 (below 64 KiB, identity-mapped). */
#include "memory_layout.h"

#define REGS_SIZE 40       /* sizeof(struct bios_regs), checked in bios.h */
#define DISK_READ_SIZE 24  /* sizeof(struct bios_disk_read), checked in bios.h */

  .code64
  .section .text16, "ax"
  .global bios_call
bios_call:
  push %rsi
  mov %dil, int_instruction + 1
  mov $thunk_regs, %edi
  mov $REGS_SIZE, %ecx
  rep movsb
  mov $call_interrupt, %eax
  call real_mode_run
  pop %rdi
  mov $thunk_regs, %esi
  mov $REGS_SIZE, %ecx
  rep movsb
  ret

  .global bios_read_disk
bios_read_disk:
  push %rdi
  mov %rdi, %rsi
  mov $disk_request, %edi
  mov $DISK_READ_SIZE, %ecx
  rep movsb
  mov $read_disk, %eax
  call real_mode_run
  pop %rdi
  mov $disk_request, %esi
  mov $DISK_READ_SIZE, %ecx
  rep movsb
  ret

/* Calls the 16-bit routine at %ax in real mode (DS = ES = SS = 0, SP at the real-mode stack,
 * the real-mode IVT loaded, interrupts off) and returns to the caller in long mode. The routine
 * returns with interrupts off; it may clobber every register but SS:SP. */
real_mode_run:
  push %rbx
  push %rbp
  push %r12
  push %r13
  push %r14
  push %r15
  mov %ax, real_mode_routine
  mov %rsp, saved_rsp
  sidt saved_idt

  push $0x18
  mov $1f, %eax
  push %rax
  lretq

  .code32
1:
  mov %cr0, %eax
  and $0x7fffffff, %eax
  mov %eax, %cr0
  mov $0xc0000080, %ecx
  rdmsr
  and $~0x100, %eax
  wrmsr
  ljmp $0x28, $2f

  .code16
2:
  mov $0x30, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov %ax, %fs
  mov %ax, %gs
  mov %cr0, %eax
  and $~1, %eax
  mov %eax, %cr0
  ljmp $0, $3f
3:
  xor %ax, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov %ax, %fs
  mov %ax, %gs
  mov $KBUILD_REAL_STACK_TOP, %sp
  lidt real_mode_idt
  call *real_mode_routine
  xor %ax, %ax
  mov %ax, %ds

  lgdtl gdt_descriptor  /* the BIOS may have loaded a GDT of its own */
  mov %cr0, %eax
  or $1, %eax
  mov %eax, %cr0
  ljmpl $0x18, $4f

  .code32
4:
  mov $0x10, %ax
  mov %ax, %ds
  mov %ax, %es
  mov %ax, %ss
  mov $0xc0000080, %ecx
  rdmsr
  or $0x100, %eax
  wrmsr
  mov %cr0, %eax
  or $0x80000000, %eax
  mov %eax, %cr0
  ljmp $0x08, $5f

  .code64
5:
  mov $0x10, %ax
  mov %ax, %fs
  mov %ax, %gs
  mov saved_rsp, %rsp
  lidt saved_idt
  pop %r15
  pop %r14
  pop %r13
  pop %r12
  pop %rbp
  pop %rbx
  ret

  .code16
/* bios_call's routine: INT vector (patched into int_instruction) with the registers from
 * thunk_regs, the results stored back there. */
call_interrupt:
  mov thunk_es, %ax
  mov %ax, %es
  mov thunk_ebx, %ebx
  mov thunk_ecx, %ecx
  mov thunk_edx, %edx
  mov thunk_esi, %esi
  mov thunk_edi, %edi
  mov thunk_ebp, %ebp
  mov thunk_ds, %ax
  mov %ax, %ds
  mov %cs:thunk_eax, %eax
  sti
int_instruction:
  int $0
  cli
  pushfl
  popl %cs:thunk_eflags
  mov %eax, %cs:thunk_eax
  mov %ebx, %cs:thunk_ebx
  mov %ecx, %cs:thunk_ecx
  mov %edx, %cs:thunk_edx
  mov %esi, %cs:thunk_esi
  mov %edi, %cs:thunk_edi
  mov %ebp, %cs:thunk_ebp
  mov %ds, %cs:thunk_ds
  mov %es, %cs:thunk_es
  ret

/* bios_read_disk's routine: reads disk_bytes from disk_lba of disk_drive to disk_dest in
 * batches: INT 13h AH=42h calls of at most 64 KiB fill the bounce buffer slot by slot, then the
 * batch is copied to its destination at once (unreal mode is set up once per batch: each
 * CR0.PE toggle flushes an emulator's TLB). Stops at the first call that sets CF, with
 * disk_lba still the first sector of that call, disk_failed = 1 and disk_status = its AH.
 * The copy moves 256 bytes per loop with 16-byte SSE loads and stores (the rest byte by byte):
 * under an emulator each instruction costs about the same whatever its width, and `rep movsl`
 * is one emulated iteration per 4 bytes. SSE needs CR4.OSFXSR and CR0.EM/TS clear; both
 * registers get their old values back before the routine returns, so the kernel's entry state
 * keeps x87/SSE as the BIOS left them. */
read_disk:
  mov %cr0, %eax
  mov %eax, disk_saved_cr0
  and $~0xc, %eax          /* EM and TS clear: SSE instructions run */
  mov %eax, %cr0
  mov %cr4, %eax
  mov %eax, disk_saved_cr4
  or $0x200, %eax          /* OSFXSR */
  mov %eax, %cr4
1:
  cmpl $0, disk_bytes
  je 3f
  movl $0, disk_batch
  /* One batch: INT 13h calls of up to 64 KiB into the bounce area's 64 KiB slots, one after
   * the other, until it is full or the read is done (only the read's last call may be short,
   * so the batch is one run of bytes). */
2:
  mov disk_bytes, %ecx
  sub disk_batch, %ecx     /* bytes not yet read */
  jz 7f
  mov $KBUILD_BIOS_READ_MAX, %eax
  cmp %eax, %ecx
  jae 8f
  mov %ecx, %eax
8:
  mov %eax, disk_chunk     /* min(bytes not yet read, one call's most) */
  add $511, %eax
  shr $9, %eax             /* whole sectors: the last one may be read in part */
  mov %ax, disk_sectors

  /* The disk address packet in the scratch buffer: size 16, 0, sectors, buffer offset and
   * segment, 64-bit LBA. */
  movw $16, KBUILD_SCRATCH_ADDRESS        /* size 16, reserved byte 0 */
  mov %ax, KBUILD_SCRATCH_ADDRESS + 2     /* sectors */
  movw $0, KBUILD_SCRATCH_ADDRESS + 4     /* buffer offset */
  mov disk_batch, %eax
  add $KBUILD_BOUNCE_ADDRESS, %eax
  shr $4, %eax
  mov %ax, KBUILD_SCRATCH_ADDRESS + 6     /* buffer segment: the next slot */
  mov disk_lba, %eax
  mov %eax, KBUILD_SCRATCH_ADDRESS + 8
  mov disk_lba + 4, %eax
  mov %eax, KBUILD_SCRATCH_ADDRESS + 12
  mov $0x4200, %ax
  mov disk_drive, %dl
  mov $KBUILD_SCRATCH_ADDRESS, %si
  sti
  int $0x13
  cli
  jc 4f
  xor %bx, %bx
  mov %bx, %ds
  mov disk_chunk, %eax
  add %eax, disk_batch
  movzwl disk_sectors, %eax
  add %eax, disk_lba
  adcl $0, disk_lba + 4
  cmpl $KBUILD_BOUNCE_SIZE, disk_batch
  jb 2b

7:
  call enter_unreal
  cld
  mov $KBUILD_BOUNCE_ADDRESS, %esi
  mov disk_dest, %edi
  mov disk_batch, %ecx
  shr $8, %ecx             /* whole 256-byte blocks */
  jz 6f
5:
  movups (%esi), %xmm0
  movups 16(%esi), %xmm1
  movups 32(%esi), %xmm2
  movups 48(%esi), %xmm3
  movups 64(%esi), %xmm4
  movups 80(%esi), %xmm5
  movups 96(%esi), %xmm6
  movups 112(%esi), %xmm7
  movups %xmm0, (%edi)
  movups %xmm1, 16(%edi)
  movups %xmm2, 32(%edi)
  movups %xmm3, 48(%edi)
  movups %xmm4, 64(%edi)
  movups %xmm5, 80(%edi)
  movups %xmm6, 96(%edi)
  movups %xmm7, 112(%edi)
  movups 128(%esi), %xmm0
  movups 144(%esi), %xmm1
  movups 160(%esi), %xmm2
  movups 176(%esi), %xmm3
  movups 192(%esi), %xmm4
  movups 208(%esi), %xmm5
  movups 224(%esi), %xmm6
  movups 240(%esi), %xmm7
  movups %xmm0, 128(%edi)
  movups %xmm1, 144(%edi)
  movups %xmm2, 160(%edi)
  movups %xmm3, 176(%edi)
  movups %xmm4, 192(%edi)
  movups %xmm5, 208(%edi)
  movups %xmm6, 224(%edi)
  movups %xmm7, 240(%edi)
  add $256, %esi
  add $256, %edi
  dec %ecx
  jnz 5b
6:
  mov disk_batch, %ecx
  and $255, %ecx
  rep movsb (%esi), %es:(%edi)

  mov %edi, disk_dest
  mov disk_batch, %ecx
  sub %ecx, disk_bytes
  jmp 1b
3:
  jmp restore_fpu_state
4:
  xor %bx, %bx
  mov %bx, %ds
  movb $1, disk_failed
  mov %ah, disk_status
restore_fpu_state:
  mov disk_saved_cr4, %eax
  mov %eax, %cr4
  mov disk_saved_cr0, %eax
  mov %eax, %cr0
  ret

/* Unreal mode: a segment register keeps the limit loaded into it in protected mode after PE is
 * cleared again, so DS and ES (base 0, limit 4 GiB from selector 0x10) reach 0..4 GiB with
 * 32-bit offsets from real mode. Set up again after every INT 13h: a BIOS that runs its disk
 * drivers in protected mode comes back with 64 KiB limits. Used with interrupts off only, as
 * an interrupt handler may do the same in the middle of a copy. */
enter_unreal:
  xor %ax, %ax
  mov %ax, %ds
  lgdtl gdt_descriptor
  mov %cr0, %eax
  or $1, %eax
  mov %eax, %cr0
  jmp 1f  /* CS keeps its real-mode descriptor: no far jump, only a prefetch flush */
1:
  mov $0x10, %bx
  mov %bx, %ds
  mov %bx, %es
  and $~1, %eax
  mov %eax, %cr0
  xor %bx, %bx
  mov %bx, %ds
  mov %bx, %es
  ret

  .section .data16, "aw"
  .balign 8
saved_rsp: .quad 0
saved_idt: .word 0
  .quad 0
real_mode_routine: .word 0
  .balign 8
real_mode_idt:
  .word 0x3ff
  .long 0
  .balign 8
/* Laid out as struct bios_regs. */
thunk_regs:
thunk_eax: .long 0
thunk_ebx: .long 0
thunk_ecx: .long 0
thunk_edx: .long 0
thunk_esi: .long 0
thunk_edi: .long 0
thunk_ebp: .long 0
thunk_eflags: .long 0
thunk_ds: .word 0
thunk_es: .word 0
  .long 0
  .balign 8
/* Laid out as struct bios_disk_read. */
disk_request:
disk_lba: .quad 0
disk_dest: .long 0
disk_bytes: .long 0
disk_drive: .byte 0
disk_failed: .byte 0
disk_status: .byte 0
  .byte 0, 0, 0, 0, 0
/* read_disk's own: the bytes and sectors of the current call, CR0 and CR4 as it found them. */
disk_chunk: .long 0
disk_batch: .long 0
disk_sectors: .word 0
  .balign 4
disk_saved_cr0: .long 0
disk_saved_cr4: .long 0
