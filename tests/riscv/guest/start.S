/* start.S: reset entry of the RISC-V test guest.  QEMU's -bios none reset
 * stub jumps to the start of RAM (0x80000000), not to e_entry, so _start is
 * the first thing in .text (link.ld).  It sets the stack, turns the FPU on
 * (mstatus.FS, else the first FP instruction traps) and calls cmain.  The
 * CFI says ra is undefined here, so backtraces end cleanly at _start. */
	.cfi_sections .debug_frame
	.section .text.start, "ax"
	.globl _start
_start:
	.cfi_startproc
	.cfi_undefined ra
	la sp, __stack_top
	li t0, 0x2000
	csrs mstatus, t0
	call cmain
1:	wfi
	j 1b
	.cfi_endproc
