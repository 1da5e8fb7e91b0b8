/*
 * derive.c: the one derivation of what a layout does not state (see
 * derive.h), shared by the def checker and the importers.
 *
 * Each rule is written once; DERIVE_DEF adds only the errors a def's
 * breach of it gets, at the key that breaches it.
 */
#include "model/derive.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/check.h"
#include "model/diag.h"
#include "model/known.h"
#include "base/strbuf.h"
#include "base/hashtab.h"

/* The largest g packet regdefgen describes (the RSP has no limit, but
 * offsets are C ints in the generated header). */
#define MAX_G_PACKET_BYTES ((int64_t)1 << 30)

/* Unused remote numbers a layout may leave: LLDB's list index is the
 * remote number, so each costs a filler entry in its file and a
 * qRegisterInfo reply (RISC-V's CSRs reach 66 + 4095). */
#define MAX_UNUSED_REGNUMS 65536

/* The largest composite LLDB is given (a register's bitsize limit). */
#define MAX_COMPOSITE_BITS 65536

struct deriver {
	struct layout *l;
	enum derive_rules rules;
	const struct hashtab *names;
	int errors;
};

/* A breach of a def's rule: an error (sources keep what they state). */
#define ERROR(d, pos, ...) do { diag_error(pos, __VA_ARGS__); (d)->errors++; } while (0)

int slice_offset(const struct layout *l, const struct reg *parent, int msb, int lsb)
{
	if (l->endian.value && !strcmp(l->endian.value, "big"))
		return parent->offset + (parent->bitsize - 1 - msb) / 8;
	return parent->offset + lsb / 8;
}

int layout_offsets_stated(const struct layout *l)
{
	return l->g_offsets.value && !strcmp(l->g_offsets.value, "stated");
}

/* ---- type sizes ---- */

/* Types hold types only this deep (check.c refuses deeper ones). */
#define MAX_TYPE_DEPTH 64

/* Index of the type name means in feature: through scope (hashed) if
 * given, else a search of the layout's types. */
static long type_in(const struct layout *l, const struct type_scope *scope,
		    const char *feature, const char *name)
{
	size_t idx;

	if (!scope)
		return find_type_in(l, feature, name);
	return type_scope_get(scope, feature, name, &idx) ? (long)idx : -1;
}

static int type_bytes(const struct layout *l, const struct type_scope *scope,
		      const char *feature, const char *name, int bitsize, int depth)
{
	const struct gdb_type_info *k = known_gdb_type(name);
	const struct type *t;
	long idx;
	size_t i;
	int size = -1, s;

	if (k)
		return k->bytes > 0 ? k->bytes : k->bytes == 0 ? l->address_bits / 8
							 : bitsize / 8;
	idx = type_in(l, scope, feature, name);
	if (idx < 0 || depth > MAX_TYPE_DEPTH)
		return -1;
	t = &l->types[idx];
	/* a type's own references are looked up in its feature, if it has
	 * one (check.c makes a layout-wide type's mean the same there) */
	feature = t->feature ? t->feature : feature;
	switch (t->kind) {
	case TYPE_VECTOR:
		if (!t->element || t->count == NO_NUMBER)
			return -1;
		s = type_bytes(l, scope, feature, t->element, 0, depth + 1);
		return s > 0 ? s * t->count : -1;
	case TYPE_UNION:
		for (i = 0; i < t->nfields; i++) {
			s = t->fields[i].type ? type_bytes(l, scope, feature, t->fields[i].type, 0, depth + 1) : -1;
			if (s <= 0)
				return -1;
			if (s > size)
				size = s;
		}
		return size;
	case TYPE_STRUCT:
		/* a description's struct of typed members, unplaced: GDB lays
		 * them out one after the other (a def's hold bit fields) */
		for (i = 0; t->size <= 0 && i < t->nfields; i++) {
			s = t->fields[i].type && t->fields[i].start == NO_NUMBER ?
				type_bytes(l, scope, feature, t->fields[i].type, 0, depth + 1) : -1;
			if (s <= 0)
				return -1;
			size = (size < 0 ? 0 : size) + s;
		}
		if (t->size <= 0)
			return size;
		/* fall through */
	case TYPE_FLAGS:
	case TYPE_ENUM:
		/* stated, or (size-less flags and structs) the size of their
		 * registers, which check.c gives them */
		return t->size > 0 ? t->size : -1;
	}
	return -1;
}

