/*
 * arch-x86.c: what of x86 cannot be data (the hooks of struct arch, see
 * arch.h).  The x86 registers, numbers, roles, sets and sub-registers are
 * not here: they come from defs/x86/ (arch.json and the knowledge defs it
 * names) through the generated arch-data.c.
 */
#include "arch/arch.h"

#include <string.h>

#include "model/layout-build.h"

/* 32-bit Darwin numbers its eh_frame registers unlike DWARF: the stack
 * and frame pointers swap numbers.  A description that numbers the sp
 * register's eh_frame as the fp register's DWARF number is Darwin's. */
static const char *darwin_triple(const struct arch *a, const struct layout *l, const char **why)
{
	const struct arch_reg *sp = arch_reg_with_role(a, "sp");
	const struct arch_reg *fp = arch_reg_with_role(a, "fp");
	long i;

	if (a->address_bits != 32 || !sp || !fp || (i = layout_find_reg(l, sp->name)) < 0)
		return NULL;
	if (l->regs[i].dwarf != sp->dwarf || l->regs[i].ehframe != fp->dwarf)
		return NULL;
	*why = "its eh_frame numbers are 32-bit Darwin's";
	return "i386-apple-macosx";
}

static int darwin_ehframe(const struct arch *a, const char *triple)
{
	return a->address_bits == 32 && strstr(triple, "apple") != NULL;
}

const struct arch_hooks arch_hooks_x86 = { darwin_triple, darwin_ehframe };
