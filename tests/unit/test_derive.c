/*
 * test_derive.c: unit tests of the one derivation of what a layout does
 * not state (gen/model/derive.c), under a def's rules (DERIVE_DEF, what
 * check_layout() applies) and a source's (DERIVE_SOURCE, what
 * layout_finish() applies for the importers).
 *
 * Layouts are built in code with the builder importers use, so each test
 * states exactly the facts under test: remote numbers (stated, jumping,
 * repeated), g offsets (packed, stated, LLDB's follow-the-previous rule,
 * p/P-only registers past g), slice offsets in both byte orders,
 * composites, type sizes, and the errors a def's breach of each rule gets, compared
 * byte for byte.  Negative controls: the same layout under the other
 * rules, where the outcome must differ.
 * Usage: test_derive (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/derive.h"
#include "model/diag.h"
#include "model/layout-build.h"
#include "model/model.h"
#include "base/strbuf.h"

static struct strbuf captured = STRBUF_INIT;

static int setup(void **state)
{
	(void)state;
	strbuf_reset(&captured);
	diag_capture(&captured);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	diag_capture(NULL);
	return 0;
}

/* A register of bitsize bits; regnum/offset as the caller then states. */
static struct reg *add(struct layout *l, const char *name, int bitsize)
{
	struct reg *r = layout_add_reg(l);

	set_string(&r->name, name);
	r->bitsize = bitsize;
	r->pos = (struct srcpos){ "t.json", (int)l->nregs, 3 };
	return r;
}

static struct reg *add_slice(struct layout *l, const char *name, const char *parent,
			     int msb, int lsb)
{
	struct reg *s = layout_add_slice(l);

	set_string(&s->name, name);
	set_string(&s->parent, parent);
	s->msb = msb;
	s->lsb = lsb;
	return s;
}

static struct reg *add_composite(struct layout *l, const char *name, const char *a,
				 const char *b)
{
	struct reg *s = layout_add_slice(l);

	set_string(&s->name, name);
	s->ncomposite = 2;
	s->composite = calloc(2, sizeof(*s->composite));
	s->composite[0] = strdup(a);
	s->composite[1] = strdup(b);
	return s;
}

/* Numbers: stated where they jump, else the previous + 1; LLDB's list
 * holds every number, then the slices. */
static void test_numbers(void **state)
{
	struct layout *l = layout_new("t", "t.json");

	(void)state;
	add(l, "r0", 32);
	add(l, "r1", 32);
	add(l, "xpsr", 32)->stated_regnum = 25;
	add(l, "msp", 32);
	add_slice(l, "w0", "r0", 15, 0);
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	assert_int_equal(l->regs[0].regnum, 0);
	assert_int_equal(l->regs[1].regnum, 1);
	assert_int_equal(l->regs[2].regnum, 25);
	assert_int_equal(l->regs[3].regnum, 26);
	assert_int_equal(l->num_regnums, 27);
	assert_int_equal(l->num_g_regs, 4);
	assert_int_equal(l->slices[0].regnum, 27); /* after the fillers 2-24 */
	layout_assert_derived(l, DERIVE_DEF);
	assert_int_equal(captured.len, 0);
	layout_free(l);
}

/* A def's number that does not increase is an error at its key; a
 * source's repeat is kept (the importers say what GDB does with it). */
