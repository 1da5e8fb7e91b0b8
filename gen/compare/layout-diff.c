/*
 * layout-diff.c: comparing layouts (see layout-diff.h).
 *
 * Matching is by name through a case-folding hash map, so a diff is linear
 * in the number of registers.  The wire walk goes through both layouts'
 * registers in offset order at once.
 */
#include "compare/layout-diff.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "arch/arch.h"
#include "model/check.h"
#include "model/known.h"
#include "base/strbuf.h"
#include "base/hashtab.h"

static struct diff_item *add(struct layout_diff *d, enum diff_kind kind, const struct reg *a,
			     const struct reg *b)
{
	GROW_ARRAY(d->items, d->n);
	memset(&d->items[d->n], 0, sizeof(d->items[d->n]));
	d->items[d->n].kind = kind;
	d->items[d->n].a = a;
	d->items[d->n].b = b;
	d->items[d->n].order = d->n;
	return &d->items[d->n++];
}

/* Every type of l, found by id and feature in O(1) (one per register). */
static void scope_of(const struct layout *l, struct type_scope *scope)
{
	size_t i;

	type_scope_init(scope);
	for (i = 0; i < l->ntypes; i++)
		type_scope_add(scope, l, i, NULL);
}

/* What a debugger does with a register's type; scope holds l's types. */
static const char *type_class(const struct layout *l, const struct type_scope *scope,
			      const struct reg *r)
{
	const char *type = r->type;
	size_t t;

	if (!type)
		return NULL;
	if (!strcmp(type, "code_ptr") || !strcmp(type, "data_ptr"))
		return "pointer";
	if (!strcmp(type, "float") || !strncmp(type, "ieee_", 5) ||
	    !strcmp(type, "i387_ext") || !strcmp(type, "bfloat16") ||
	    !strcmp(type, "arm_fpa_ext"))
		return "float";
	if (known_gdb_type(type))
		return "integer";
	if (!type_scope_get(scope, r->feature, type, &t))
		return NULL;
	switch (l->types[t].kind) {
	case TYPE_FLAGS: return "flags";
	case TYPE_VECTOR: case TYPE_UNION: return "vector";
	case TYPE_STRUCT: return "struct";
	case TYPE_ENUM: return "integer"; /* what a debugger does with it */
	}
	return NULL;
}

/* Two groups differ when both are stated and differ, or when one side
 * states a group GDB would not pick by itself (QEMU's cp_regs): a register
 * without a group attribute lands in GDB's own groups by its type. */
static int group_differs(const char *a, const char *b)
{
	if (a && b)
		return strcmp(a, b) != 0;
	if (!a && !b)
		return 0;
	return !known_gdb_group(a ? a : b);
}

static const char *lname(const struct reg *r)
{
	return r->lldb_name ? r->lldb_name : r->name;
}

/* GDB's and LLDB's names for one register of arch (LLDB's x86 tables say
 * rflags and stmm0 where GDB says eflags and st0) are the same register;
 * arch NULL (unknown): only the names each layout states. */
static int same_name(const struct arch *arch, const struct reg *a, const struct reg *b)
{
	return !strcasecmp(arch_gdb_name(arch, a->name), arch_gdb_name(arch, b->name)) ||
	       !strcasecmp(arch_gdb_name(arch, lname(a)), arch_gdb_name(arch, lname(b))) ||
	       !strcasecmp(arch_gdb_name(arch, a->name), arch_gdb_name(arch, lname(b))) ||
	       !strcasecmp(arch_gdb_name(arch, lname(a)), arch_gdb_name(arch, b->name));
}

static int by_offset(const void *x, const void *y)
{
	const struct reg *a = *(const struct reg *const *)x, *b = *(const struct reg *const *)y;

	if (a->offset != b->offset)
		return a->offset < b->offset ? -1 : 1;
	return a->regnum < b->regnum ? -1 : a->regnum > b->regnum;
}

static const struct reg **sorted_by_offset(const struct layout *l)
{
	const struct reg **v = xmalloc((l->nregs ? l->nregs : 1) * sizeof(*v));
	size_t i;

	for (i = 0; i < l->nregs; i++)
		v[i] = &l->regs[i];
	qsort(v, l->nregs, sizeof(*v), by_offset);
	return v;
}

