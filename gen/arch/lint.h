/*
 * lint.h: architecture-aware checks of a valid layout, beyond structure.
 *
 * check.c decides whether a def is valid; lint says whether it is wise.
 * For a layout of an architecture regdefgen knows (arch.h) it checks what
 * the debuggers will do with it: the names GDB requires in the
 * architecture's mandatory feature (GDB rejects the whole description
 * without them), the architecture's feature rules (x86: SSE registers
 * outside org.gnu.gdb.i386.sse, the segments feature that makes GDB 13
 * abort on i386), the ABI's DWARF numbers and standard sizes of known
 * names, generic roles LLDB needs, a triple that names another
 * architecture, LLDB's rules for sub-registers and breakpoint-pc-offset.
 * An unknown architecture gets no findings.  Each finding is a warning
 * through diag.h, at the position of the offending key; with strict they
 * are errors.
 */
#ifndef REGDEFGEN_LINT_H
#define REGDEFGEN_LINT_H

#include "model/model.h"

/* Returns the number of findings. */
int lint_layout(const struct layout *l, int strict);

#endif