static void test_numbers_repeat(void **state)
{
	struct layout *l = layout_new("t", "t.json");
	struct reg *r;

	(void)state;
	add(l, "a", 32);
	add(l, "b", 32);
	r = add(l, "c", 32);
	r->stated_regnum = 1;
	r->key_at[RK_REGNUM] = KEY_LINES(0) | 20;
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 1);
	assert_string_equal(captured.buf, "t.json:3:20: error: duplicate remote number 1: 'b' and 'c'\n");
	assert_int_equal(l->regs[2].regnum, 2); /* the next one instead */

	/* negative control: the same numbers from a source are kept */
	strbuf_reset(&captured);
	l->regs[0].regnum = 0;
	l->regs[1].regnum = 1;
	l->regs[2].regnum = 1;
	l->regs[2].stated_regnum = NO_NUMBER;
	layout_finish(l);
	assert_int_equal(captured.len, 0);
	assert_int_equal(l->regs[1].regnum, 1);
	assert_int_equal(l->regs[2].regnum, 1);
	assert_int_equal(l->num_regnums, 2);
	/* both in g, at their own bytes (nothing stated: packed) */
	assert_int_equal(l->regs[2].offset, 8);
	assert_int_equal(l->g_packet_size, 12);
	layout_free(l);
}

/* GDB's packing, p/P-only registers past the g packet, and a def's gap
 * as an error with the offset it should have stated. */
static void test_offsets_packed(void **state)
{
	struct layout *l = layout_new("t", "t.json");
	struct reg *r;

	(void)state;
	add(l, "rax", 64);
	add(l, "eflags", 32);
	add(l, "xmm0", 128);
	add(l, "fpcr", 32)->not_in_g = 1;
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	assert_int_equal(l->regs[1].offset, 8);
	assert_int_equal(l->regs[2].offset, 12);
	assert_int_equal(l->g_packet_size, 28);
	assert_int_equal(l->regs[3].offset, 28); /* LLDB's place, past g */
	assert_int_equal(l->lldb_data_size, 32);
	assert_int_equal(l->num_g_regs, 3);
	layout_assert_derived(l, DERIVE_DEF);

	r = &l->regs[2];
	r->stated_offset = 16;
	r->key_at[RK_OFFSET] = KEY_LINES(0) | 9;
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 1);
	assert_string_equal(captured.buf, "t.json:3:9: error: gap in the g packet: register 'xmm0' states offset 16 but the registers before it end at 12\n");
	layout_free(l);
}

/* A source's offsets: as stated; one stating none follows the register
 * before it (LLDB's rule), not the packed sum. */
static void test_offsets_source(void **state)
{
	struct layout *l = layout_new("t", "t.xml");

	(void)state;
	add(l, "a", 64)->regnum = 0;
	add(l, "b", 64)->regnum = 1;
	add(l, "c", 32)->regnum = 2;
	l->regs[1].stated_offset = 24; /* a gap of 16 bytes after a */
	layout_finish(l);
	assert_int_equal(l->regs[0].offset, 0);
	assert_int_equal(l->regs[1].offset, 24);
	assert_int_equal(l->regs[2].offset, 32); /* after b, not at 16 */
	assert_int_equal(l->g_packet_size, 36);

	/* negative control: a def with these offsets stated is refused */
	l->regs[0].stated_offset = 0;
	l->regs[2].stated_offset = 32;
	assert_int_not_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	/* and accepted with "g_offsets": "stated", with GDB's warning */
	strbuf_reset(&captured);
	layout_set_fact(&l->g_offsets, "stated");
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	assert_non_null(strstr(captured.buf, "would read 'b' (remote number 1) at byte 8, where the stub has it at byte 24"));
	assert_int_equal(l->g_packet_size, 36);
	layout_assert_derived(l, DERIVE_DEF);
	layout_free(l);
}

/* Slices: parent's offset + the bytes below the slice, counted from the
 * parent's low end (little-endian) or its high end (big-endian). */
