/*
 * def-write.h: a layout as a def, the inverse of load.c.
 *
 * "regdefgen import" builds a layout from a GDB or LLDB description and
 * writes it here.  The text is deterministic (the same layout always gives
 * the same bytes) and tidy: one register, slice, type field per line,
 * keys in a fixed order, values that equal the format's defaults left out,
 * the most common feature and set stated once in "defaults".  Loading the
 * text back with load_layout() gives the same layout.
 *
 * The layout must be dense (layout_make_dense()): a def cannot say remote
 * numbers or offsets other than the ones its order gives.
 */
#ifndef REGDEFGEN_DEF_WRITE_H
#define REGDEFGEN_DEF_WRITE_H

#include "model/model.h"
#include "base/strbuf.h"

void def_write(struct strbuf *out, const struct layout *l);

/*
 * The same text, and where each of its lines came from: (*lines)[k] is the
 * position of the element written on line k + 1 (a register, type, field,
 * feature, set: its pos in the description imported; the layout's source,
 * line 0, for lines no element owns).  Import reports what the checker says
 * of the written def at these positions, in the file the user gave rather
 * than in a temporary def.  Free *lines with free(); the positions borrow
 * the layout's file names.
 */
void def_write_lines(struct strbuf *out, const struct layout *l,
		     struct srcpos **lines, size_t *nlines);

#endif