int layout_type_size(const struct layout *l, const struct type_scope *scope,
		     const char *feature, const char *name, int bitsize)
{
	return name ? type_bytes(l, scope, feature, name, bitsize, 0) : -1;
}

/* ---- remote numbers ---- */

/* Which of the first n registers (numbered, ascending) has number, or n. */
static size_t numbered_before(const struct layout *l, size_t n, int64_t number)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (l->regs[mid].regnum == number)
			return mid;
		if (l->regs[mid].regnum < number)
			lo = mid + 1;
		else
			hi = mid;
	}
	return n;
}

/*
 * Stated, else the previous register's + 1.  A def's numbers must
 * increase in list order: GDB packs g in ascending remote number and
 * LLDB's file lists registers by number, so list order is both.  p/P-only
 * registers ("g": false) come after every g register: GDB reads registers
 * past the end of the g reply with p, never a hole in it.
 */
static void derive_numbers(struct deriver *d)
{
	struct layout *l = d->l;
	int64_t next = 0, unused = 0;
	size_t i, prev, first_p_only = l->nregs;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		int64_t stated = r->stated_regnum, n = next;

		if (d->rules == DERIVE_SOURCE && stated == NO_NUMBER)
			stated = r->regnum;
		if (stated != NO_NUMBER) {
			if (stated >= next || d->rules == DERIVE_SOURCE)
				n = stated;
			else if ((prev = numbered_before(l, i, stated)) < i)
				ERROR(d, reg_key_pos(r, RK_REGNUM), "duplicate remote number %lld: '%s' and '%s'",
				      (long long)stated, l->regs[prev].name, r->name);
			else
				ERROR(d, reg_key_pos(r, RK_REGNUM), "register '%s' states regnum %lld, but '%s' before it has %d: remote numbers must increase in list order (GDB packs g in ascending number, LLDB's file lists registers by number)",
				      r->name, (long long)stated,
				      l->regs[i - 1].name, l->regs[i - 1].regnum);
		}
		if (d->rules == DERIVE_DEF) {
			unused += n - next;
			if (unused > MAX_UNUSED_REGNUMS) {
				ERROR(d, reg_key_pos(r, RK_REGNUM), "register '%s' at remote number %lld leaves more than %d numbers unused (LLDB needs an entry for each)",
				      r->name, (long long)n, MAX_UNUSED_REGNUMS);
				n = next;
				unused = 0;
			}
		}
		if (n > INT_MAX - 1 || n < 0)
			n = next > INT_MAX - 1 ? INT_MAX - 1 : next;
		r->regnum = (int)n;
		if (n + 1 > next)
			next = n + 1;
		if (r->not_in_g) {
			if (first_p_only == l->nregs)
				first_p_only = i;
			if (r->stated_offset != NO_NUMBER && d->rules == DERIVE_DEF)
				ERROR(d, reg_key_pos(r, RK_OFFSET), "register '%s' is not in the g packet (\"g\": false) and has no g offset",
				      r->name);
		} else if (first_p_only < l->nregs && d->rules == DERIVE_DEF) {
			ERROR(d, r->pos, "register '%s' is in the g packet but comes after '%s', which is not (\"g\": false): p/P-only registers must follow every g register (GDB reads the registers past the end of the g reply with p)",
			      r->name, l->regs[first_p_only].name);
		}
	}
	l->num_regnums = (size_t)next;
	l->num_g_regs = first_p_only;
}

/* ---- g offsets ---- */

