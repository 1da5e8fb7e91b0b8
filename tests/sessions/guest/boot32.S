/* boot32.S: Multiboot entry of the i386 guest kernel (QEMU -kernel loads it
 * as a Multiboot ELF): a stack, a clean x87 unit, then kmain. */
	.set MB_MAGIC, 0x1BADB002
	.set MB_FLAGS, 0
	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.text
	.globl _start
_start:
	mov $stack_top, %esp
	xor %ebp, %ebp
	fninit
	call kmain
1:	hlt
	jmp 1b

	.bss
	.align 16
stack:	.skip 16384
stack_top:

	.section .note.GNU-stack, "", @progbits