static void wire_walk(const struct arch *arch, const struct layout *a, const struct layout *b,
		      struct layout_diff *d)
{
	const struct reg **va = sorted_by_offset(a), **vb = sorted_by_offset(b);
	size_t i = 0, j = 0;

	while (i < a->nregs || j < b->nregs) {
		const struct reg *x = i < a->nregs ? va[i] : NULL;
		const struct reg *y = j < b->nregs ? vb[j] : NULL, *first;

		assert(x || y); /* the loop runs while either side has a register left */
		if (x && y && x->offset == y->offset && x->bitsize == y->bitsize &&
		    same_name(arch, x, y)) {
			i++;
			j++;
			continue;
		}
		d->wire_differs = 1;
		d->wire_a = x;
		d->wire_b = y;
		/* the register that starts first; one side may have none left */
		first = !x ? y : !y ? x : x->offset < y->offset ? x : y;
		/* x or y is a register (asserted above), so first is one too */
		// cppcheck-suppress nullPointerRedundantCheck
		d->wire_offset = first->offset;
		/* what each side has at that byte, if anything */
		if (x && x->offset > d->wire_offset)
			d->wire_a = NULL;
		if (y && y->offset > d->wire_offset)
			d->wire_b = NULL;
		break;
	}
	free(va);
	free(vb);
}

static long long item_key(const struct diff_item *it)
{
	const struct reg *r = it->a ? it->a : it->b;
	long long k = r->is_slice ? (1LL << 40) + (long long)r->regnum : r->offset;

	if (it->a && it->b && !r->is_slice && it->b->offset < k)
		k = it->b->offset;
	return k;
}

static int by_key(const void *x, const void *y)
{
	const struct diff_item *a = x, *b = y;
	long long ka = item_key(a), kb = item_key(b);

	if (ka != kb)
		return ka < kb ? -1 : 1;
	/* keep one register's differences together, in the order found */
	return a->order < b->order ? -1 : a->order > b->order;
}

/* In wire order, so the report reads along the g packet. */
static void sort_items(struct layout_diff *d)
{
	if (d->n > 1)
		qsort(d->items, d->n, sizeof(*d->items), by_key);
}

/* The number of plain slices (kind 0) or composites (kind 1) of l. */
static size_t count_slices(const struct layout *l, int kind)
{
	size_t i, n = 0;

	for (i = 0; i < l->nslices; i++)
		n += !l->slices[i].composite == !kind;
	return n;
}

/* Same parent and bits, or the same parts in the same order. */
static int same_slice(const struct reg *x, const struct reg *y)
{
	size_t j;

	if (x->composite || y->composite) {
		if (!x->composite || !y->composite || x->ncomposite != y->ncomposite)
			return 0;
		for (j = 0; j < x->ncomposite; j++)
			if (strcasecmp(x->composite[j], y->composite[j]))
				return 0;
		return 1;
	}
	return !strcasecmp(x->parent, y->parent) && x->msb == y->msb && x->lsb == y->lsb;
}

/* "rax[31:0]" or "xmm0+ymm0h". */
static void slice_text(struct strbuf *sb, const struct reg *r)
{
	size_t j;

	if (!r->composite) {
		strbuf_addf(sb, "%s[%d:%d]", r->parent, r->msb, r->lsb);
		return;
	}
	for (j = 0; j < r->ncomposite; j++)
		strbuf_addf(sb, "%s%s", j ? "+" : "", r->composite[j]);
}