/* The register whose bytes hold offset off (binary search over the wire). */
static size_t reg_at(const struct layout *l, int64_t off, size_t upto)
{
	size_t lo = 0, hi = upto;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (l->regs[mid].offset <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static const struct layout *sort_layout; /* for by_offset() */

static int by_offset(const void *a, const void *b)
{
	const struct reg *x = &sort_layout->regs[*(const size_t *)a];
	const struct reg *y = &sort_layout->regs[*(const size_t *)b];

	if (x->offset != y->offset)
		return x->offset < y->offset ? -1 : 1;
	return x->regnum < y->regnum ? -1 : x->regnum > y->regnum;
}

/*
 * A def's "g_offsets": "stated": each g register is where its offset says
 * (a stub that sends its own register context, as lldb-server does), not
 * packed in remote-number order.  LLDB reads offsets; GDB does not and
 * packs anyway: say where that first goes wrong.  Returns the g packet
 * size.
 */
static int64_t stated_offsets(struct deriver *d)
{
	struct layout *l = d->l;
	size_t *order = xmalloc((l->nregs + 1) * sizeof(*order));
	size_t i, n = 0;
	int64_t end = 0, packed = 0;
	const struct reg *wrong = NULL;
	int64_t wrong_at = 0;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];

		if (r->not_in_g)
			continue;
		if (r->stated_offset == NO_NUMBER) {
			ERROR(d, r->pos, "register '%s' states no offset, but the layout's offsets are stated ('g_offsets')",
			      r->name);
			r->offset = 0;
			continue; /* placed nowhere: no overlap to report */
		}
		r->offset = (int)r->stated_offset;
		if (!wrong && r->offset != packed) {
			wrong = r;
			wrong_at = packed;
		}
		packed += r->bitsize / 8;
		order[n++] = i;
	}
	sort_layout = l;
	qsort(order, n, sizeof(*order), by_offset);
	for (i = 0; i < n; i++) {
		const struct reg *r = &l->regs[order[i]];

		if (i && r->offset < end) {
			const struct reg *o = &l->regs[order[i - 1]];
			ERROR(d, reg_key_pos(r, RK_OFFSET), "overlap in the g packet: register '%s' states offset %d, inside '%s' (bytes %d..%d)",
			      r->name, r->offset, o->name, o->offset, o->offset + o->bitsize / 8 - 1);
		}
		if (r->offset + (int64_t)r->bitsize / 8 > end)
			end = r->offset + r->bitsize / 8;
	}
	free(order);
	if (wrong)
		diag_warning(reg_key_pos(wrong, RK_OFFSET), "offsets are stated ('g_offsets'), not GDB's packing: LLDB uses them, but GDB packs the g packet in remote-number order and would read '%s' (remote number %d) at byte %lld, where the stub has it at byte %d: give GDB the stub's own description, not this target.xml",
			     wrong->name, wrong->regnum, (long long)wrong_at, wrong->offset);
	return end;
}

/* A source's offsets: as stated; a register stating none follows the g
 * register before it (LLDB's rule for target.xml; with none stated, GDB's
 * packing).  Returns the g packet size, the end of the last byte. */
static int64_t source_offsets(struct deriver *d)
{
	struct layout *l = d->l;
	int64_t end = 0, follow = 0;
	size_t i;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		int64_t off = r->stated_offset;

		if (r->not_in_g)
			continue;
		if (off == NO_NUMBER)
			off = follow;
		if (off > INT_MAX || off < 0)
			off = INT_MAX; /* no source states such a g packet */
		r->offset = (int)off;
		follow = off + r->bitsize / 8;
		if (follow > end)
			end = follow;
	}
	return end;
}

