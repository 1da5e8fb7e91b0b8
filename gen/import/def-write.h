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

#endif
