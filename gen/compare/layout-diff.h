/*
 * layout-diff.h: what differs between two layouts, register by register,
 * and what that means on the wire.
 *
 * Registers are matched by name (GDB's or LLDB's, case-insensitively, as
 * GDB matches them), then unmatched ones by remote number ("renamed").
 * For each pair: size, g-packet offset, remote number, type (by what a
 * debugger does with it: integer, pointer, float, flags, vector, struct;
 * the type's own name does not matter) and DWARF number.  The first
 * difference on the wire is the lowest g-packet byte at which the two
 * layouts stop agreeing: from there on a debugger using one layout with the
 * other's stub reads garbage, which is what a user needs to see first.
 */
#ifndef REGDEFGEN_LAYOUT_DIFF_H
#define REGDEFGEN_LAYOUT_DIFF_H

#include <jansson.h>
#include <stdio.h>

#include "model/model.h"

enum diff_kind {
	DIFF_MISSING_IN_A, DIFF_MISSING_IN_B, DIFF_RENAMED, DIFF_SIZE,
	DIFF_OFFSET, DIFF_REGNUM, DIFF_TYPE, DIFF_DWARF, DIFF_SLICE, DIFF_GROUP
};

struct diff_item {
	enum diff_kind kind;
	const struct reg *a, *b; /* NULL on the side that lacks it */
	size_t order;            /* when it was found (keeps sorting stable) */
	const char *class_a, *class_b; /* DIFF_TYPE: what a debugger makes of each type */
};

struct layout_diff {
	struct diff_item *items;
	size_t n;
	int wire_differs;
	long long wire_offset;         /* first differing byte */
	const struct reg *wire_a, *wire_b; /* what each side puts there, or NULL */
};

/* One side: the layout, a label ("A: file"), and the stub's measured g
 * reply size (-1 if not a stub). */
struct diff_side {
	const struct layout *l;
	const char *label;
	const char *kind;
	long long g_reply_bytes;
};

void layout_diff(const struct layout *a, const struct layout *b, struct layout_diff *d);
void layout_diff_release(struct layout_diff *d);
int layout_diff_same(const struct layout_diff *d);

void layout_diff_print(FILE *f, const struct layout_diff *d, const struct diff_side *a,
		       const struct diff_side *b);
json_t *layout_diff_json(const struct layout_diff *d, const struct diff_side *a,
			 const struct diff_side *b);

#endif