static void derive_offsets(struct deriver *d)
{
	struct layout *l = d->l;
	int64_t off = 0;
	size_t i;

	if (d->rules == DERIVE_SOURCE) {
		off = source_offsets(d);
		i = l->nregs;
	} else if (layout_offsets_stated(l)) {
		off = stated_offsets(d);
		i = l->nregs;
	} else {
		i = 0;
	}
	/* GDB's packing: the sizes of the g registers before it */
	for (; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];

		if (r->not_in_g)
			continue;
		r->offset = (int)off;
		if (r->stated_offset != NO_NUMBER && r->stated_offset != off) {
			if (r->stated_offset > off)
				ERROR(d, reg_key_pos(r, RK_OFFSET), "gap in the g packet: register '%s' states offset %lld but the registers before it end at %lld",
				      r->name, (long long)r->stated_offset, (long long)off);
			else {
				const struct reg *o = &l->regs[reg_at(l, r->stated_offset, i)];
				ERROR(d, reg_key_pos(r, RK_OFFSET), "overlap in the g packet: register '%s' states offset %lld, inside '%s' (bytes %d..%d)",
				      r->name, (long long)r->stated_offset, o->name,
				      o->offset, o->offset + o->bitsize / 8 - 1);
			}
		}
		off += r->bitsize / 8;
		if (off > MAX_G_PACKET_BYTES) {
			ERROR(d, r->pos, "the g packet exceeds %lld bytes at register '%s'",
			      (long long)MAX_G_PACKET_BYTES, r->name);
			break;
		}
	}
	l->g_packet_size = off;
	/* p/P-only registers: LLDB's offsets past the g reply, where it
	 * never finds them in g and asks with p */
	for (i = 0; i < l->nregs && off <= MAX_G_PACKET_BYTES; i++) {
		struct reg *r = &l->regs[i];

		if (!r->not_in_g)
			continue;
		r->offset = (int)off;
		off += r->bitsize / 8;
	}
	if (off > MAX_G_PACKET_BYTES && l->nregs)
		ERROR(d, l->regs[l->nregs - 1].pos, "the registers exceed %lld bytes",
		      (long long)MAX_G_PACKET_BYTES);
	l->lldb_data_size = off;
}

/* ---- slices and composites ---- */

/* Every register's name to its index, case-insensitively (GDB and LLDB
 * match names ignoring case); the first of a repeated name. */
static void names_of(const struct layout *l, struct hashtab *map)
{
	size_t i;

	map->keys = HASHTAB_STRINGS_FOLD;
	hashtab_reserve(map, l->nregs);
	for (i = 0; i < l->nregs; i++)
		if (l->regs[i].name)
			hashtab_add(map, l->regs[i].name, i, NULL);
}

/* Index of the register called name, or -1. */
static long reg_named(const struct deriver *d, const char *name)
{
	size_t idx;

	return name && hashtab_get(d->names, name, &idx) ? (long)idx : -1;
}

/*
 * A composite (LLDB's "composite": ymm0 = xmm0 + ymm0h): whole registers
 * concatenated low part first.  Its size is the sum of theirs (a part
 * named twice or not a register counts nothing: check.c says why); its
 * offset, as LLDB computes it, the lowest of theirs.
 */
static void derive_composite(struct deriver *d, struct reg *s)
{
	const struct layout *l = d->l;
	size_t j, k;
	int64_t bits = 0;
	int off = INT_MAX;

	free(s->composite_index); /* a layout may be derived more than once */
	s->composite_index = xcalloc(s->ncomposite ? s->ncomposite : 1,
				     sizeof(*s->composite_index));
	for (j = 0; j < s->ncomposite; j++) {
		long idx = reg_named(d, s->composite[j]);
		const struct reg *p;

		if (idx < 0)
			continue;
		for (k = 0; k < j; k++)
			if (s->composite_index[k] == (size_t)idx)
				break;
		if (k < j)
			continue;
		p = &l->regs[idx];
		s->composite_index[j] = (size_t)idx;
		bits += p->bitsize;
		if (p->offset < off)
			off = p->offset;
	}
	if (d->rules == DERIVE_DEF || !s->bitsize)
		s->bitsize = (int)(bits > MAX_COMPOSITE_BITS ? 0 : bits);
	s->offset = off == INT_MAX ? 0 : off;
	/* parent_index is a slice's: point it at the first part, never used */
	s->parent_index = s->composite_index[0];
}

/* parent[msb:lsb]: what a source states (its LLDB index, size, offset)
 * is kept. */
