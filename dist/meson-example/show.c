/*
 * show.c: the smallest user of a generated header, built once per layout
 * (see meson.build): prints the layout's register count and g packet size
 * as the header states them.
 */
#include <stdio.h>

#include LAYOUT_HEADER

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

int main(void)
{
	printf("%s: %ld registers, %ld-byte g packet\n", LAYOUT_NAME,
	       (long)CAT(LAYOUT_UC, _NUM_REGS), (long)CAT(LAYOUT_UC, _G_PACKET_SIZE));
	return 0;
}
