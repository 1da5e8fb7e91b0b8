/*
 * arch-x86.h: what regdefgen knows about x86 register sets, for the
 * importers (filling what a GDB target description cannot carry) and the
 * lint (checking what a def says against the architecture).
 *
 * These are facts of the architecture and its ABIs, not of any layout: the
 * System V psABI DWARF numbers of the well-known register names (x86_64 and
 * i386 tables), their standard sizes, which LLDB register set and generic
 * role LLDB's own x86 tables give them, the names GDB's i386/amd64 code
 * requires in org.gnu.gdb.i386.core, and LLDB's x86 sub-registers (eax =
 * rax[31:0] ...).  Names are matched ASCII-case-insensitively, as GDB does.
 */
#ifndef REGDEFGEN_ARCH_X86_H
#define REGDEFGEN_ARCH_X86_H

#include <stddef.h>

enum x86_arch { X86_NONE = 0, X86_64, X86_32 };

/* The x86 flavour of a GDB <architecture> name ("i386:x86-64", "i386",
 * "i386:intel"...), of LLDB's "x86_64", or of a triple; X86_NONE if it is
 * not x86. */
enum x86_arch x86_arch_of(const char *name);

struct x86_reg_info {
	const char *name;   /* GDB's name */
	int bits;           /* standard size on the wire */
	int dwarf;          /* SysV DWARF number, -1 if none */
	int fpr;            /* 1: LLDB's "Floating Point Registers" set */
	const char *generic; /* LLDB generic role, or NULL */
};

/* Facts about a well-known register name, or NULL. */
const struct x86_reg_info *x86_reg(enum x86_arch arch, const char *name);

/* The names GDB requires in org.gnu.gdb.i386.core (NULL-terminated). */
const char *const *x86_core_names(enum x86_arch arch);

struct x86_slice_info {
	const char *name;
	const char *parent;
	int msb, lsb;
};

/* LLDB's x86 sub-registers in LLDB's order; *n gets their number. */
const struct x86_slice_info *x86_slices(enum x86_arch arch, size_t *n);

/* The name GDB uses for a register LLDB's x86 tables name differently
 * (rflags -> eflags, stmm3 -> st3), or name itself.  Returns a static or
 * the given string. */
const char *x86_gdb_name(const char *name);

/* The LLDB set names regdefgen's x86 layouts use. */
#define X86_SET_GPR "General Purpose Registers"
#define X86_SET_FPR "Floating Point Registers"

#endif
