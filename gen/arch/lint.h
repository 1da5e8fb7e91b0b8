/*
 * lint.h: architecture-aware checks of a valid layout, beyond structure.
 *
 * check.c decides whether a def is valid; lint says whether it is wise.
 * For x86 layouts (arch-x86.h) it checks what the debuggers will do with
 * it: GDB's required org.gnu.gdb.i386.core names (GDB rejects the whole
 * description without them), SSE registers outside org.gnu.gdb.i386.sse,
 * the segments feature that makes GDB 13 abort on i386, the SysV DWARF
 * numbers and standard sizes of well-known names, generic roles LLDB
 * needs, a triple that names another architecture, LLDB's rules for
 * sub-registers and breakpoint-pc-offset.  Each finding is a warning
 * through diag.h, at the position of the offending key; with strict they
 * are errors.
 */
#ifndef REGDEFGEN_LINT_H
#define REGDEFGEN_LINT_H

#include "model/model.h"

/* Returns the number of findings. */
int lint_layout(const struct layout *l, int strict);

#endif