void layout_diff(const struct layout *a, const struct layout *b, struct layout_diff *d)
{
	/* the names one architecture gives a register under two spellings */
	const struct arch *arch = arch_of_layout(a) ? arch_of_layout(a) : arch_of_layout(b);
	struct hashtab names = HASHTAB_INIT(HASHTAB_STRINGS_FOLD);
	struct type_scope types_a, types_b;
	size_t *match_a = xmalloc((a->nregs ? a->nregs : 1) * sizeof(size_t));
	unsigned char *used_b = xcalloc(b->nregs ? b->nregs : 1, 1);
	size_t i, j, k;
	int kind;

	memset(d, 0, sizeof(*d));
	scope_of(a, &types_a);
	scope_of(b, &types_b);
	for (j = 0; j < b->nregs; j++) {
		hashtab_add(&names, arch_gdb_name(arch, b->regs[j].name), j, NULL);
		if (b->regs[j].lldb_name)
			hashtab_add(&names, arch_gdb_name(arch, b->regs[j].lldb_name), j, NULL);
	}
	for (i = 0; i < a->nregs; i++) {
		match_a[i] = (size_t)-1;
		if ((hashtab_get(&names, arch_gdb_name(arch, a->regs[i].name), &k) ||
		     (a->regs[i].lldb_name &&
		      hashtab_get(&names, arch_gdb_name(arch, a->regs[i].lldb_name), &k))) &&
		    !used_b[k]) {
			match_a[i] = k;
			used_b[k] = 1;
		}
	}
	/* unmatched on both sides, same number, size and place: renamed */
	for (i = 0; i < a->nregs; i++) {
		if (match_a[i] != (size_t)-1)
			continue;
		for (j = 0; j < b->nregs; j++)
			if (!used_b[j] && b->regs[j].regnum == a->regs[i].regnum &&
			    b->regs[j].bitsize == a->regs[i].bitsize &&
			    b->regs[j].offset == a->regs[i].offset) {
				match_a[i] = j;
				used_b[j] = 1;
				add(d, DIFF_RENAMED, &a->regs[i], &b->regs[j]);
				break;
			}
	}
	for (i = 0; i < a->nregs; i++) {
		const struct reg *x = &a->regs[i], *y;
		const char *ca, *cb;
		if (match_a[i] == (size_t)-1) {
			add(d, DIFF_MISSING_IN_B, x, NULL);
			continue;
		}
		y = &b->regs[match_a[i]];
		if (x->bitsize != y->bitsize)
			add(d, DIFF_SIZE, x, y);
		if (x->offset != y->offset)
			add(d, DIFF_OFFSET, x, y);
		if (x->regnum != y->regnum)
			add(d, DIFF_REGNUM, x, y);
		ca = type_class(a, &types_a, x);
		cb = type_class(b, &types_b, y);
		if (ca && cb && strcmp(ca, cb)) {
			struct diff_item *it = add(d, DIFF_TYPE, x, y);
			it->class_a = ca;
			it->class_b = cb;
		}
		if (x->dwarf != y->dwarf)
			add(d, DIFF_DWARF, x, y);
		if (group_differs(x->group, y->group))
			add(d, DIFF_GROUP, x, y);
	}
	for (j = 0; j < b->nregs; j++)
		if (!used_b[j])
			add(d, DIFF_MISSING_IN_A, NULL, &b->regs[j]);
	/* LLDB sub-registers, when both sides list some; composites, when
	 * both sides list some (a target.xml cannot state them) */
	for (kind = 0; kind < 2; kind++) {
		if (!count_slices(a, kind) || !count_slices(b, kind))
			continue;
		for (i = 0; i < a->nslices; i++) {
			const struct reg *x = &a->slices[i], *y = NULL;
			if (!x->composite != !kind)
				continue;
			for (j = 0; j < b->nslices && !y; j++)
				if (!b->slices[j].composite == !kind &&
				    !strcasecmp(lname(x), lname(&b->slices[j])))
					y = &b->slices[j];
			if (!y || !same_slice(x, y))
				add(d, DIFF_SLICE, x, y);
		}
		for (j = 0; j < b->nslices; j++) {
			const struct reg *y = &b->slices[j];
			int found = 0;
			if (!y->composite != !kind)
				continue;
			for (i = 0; i < a->nslices && !found; i++)
				found = !a->slices[i].composite == !kind &&
					!strcasecmp(lname(y), lname(&a->slices[i]));
			if (!found)
				add(d, DIFF_SLICE, NULL, y);
		}
	}
	sort_items(d);
	wire_walk(arch, a, b, d);
	hashtab_clear(&names);
	type_scope_clear(&types_a);
	type_scope_clear(&types_b);
	free(match_a);
	free(used_b);
}

void layout_diff_release(struct layout_diff *d)
{
	free(d->items);
	memset(d, 0, sizeof(*d));
}

