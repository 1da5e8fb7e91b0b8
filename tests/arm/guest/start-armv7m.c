/* start-armv7m.c: reset of the Cortex-M test guest.  The core loads sp and
 * pc from the vector table at address 0 (link-armv7m.ld puts .vectors
 * there; ld.lld sets the Thumb bit of _start).  _start's CFI marks lr
 * undefined so backtraces end cleanly there. */
extern char __stack_top[];
void cmain(void);
void _start(void);

__attribute__((naked, noreturn)) void _start(void)
{
	__asm__ volatile(".cfi_undefined lr\n\tmovs r7, #0\n\tbl cmain\n1:\twfi\n\tb 1b");
}

void *const vectors[2] __attribute__((section(".vectors"), used)) = {__stack_top, (void *)_start};
