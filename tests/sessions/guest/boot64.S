/* boot64.S: entry of the x86_64 guest kernel.  QEMU's -kernel loader starts
 * a Multiboot kernel in 32-bit protected mode, so this code identity-maps the
 * first GiB with 2 MiB pages, enables PAE, long mode, paging and SSE (the
 * kernel's float code uses SSE registers), loads a 64-bit GDT and calls
 * kmain in 64-bit mode.  QEMU refuses ELF64 Multiboot images, so the test
 * gives QEMU an elf32-i386 copy (objcopy) and the debugger this ELF64. */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0
	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.code32
	.globl _start
_start:
	mov $stack_top, %esp
	mov $pdpt, %eax
	or $3, %eax
	mov %eax, pml4
	mov $pd, %eax
	or $3, %eax
	mov %eax, pdpt
	xor %ecx, %ecx
1:	mov %ecx, %eax
	shl $21, %eax
	or $0x83, %eax
	mov %eax, pd(, %ecx, 8)
	inc %ecx
	cmp $512, %ecx
	jne 1b
	mov $pml4, %eax
	mov %eax, %cr3
	mov %cr4, %eax
	or $0x620, %eax			/* PAE, OSFXSR, OSXMMEXCPT */
	mov %eax, %cr4
	mov $0xC0000080, %ecx		/* EFER.LME */
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	and $~4, %eax			/* no EM */
	or $0x80000002, %eax		/* PG, MP */
	mov %eax, %cr0
	lgdt gdt_desc
	ljmp $0x08, $long_entry

	.code64
long_entry:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov $stack_top, %rsp
	xor %ebp, %ebp
	call kmain
2:	hlt
	jmp 2b

	.section .rodata
	.align 8
gdt:	.quad 0, 0x00af9a000000ffff, 0x00cf92000000ffff
gdt_desc:
	.word 23
	.long gdt

	.bss
	.align 4096
pml4:	.skip 4096
pdpt:	.skip 4096
pd:	.skip 4096
	.align 16
stack:	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