int layout_diff_same(const struct layout_diff *d)
{
	return d->n == 0 && !d->wire_differs;
}

static const char *kind_name(enum diff_kind k)
{
	static const char *const names[] = {
		"missing_in_a", "missing_in_b", "renamed", "size", "offset", "regnum",
		"type", "dwarf", "slice", "group"
	};
	return names[k];
}

static void describe_reg(struct strbuf *sb, const struct reg *r)
{
	strbuf_addf(sb, "%s (%d bytes, %d..%d)", r->name, r->bitsize / 8, r->offset,
		    r->offset + r->bitsize / 8 - 1);
}

static void num(struct strbuf *sb, long long v)
{
	if (v == NO_NUMBER)
		strbuf_addstr(sb, "none");
	else
		strbuf_addf(sb, "%lld", v);
}

/* The registers of l overlapping bytes [from, to). */
static void overlapping(struct strbuf *sb, const struct layout *l, long long from, long long to)
{
	size_t i, n = 0;

	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		if (r->offset < to && r->offset + r->bitsize / 8 > from) {
			strbuf_addf(sb, "%s%s", n ? " and " : "", r->name);
			n++;
		}
	}
	if (!n)
		strbuf_addstr(sb, "nothing (past the end of its g packet)");
}

static void wire_text(struct strbuf *sb, const struct layout_diff *d,
		      const struct diff_side *a, const struct diff_side *b)
{
	strbuf_addf(sb, "First difference on the wire: byte %lld of the g packet.\n", d->wire_offset);
	strbuf_addstr(sb, "  A has ");
	if (d->wire_a)
		describe_reg(sb, d->wire_a);
	else
		strbuf_addstr(sb, d->wire_offset >= a->l->g_packet_size ? "nothing there: its g packet ends" : "no register starting there");
	strbuf_addstr(sb, ";\n  B has ");
	if (d->wire_b)
		describe_reg(sb, d->wire_b);
	else
		strbuf_addstr(sb, d->wire_offset >= b->l->g_packet_size ? "nothing there: its g packet ends" : "no register starting there");
	strbuf_addstr(sb, ".\n");
	if (d->wire_a && d->wire_b && d->wire_a->offset == d->wire_b->offset &&
	    d->wire_a->bitsize == d->wire_b->bitsize) {
		strbuf_addf(sb, "  The bytes agree; only the name differs: whatever asks for '%s' finds nothing on the other side.\n",
			    d->wire_a->name);
	} else if (d->wire_a && !d->wire_b && d->wire_offset >= b->l->g_packet_size) {
		strbuf_addf(sb, "  B's stub sends no bytes for %s and what follows: with A's layout GDB shows them\n"
			    "  <unavailable> (or stops at a truncated register) and LLDB marks them invalid.\n",
			    d->wire_a->name);
	} else if (d->wire_b && !d->wire_a && d->wire_offset >= a->l->g_packet_size) {
		strbuf_addf(sb, "  B's stub sends %lld more bytes (from %s on) than A describes: with A's layout GDB\n"
			    "  rejects the reply (\"Remote 'g' packet reply is too long\") and LLDB ignores the rest.\n",
			    (long long)(b->l->g_packet_size - d->wire_offset), d->wire_b->name);
	} else if (d->wire_a) {
		strbuf_addf(sb, "  A debugger using A's layout with B's stub reads %s from the bytes where B has ",
			    d->wire_a->name);
		overlapping(sb, b->l, d->wire_a->offset, d->wire_a->offset + d->wire_a->bitsize / 8);
		strbuf_addf(sb, ":\n  every register A places at or after byte %lld shows garbage.\n",
			    d->wire_offset);
	} else if (d->wire_b) {
		strbuf_addf(sb, "  B sends %s there, which A does not describe: A's registers from byte %lld on are read from the wrong bytes.\n",
			    d->wire_b->name, d->wire_offset);
	}
}