static void test_slices_endian(void **state)
{
	static const enum derive_rules rules[] = { DERIVE_DEF, DERIVE_SOURCE };
	size_t k;

	(void)state;
	for (k = 0; k < 2; k++) {
		struct layout *l = layout_new("t", "t.json");

		add(l, "pc", 64)->regnum = 0;
		add(l, "x0", 64)->regnum = 1;
		add_slice(l, "w0", "x0", 31, 0);
		add_slice(l, "h1", "x0", 31, 16);
		layout_set_fact(&l->endian, "little");
		assert_int_equal(layout_derive(l, rules[k], NULL), 0);
		assert_int_equal(l->slices[0].offset, 8);
		assert_int_equal(l->slices[1].offset, 10);
		assert_int_equal(l->slices[0].bitsize, 32);
		assert_int_equal(l->slices[1].bitsize, 16);
		assert_int_equal(l->slices[0].parent_index, 1);
		layout_assert_derived(l, rules[k]);

		layout_set_fact(&l->endian, "big");
		l->slices[0].offset = l->slices[1].offset = NO_NUMBER;
		assert_int_equal(layout_derive(l, rules[k], NULL), 0);
		assert_int_equal(l->slices[0].offset, 12); /* bytes 4..7 of x0 */
		assert_int_equal(l->slices[1].offset, 12); /* bytes 4..5 */
		layout_assert_derived(l, rules[k]);
		layout_free(l);
	}
}

/* Composites: the sum of their parts, at the lowest part's offset. */
static void test_composites(void **state)
{
	struct layout *l = layout_new("t", "t.json");
	struct reg *s;

	(void)state;
	add(l, "xmm0", 128);
	add(l, "xmm1", 128);
	add(l, "ymm0h", 128);
	add(l, "ymm1h", 128);
	add_composite(l, "ymm1", "xmm1", "ymm1h");
	s = add_composite(l, "ymm0", "ymm0h", "xmm0"); /* low part need not be first in g */
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	assert_int_equal(l->slices[0].bitsize, 256);
	assert_int_equal(l->slices[0].offset, 16);
	assert_int_equal(l->slices[0].composite_index[0], 1);
	assert_int_equal(l->slices[0].composite_index[1], 3);
	assert_int_equal(s->offset, 0);
	assert_int_equal(s->composite_index[0], 2);
	assert_int_equal(s->composite_index[1], 0);
	assert_int_equal(l->slices[0].regnum, 4);
	layout_assert_derived(l, DERIVE_DEF);
	assert_int_equal(captured.len, 0);

	/* a source's stated size is kept (LLDB uses it) */
	l->slices[0].bitsize = 192;
	assert_int_equal(layout_derive(l, DERIVE_SOURCE, NULL), 0);
	assert_int_equal(l->slices[0].bitsize, 192);
	/* a def's is derived */
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	assert_int_equal(l->slices[0].bitsize, 256);
	layout_free(l);
}

/* Deriving twice gives the same result (check_layout() may run again on
 * a checked layout; the importers finish twice). */
