/* start-aarch64.S: entry of the AArch64 test guest (QEMU -M virt -kernel
 * starts it at e_entry in EL1h).  It sets the stack and calls cmain; the
 * CFI says x30 is undefined here, so backtraces end cleanly at _start. */
	.cfi_sections .debug_frame
	.section .text.start, "ax"
	.globl _start
_start:
	.cfi_startproc
	.cfi_undefined x30
	ldr x0, =__stack_top
	mov sp, x0
	mov x29, #0
	bl cmain
1:	wfi
	b 1b
	.cfi_endproc