static void sizes_text(struct strbuf *sb, const struct diff_side *a, const struct diff_side *b)
{
	long long sa = a->l->g_packet_size, sb2 = b->l->g_packet_size;

	strbuf_addf(sb, "g packet: A %lld bytes, B %lld bytes", sa, sb2);
	if (sa != sb2)
		strbuf_addf(sb, " (B has %lld %s)", sa > sb2 ? sa - sb2 : sb2 - sa,
			    sb2 > sa ? "more" : "fewer");
	strbuf_addstr(sb, ".\n");
	if (a->g_reply_bytes >= 0)
		strbuf_addf(sb, "  A's stub really sent %lld bytes in reply to 'g'%s.\n", a->g_reply_bytes,
			    a->g_reply_bytes != sa ? " (not what it describes)" : "");
	if (b->g_reply_bytes >= 0)
		strbuf_addf(sb, "  B's stub really sent %lld bytes in reply to 'g'%s.\n", b->g_reply_bytes,
			    b->g_reply_bytes != sb2 ? " (not what it describes)" : "");
}

void layout_diff_print(FILE *f, const struct layout_diff *d, const struct diff_side *a,
		       const struct diff_side *b)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (layout_diff_same(d)) {
		strbuf_addf(&sb, "Same layout: %zu registers, %lld-byte g packet.\n  A: %s (%s)\n  B: %s (%s)\n",
			    a->l->nregs, (long long)a->l->g_packet_size, a->label, a->kind, b->label, b->kind);
		sizes_text(&sb, a, b);
		fputs(sb.buf, f);
		strbuf_release(&sb);
		return;
	}
	strbuf_addf(&sb, "The layouts differ.\n  A: %s (%s)\n  B: %s (%s)\n\n", a->label, a->kind,
		    b->label, b->kind);
	if (d->wire_differs)
		wire_text(&sb, d, a, b);
	else
		strbuf_addstr(&sb, "On the wire they agree: same registers at the same bytes of the g packet.\n");
	sizes_text(&sb, a, b);
	if (d->n)
		strbuf_addf(&sb, "\nRegister by register (%zu difference%s):\n", d->n, d->n == 1 ? "" : "s");
	for (i = 0; i < d->n; i++) {
		const struct diff_item *it = &d->items[i];
		const struct reg *x = it->a, *y = it->b;
		const enum diff_kind kind = it->kind;

		/* what add() records: the side that lacks a register is
		 * NULL only for "missing" items and for sub-registers; every
		 * other item compares a register both sides have */
		assert(kind == DIFF_MISSING_IN_A ? !x && y :
		       kind == DIFF_MISSING_IN_B ? x && !y :
		       kind == DIFF_SLICE ? x || y : x && y);
		/* the differences of one register share a line */
		if (i && x && d->items[i - 1].a == x && d->items[i - 1].b == y &&
		    kind != DIFF_SLICE) {
			sb.buf[--sb.len] = '\0';
			strbuf_addstr(&sb, "; ");
		} else {
			strbuf_addf(&sb, "  %-12s ", x ? x->name : y->name);
		}
		switch (kind) {
		case DIFF_MISSING_IN_A:
			strbuf_addf(&sb, "only in B (remote number %d, bytes %d..%d, %d bits)", y->regnum,
				    y->offset, y->offset + y->bitsize / 8 - 1, y->bitsize);
			break;
		case DIFF_MISSING_IN_B:
			strbuf_addf(&sb, "only in A (remote number %d, bytes %d..%d, %d bits)", x->regnum,
				    x->offset, x->offset + x->bitsize / 8 - 1, x->bitsize);
			break;
		case DIFF_RENAMED:
			strbuf_addf(&sb, "renamed: '%s' in A, '%s' in B (remote number %d)", x->name,
				    y->name, x->regnum);
			break;
		case DIFF_SIZE:
			strbuf_addf(&sb, "size: %d bits in A, %d in B", x->bitsize, y->bitsize);
			break;
		case DIFF_OFFSET:
			strbuf_addf(&sb, "offset: byte %d in A, %d in B", x->offset, y->offset);
			break;
		case DIFF_REGNUM:
			strbuf_addf(&sb, "remote number: %d in A, %d in B", x->regnum, y->regnum);
			break;
		case DIFF_TYPE:
			strbuf_addf(&sb, "type: %s (%s) in A, %s (%s) in B", x->type,
				    it->class_a, y->type, it->class_b);
			break;
		case DIFF_DWARF:
			strbuf_addstr(&sb, "DWARF number: ");
			num(&sb, x->dwarf);
			strbuf_addstr(&sb, " in A, ");
			num(&sb, y->dwarf);
			strbuf_addstr(&sb, " in B");
			break;
		case DIFF_GROUP:
			strbuf_addf(&sb, "group: %s in A, %s in B", x->group ? x->group : "(none)",
				    y->group ? y->group : "(none)");
			break;
		case DIFF_SLICE:
			strbuf_addstr(&sb, "sub-register");
			if (!y) {
				strbuf_addch(&sb, ' ');
				slice_text(&sb, x);
				strbuf_addstr(&sb, " only in A");
			} else if (!x) {
				strbuf_addch(&sb, ' ');
				slice_text(&sb, y);
				strbuf_addstr(&sb, " only in B");
			} else {
				strbuf_addstr(&sb, ": ");
				slice_text(&sb, x);
				strbuf_addstr(&sb, " in A, ");
				slice_text(&sb, y);
				strbuf_addstr(&sb, " in B");
			}
			break;
		}
		strbuf_addch(&sb, '\n');
	}
	fputs(sb.buf, f);
	strbuf_release(&sb);
}