static void test_idempotent(void **state)
{
	struct layout *l = layout_new("t", "t.json");
	int off[3];
	size_t i;

	(void)state;
	add(l, "a", 32);
	add(l, "b", 64)->stated_regnum = 7;
	add(l, "c", 16)->not_in_g = 1;
	add_slice(l, "bl", "b", 7, 0);
	add_composite(l, "ab", "a", "b");
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	for (i = 0; i < 3; i++)
		off[i] = l->regs[i].offset;
	assert_int_equal(layout_derive(l, DERIVE_DEF, NULL), 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(l->regs[i].offset, off[i]);
	assert_int_equal(l->regs[2].regnum, 8);
	assert_int_equal(l->slices[0].regnum, 9);
	assert_int_equal(l->slices[1].regnum, 10);
	assert_int_equal(l->slices[1].bitsize, 96);
	layout_assert_derived(l, DERIVE_DEF);
	layout_free(l);
}

static struct type *add_type(struct layout *l, const char *id, enum type_kind kind,
			     const char *element, int count, int size)
{
	struct type *t = layout_add_type(l, id, kind);

	if (element)
		t->element = strdup(element);
	t->count = count ? count : NO_NUMBER;
	t->size = size ? size : NO_NUMBER;
	t->size_given = size != 0;
	return t;
}

/* Type sizes: predefined, pointers by address_bits, vectors, unions,
 * typed structs, stated sizes, and a feature's own type by its id. */
static void test_type_sizes(void **state)
{
	struct layout *l = layout_new("t", "t.json");
	struct type *u, *st;

	(void)state;
	l->address_bits = 32;
	add_type(l, "v4f", TYPE_VECTOR, "ieee_single", 4, 0);
	add_type(l, "v2", TYPE_VECTOR, "int32", 2, 0);
	add_type(l, "v2", TYPE_VECTOR, "int64", 2, 0)->feature = strdup("avx");
	u = add_type(l, "u", TYPE_UNION, NULL, 0, 0);
	type_add_field(u, "f")->type = strdup("v4f");
	type_add_field(u, "p")->type = strdup("code_ptr");
	st = add_type(l, "pair", TYPE_STRUCT, NULL, 0, 0);
	type_add_field(st, "a")->type = strdup("uint16");
	type_add_field(st, "b")->type = strdup("v2");
	add_type(l, "rc", TYPE_ENUM, NULL, 0, 2);
	add_type(l, "fl", TYPE_FLAGS, NULL, 0, 0); /* sized by its registers */

	assert_int_equal(layout_type_size(l, NULL, NULL, "int", 80), 10);
	assert_int_equal(layout_type_size(l, NULL, NULL, "i387_ext", 0), 10);
	assert_int_equal(layout_type_size(l, NULL, NULL, "data_ptr", 0), 4);
	assert_int_equal(layout_type_size(l, NULL, NULL, "v4f", 0), 16);
	assert_int_equal(layout_type_size(l, NULL, NULL, "u", 0), 16);
	assert_int_equal(layout_type_size(l, NULL, NULL, "v2", 0), 8);
	assert_int_equal(layout_type_size(l, NULL, "avx", "v2", 0), 16); /* avx's own */
	assert_int_equal(layout_type_size(l, NULL, "core", "v2", 0), 8);
	assert_int_equal(layout_type_size(l, NULL, NULL, "pair", 0), 2 + 8);
	assert_int_equal(layout_type_size(l, NULL, "avx", "pair", 0), 2 + 16);
	assert_int_equal(layout_type_size(l, NULL, NULL, "rc", 0), 2);
	assert_int_equal(layout_type_size(l, NULL, NULL, "fl", 0), -1);
	assert_int_equal(layout_type_size(l, NULL, NULL, "nope", 0), -1);
	/* negative control: a vector of an unknown element has no size */
	add_type(l, "bad", TYPE_VECTOR, "nope", 2, 0);
	assert_int_equal(layout_type_size(l, NULL, NULL, "bad", 0), -1);
	/* through a type_scope (the importers' way) the same sizes */
	{
		static const char *const asks[][2] = {
			{ NULL, "v4f" }, { NULL, "u" }, { NULL, "v2" }, { "avx", "v2" },
			{ "core", "v2" }, { NULL, "pair" }, { "avx", "pair" },
			{ NULL, "rc" }, { NULL, "fl" }, { NULL, "nope" }, { NULL, "bad" },
		};
		struct type_scope scope;
		size_t i;

		type_scope_init(&scope);
		for (i = 0; i < l->ntypes; i++)
			assert_true(type_scope_add(&scope, l, i, NULL));
		for (i = 0; i < sizeof(asks) / sizeof(asks[0]); i++)
			assert_int_equal(layout_type_size(l, &scope, asks[i][0], asks[i][1], 0),
					 layout_type_size(l, NULL, asks[i][0], asks[i][1], 0));
		assert_int_equal(layout_type_size(l, &scope, "avx", "v2", 0), 16);
		type_scope_clear(&scope);
	}
	layout_free(l);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
		T(test_numbers),
		T(test_numbers_repeat),
		T(test_offsets_packed),
		T(test_offsets_source),
		T(test_slices_endian),
		T(test_composites),
		T(test_idempotent),
		T(test_type_sizes),
#undef T
	};

	(void)argc;
	(void)argv;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