static void derive_slice(struct deriver *d, struct reg *s)
{
	long p = reg_named(d, s->parent);

	if (p < 0 || s->msb == NO_NUMBER || s->lsb == NO_NUMBER)
		return;
	s->parent_index = (size_t)p;
	if (d->rules == DERIVE_DEF || !s->bitsize)
		s->bitsize = s->msb - s->lsb + 1;
	if (d->rules == DERIVE_DEF || s->offset == NO_NUMBER)
		s->offset = slice_offset(d->l, &d->l->regs[p], s->msb, s->lsb);
}

static void derive_slices(struct deriver *d)
{
	struct layout *l = d->l;
	size_t i;

	for (i = 0; i < l->nslices; i++) {
		struct reg *s = &l->slices[i];

		/* LLDB's list: every remote number (fillers for the unused
		 * ones), then the slices */
		if (d->rules == DERIVE_DEF || s->regnum == NO_NUMBER)
			s->regnum = (int)(l->num_regnums + i);
		if (s->composite)
			derive_composite(d, s);
		else
			derive_slice(d, s);
	}
}

/* ---- invariants ---- */

void layout_assert_derived(const struct layout *l, enum derive_rules rules)
{
	size_t i, j;

	(void)j; /* with NDEBUG */
	assert(l->num_g_regs <= l->nregs);
	assert(l->g_packet_size >= 0 && l->lldb_data_size >= l->g_packet_size);
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];

		/* sorted by remote number: strictly in a def, repeats kept
		 * from a source */
		assert(!i || (rules == DERIVE_DEF ? r->regnum > l->regs[i - 1].regnum
						  : r->regnum >= l->regs[i - 1].regnum));
		assert(r->regnum >= 0 && (size_t)r->regnum < l->num_regnums);
		assert(r->offset >= 0);
		/* the g registers first, each inside the g packet */
		assert(rules == DERIVE_SOURCE || !r->not_in_g == (i < l->num_g_regs));
		assert(r->not_in_g || r->offset + (int64_t)r->bitsize / 8 <= l->g_packet_size);
		assert(!r->not_in_g || r->offset >= l->g_packet_size);
	}
	/* check.c's sizes (it validates as it sizes) are this derivation's
	 * (hashed lookups: a layout may have 500,000 types) */
	if (rules == DERIVE_DEF && l->ntypes) {
		struct type_scope scope;

		type_scope_init(&scope);
		for (i = 0; i < l->ntypes; i++)
			type_scope_add(&scope, l, i, NULL);
		for (i = 0; i < l->ntypes; i++)
			assert(l->types[i].size <= 0 ||
			       type_bytes(l, &scope, l->types[i].feature, l->types[i].id, 0, 0) ==
			       l->types[i].size);
		type_scope_clear(&scope);
	}
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];

		assert(rules == DERIVE_SOURCE || (size_t)s->regnum == l->num_regnums + i);
		if (s->composite) {
			/* each part found, at its index (a def's parts exist:
			 * check.c; a source's may not) */
			for (j = 0; j < s->ncomposite; j++)
				assert(rules == DERIVE_SOURCE ||
				       (s->composite_index[j] < l->nregs &&
					!strcasecmp(l->regs[s->composite_index[j]].name, s->composite[j])));
			assert(s->offset >= 0);
		} else if (rules == DERIVE_DEF) {
			/* the parent found, the slice inside it */
			assert(s->parent_index < l->nregs);
			assert(!strcasecmp(l->regs[s->parent_index].name, s->parent));
			assert(s->bitsize == s->msb - s->lsb + 1);
			assert(s->offset >= l->regs[s->parent_index].offset &&
			       s->offset + s->bitsize / 8 <=
			       l->regs[s->parent_index].offset + l->regs[s->parent_index].bitsize / 8);
		}
	}
}

int layout_derive(struct layout *l, enum derive_rules rules, const struct hashtab *names)
{
	struct deriver d = { l, rules, names, 0 };
	struct hashtab own = HASHTAB_INIT(HASHTAB_STRINGS);

	if (!names) {
		names_of(l, &own);
		d.names = &own;
	}
	derive_numbers(&d);
	derive_offsets(&d);
	derive_slices(&d);
	hashtab_clear(&own);
	return d.errors;
}