static json_t *reg_json(const struct reg *r)
{
	json_t *o;

	if (!r)
		return json_null();
	o = json_object();
	json_object_set_new(o, "name", json_string(r->name));
	if (r->is_slice && r->composite) {
		json_t *parts = json_array();
		size_t j;
		for (j = 0; j < r->ncomposite; j++)
			json_array_append_new(parts, json_string(r->composite[j]));
		json_object_set_new(o, "composite", parts);
		return o;
	}
	if (r->is_slice) {
		json_object_set_new(o, "parent", json_string(r->parent));
		json_object_set_new(o, "msb", json_integer(r->msb));
		json_object_set_new(o, "lsb", json_integer(r->lsb));
		return o;
	}
	json_object_set_new(o, "regnum", json_integer(r->regnum));
	json_object_set_new(o, "offset", json_integer(r->offset));
	json_object_set_new(o, "bitsize", json_integer(r->bitsize));
	json_object_set_new(o, "type", r->type ? json_string(r->type) : json_null());
	json_object_set_new(o, "dwarf", r->dwarf != NO_NUMBER ? json_integer(r->dwarf) : json_null());
	return o;
}

static json_t *side_json(const struct diff_side *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "source", json_string(s->label));
	json_object_set_new(o, "kind", json_string(s->kind));
	json_object_set_new(o, "registers", json_integer((json_int_t)s->l->nregs));
	json_object_set_new(o, "slices", json_integer((json_int_t)s->l->nslices));
	json_object_set_new(o, "g_packet_size", json_integer(s->l->g_packet_size));
	json_object_set_new(o, "g_reply_bytes",
			    s->g_reply_bytes >= 0 ? json_integer(s->g_reply_bytes) : json_null());
	return o;
}

json_t *layout_diff_json(const struct layout_diff *d, const struct diff_side *a,
			 const struct diff_side *b)
{
	json_t *o = json_object(), *items = json_array();
	size_t i;

	json_object_set_new(o, "same", json_boolean(layout_diff_same(d)));
	json_object_set_new(o, "a", side_json(a));
	json_object_set_new(o, "b", side_json(b));
	if (d->wire_differs) {
		json_t *w = json_object();
		json_object_set_new(w, "offset", json_integer(d->wire_offset));
		json_object_set_new(w, "a", reg_json(d->wire_a));
		json_object_set_new(w, "b", reg_json(d->wire_b));
		json_object_set_new(o, "first_wire_difference", w);
	} else {
		json_object_set_new(o, "first_wire_difference", json_null());
	}
	for (i = 0; i < d->n; i++) {
		json_t *it = json_object();
		const struct reg *r = d->items[i].a ? d->items[i].a : d->items[i].b;
		json_object_set_new(it, "register", json_string(r->name));
		json_object_set_new(it, "kind", json_string(kind_name(d->items[i].kind)));
		json_object_set_new(it, "a", reg_json(d->items[i].a));
		json_object_set_new(it, "b", reg_json(d->items[i].b));
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "differences", items);
	return o;
}
