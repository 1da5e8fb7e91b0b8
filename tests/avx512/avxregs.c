/*
 * avxregs.c: the program the AVX sessions debug.  It loads known bytes into
 * ymm5, ymm13, zmm17, xmm20 and k3, stops on an int3 (a debugger reads and
 * writes them there; a signal stop, so LLDB's breakpoint-pc-offset never
 * rewrites the PC), then stores the same registers to memory and prints
 * them, so a test sees what a debugger's writes left in the CPU.  Byte i of
 * a register holds BASE + i; the bases are below.  With an argument it runs
 * without the int3 (what the CPU keeps with no debugger involved).  Built
 * with -mavx512f -mavx512bw; 64-bit only (xmm20 and zmm17 do not exist in
 * 32-bit mode).
 */
#include <stdio.h>
#include <string.h>

static void show(const char *name, const unsigned char *b, int n)
{
	int i;

	printf("%s", name);
	for (i = 0; i < n; i++)
		printf(" %02x", b[i]);
	printf("\n");
}

int main(int argc, char **argv)
{
	unsigned char y5[32], y13[32], z17[64], x20[16];
	unsigned char o5[32], o13[32], o17[64], o20[16];
	unsigned long long k3 = 0x0123456789abcdefULL, ok3 = 0;
	int i, nostop = argc > 1;

	(void)argv;
	for (i = 0; i < 32; i++) {
		y5[i] = (unsigned char)(0x50 + i);
		y13[i] = (unsigned char)(0xd0 + i);
	}
	for (i = 0; i < 64; i++)
		z17[i] = (unsigned char)(0x80 + i);
	for (i = 0; i < 16; i++)
		x20[i] = (unsigned char)(0x20 + i);
	__asm__ volatile(
		"vmovdqu %[y5], %%ymm5\n\t"
		"vmovdqu %[y13], %%ymm13\n\t"
		"vmovdqu64 %[z17], %%zmm17\n\t"
		"vmovdqu64 %[x20], %%xmm20\n\t"
		"kmovq %[k3], %%k3\n\t"
		"test %[nostop], %[nostop]\n\t"
		"jnz 1f\n\t"
		"int3\n"
		"1:\n\t"
		"vmovdqu %%ymm5, %[o5]\n\t"
		"vmovdqu %%ymm13, %[o13]\n\t"
		"vmovdqu64 %%zmm17, %[o17]\n\t"
		"vmovdqu64 %%xmm20, %[o20]\n\t"
		"kmovq %%k3, %[ok3]\n\t"
		: [o5] "=m"(o5), [o13] "=m"(o13), [o17] "=m"(o17), [o20] "=m"(o20),
		  [ok3] "=m"(ok3)
		: [y5] "m"(y5), [y13] "m"(y13), [z17] "m"(z17), [x20] "m"(x20),
		  [k3] "m"(k3), [nostop] "r"(nostop)
		: "xmm5", "xmm13", "xmm17", "xmm20", "k3", "cc");
	show("ymm5", o5, 32);
	show("ymm13", o13, 32);
	show("zmm17", o17, 64);
	show("xmm20", o20, 16);
	printf("k3 %016llx\n", ok3);
	return 0;
}
