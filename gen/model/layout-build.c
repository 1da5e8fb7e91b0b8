/*
 * layout-build.c: building layouts in code (see layout-build.h).
 *
 * Arrays grow by GROW_ARRAY (base/strbuf.h); identifiers made from names are lower-case
 * letters, digits and '_' so they pass check.c's identifier rule.
 */
#include "model/layout-build.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "model/derive.h"
#include "model/diag.h"
#include "base/strbuf.h"

void set_string(char **field, const char *value)
{
	free(*field);
	*field = value ? xstrdup(value) : NULL;
}

struct layout *layout_new(const char *name, const char *source)
{
	struct layout *l = xcalloc(1, sizeof(*l));
	char *p;

	l->name = xstrdup(name);
	l->ident = xstrdup(name);
	for (p = l->ident; *p; p++)
		if (*p == '-')
			*p = '_';
	l->source = xstrdup(source ? source : name);
	return l;
}

const char *layout_add_file(struct layout *l, const char *path)
{
	size_t i;

	for (i = 0; i < l->nfiles; i++)
		if (!strcmp(l->files[i], path))
			return l->files[i];
	GROW_ARRAY(l->files, l->nfiles);
	l->files[l->nfiles] = xstrdup(path);
	return l->files[l->nfiles++];
}

void layout_set_fact(struct fact *f, const char *value)
{
	set_string(&f->value, value);
}

/* An identifier made from name: its last '.'-separated part (feature names
 * are "org.gnu.gdb.i386.core"), lower-case, other characters as '_'. */
static char *ident_from(const char *name, int last_part)
{
	struct strbuf sb = STRBUF_INIT;
	const char *s = name, *dot = last_part ? strrchr(name, '.') : NULL;

	if (dot && dot[1])
		s = dot + 1;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (isalnum(c))
			strbuf_addch(&sb, tolower(c));
		else if (sb.len && sb.buf[sb.len - 1] != '_')
			strbuf_addch(&sb, '_');
	}
	while (sb.len && sb.buf[sb.len - 1] == '_')
		sb.buf[--sb.len] = '\0';
	if (!sb.len || isdigit((unsigned char)sb.buf[0])) {
		char *rest = strbuf_detach(&sb, NULL);
		strbuf_addf(&sb, "f_%s", rest);
		free(rest);
	}
	return strbuf_detach(&sb, NULL);
}

static int id_taken_feature(const struct layout *l, const char *id)
{
	size_t i;
	for (i = 0; i < l->nfeatures; i++)
		if (!strcmp(l->features[i].id, id))
			return 1;
	return 0;
}

static int id_taken_set(const struct layout *l, const char *id)
{
	size_t i;
	for (i = 0; i < l->nsets; i++)
		if (!strcmp(l->sets[i].id, id))
			return 1;
	return 0;
}

/* base, or base_2, base_3... whichever taken() says is free. */
static char *unique_id(const struct layout *l, char *base,
		       int (*taken)(const struct layout *, const char *))
{
	struct strbuf sb = STRBUF_INIT;
	int n;

	if (!taken(l, base))
		return base;
	for (n = 2;; n++) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s_%d", base, n);
		if (!taken(l, sb.buf))
			break;
	}
	free(base);
	return strbuf_detach(&sb, NULL);
}

size_t layout_feature(struct layout *l, const char *name)
{
	size_t i;
	struct feature *f;

	for (i = 0; i < l->nfeatures; i++)
		if (!strcmp(l->features[i].name, name))
			return i;
	GROW_ARRAY(l->features, l->nfeatures);
	f = &l->features[l->nfeatures];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name);
	f->id = unique_id(l, ident_from(name, 1), id_taken_feature);
	return l->nfeatures++;
}

size_t layout_set_with_id(struct layout *l, const char *id, const char *name)
{
	size_t i;
	struct regset *s;

	for (i = 0; i < l->nsets; i++)
		if (!strcmp(l->sets[i].name, name))
			return i;
	GROW_ARRAY(l->sets, l->nsets);
	s = &l->sets[l->nsets];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->id = unique_id(l, id ? xstrdup(id) : ident_from(name, 0), id_taken_set);
	return l->nsets++;
}

size_t layout_set(struct layout *l, const char *name)
{
	/* the id comes from the name; import gives the sets an architecture
	 * knows their defs' ids (arch.h) */
	return layout_set_with_id(l, NULL, name);
}

const char *const type_kind_names[TYPE_KIND_COUNT] = {
	[TYPE_FLAGS] = "flags", [TYPE_VECTOR] = "vector", [TYPE_UNION] = "union",
	[TYPE_STRUCT] = "struct", [TYPE_ENUM] = "enum",
};

void reg_init(struct reg *r, int is_slice)
{
	memset(r, 0, sizeof(*r));
	r->is_slice = is_slice;
	r->dwarf = r->ehframe = NO_NUMBER;
	r->stated_regnum = r->stated_offset = NO_NUMBER;
	r->msb = r->lsb = NO_NUMBER;
	r->regnum = r->offset = NO_NUMBER;
	r->set_index = -1;
}

struct reg *layout_add_reg(struct layout *l)
{
	GROW_ARRAY(l->regs, l->nregs);
	reg_init(&l->regs[l->nregs], 0);
	l->regs[l->nregs].decl_order = l->nregs + l->nslices;
	return &l->regs[l->nregs++];
}

struct reg *layout_add_slice(struct layout *l)
{
	GROW_ARRAY(l->slices, l->nslices);
	reg_init(&l->slices[l->nslices], 1);
	l->slices[l->nslices].decl_order = l->nregs + l->nslices;
	return &l->slices[l->nslices++];
}

struct type *layout_add_type(struct layout *l, const char *id, enum type_kind kind)
{
	struct type *t;

	GROW_ARRAY(l->types, l->ntypes);
	t = &l->types[l->ntypes++];
	memset(t, 0, sizeof(*t));
	t->id = xstrdup(id);
	t->kind = kind;
	t->size = t->count = NO_NUMBER;
	return t;
}

struct type_field *type_add_field(struct type *t, const char *name)
{
	struct type_field *f;

	GROW_ARRAY(t->fields, t->nfields);
	f = &t->fields[t->nfields++];
	memset(f, 0, sizeof(*f));
	f->name = xstrdup(name ? name : "");
	f->start = f->end = NO_NUMBER;
	f->value = NO_NUMBER;
	return f;
}

/* Lets r own its key string again: one from layout->strings (model.h's
 * shared) is the pool's, never freed here. */
static void unshare(struct reg *r, int key, char **field)
{
	if (r->shared & (1u << key)) {
		*field = NULL;
		r->shared &= ~(1u << key);
	}
}

void reg_put_in_feature(struct layout *l, struct reg *r, size_t feature)
{
	unshare(r, RK_FEATURE, &r->feature);
	set_string(&r->feature, l->features[feature].id);
	r->feature_index = feature;
}

void reg_put_in_set(struct layout *l, struct reg *r, size_t set)
{
	unshare(r, RK_SET, &r->set);
	set_string(&r->set, l->sets[set].id);
	r->set_index = (int)set;
}

static int by_regnum(const void *a, const void *b)
{
	const struct reg *x = a, *y = b;

	if (x->regnum != y->regnum)
		return x->regnum < y->regnum ? -1 : 1;
	return x->decl_order < y->decl_order ? -1 : x->decl_order > y->decl_order;
}

long layout_find_reg(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nregs; i++)
		if (l->regs[i].name && !strcasecmp(l->regs[i].name, name))
			return (long)i;
	return -1;
}

long layout_find_reg_by_regnum(const struct layout *l, int regnum)
{
	size_t i;

	for (i = 0; i < l->nregs; i++)
		if (l->regs[i].regnum == regnum)
			return (long)i;
	return -1;
}

void layout_finish(struct layout *l)
{
	if (l->nregs)
		qsort(l->regs, l->nregs, sizeof(*l->regs), by_regnum);
	/* what the source does not state, by the rules defs follow */
	layout_derive(l, DERIVE_SOURCE, NULL);
	layout_assert_derived(l, DERIVE_SOURCE);
}

int layout_is_dense(const struct layout *l)
{
	size_t i;
	int64_t off = 0;

	for (i = 0; i < l->nregs; i++) {
		if (l->regs[i].regnum != (int)i || l->regs[i].offset != off)
			return 0;
		off += l->regs[i].bitsize / 8;
	}
	return 1;
}

#define MAX_SAME_WARNINGS 4

static const struct layout *sort_layout; /* for by_offset() */

static int by_offset(const void *a, const void *b)
{
	const struct reg *x = &sort_layout->regs[*(const size_t *)a];
	const struct reg *y = &sort_layout->regs[*(const size_t *)b];

	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/* 1 if two registers share a byte of the g packet. */
static int offsets_overlap(const struct layout *l)
{
	size_t *order = xmalloc((l->nregs + 1) * sizeof(*order));
	size_t i;
	int overlap = 0;

	for (i = 0; i < l->nregs; i++)
		order[i] = i;
	sort_layout = l;
	qsort(order, l->nregs, sizeof(*order), by_offset);
	for (i = 1; i < l->nregs && !overlap; i++) {
		const struct reg *p = &l->regs[order[i - 1]];
		overlap = p->offset + p->bitsize / 8 > l->regs[order[i]].offset;
	}
	free(order);
	return overlap;
}

int layout_keep_numbers(struct layout *l)
{
	size_t i;
	int64_t off = 0;
	int packed = 1, next = 0;

	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];

		if (r->regnum == NO_NUMBER || r->offset == NO_NUMBER ||
		    (i && r->regnum <= l->regs[i - 1].regnum))
			return 0;
		if (r->offset != off)
			packed = 0;
		off += r->bitsize / 8;
	}
	if (!packed && offsets_overlap(l))
		return 0;
	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];

		/* a def states a number where it jumps, an offset where the
		 * layout is not GDB's packing */
		r->stated_regnum = r->regnum != next ? r->regnum : NO_NUMBER;
		next = r->regnum + 1;
		r->stated_offset = packed ? NO_NUMBER : r->offset;
	}
	if (!packed) {
		layout_set_fact(&l->g_offsets, "stated");
		diag_warning((struct srcpos){ l->source, 0, 0 }, "the g packet offsets are not GDB's packing (registers in remote-number order, no gaps), as lldb-server's: the def states them (\"g_offsets\": \"stated\"); LLDB uses them, GDB cannot");
	}
	for (i = 0; i < l->nslices; i++)
		l->slices[i].regnum = l->slices[i].offset = NO_NUMBER;
	return 1;
}

void layout_make_dense(struct layout *l)
{
	size_t i, nregnum = 0, noffset = 0;
	int64_t off = 0;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		if (r->regnum != (int)i) {
			if (nregnum++ < MAX_SAME_WARNINGS)
				diag_warning(r->pos, "'%s' has remote number %d; a def numbers registers 0, 1, 2... in wire order, so it gets %zu (a stub serving the generated files must use %zu in p/P packets and stop replies)",
					     r->name, r->regnum, i, i);
			r->regnum = (int)i;
		}
		if (r->offset != off) {
			if (noffset++ < MAX_SAME_WARNINGS)
				diag_warning(r->pos, "'%s' is at byte %d of the g packet; a def packs registers in remote-number order without gaps, so it is at byte %lld",
					     r->name, r->offset, (long long)off);
			r->offset = (int)off;
		}
		r->stated_regnum = r->stated_offset = NO_NUMBER;
		off += r->bitsize / 8;
	}
	if (nregnum > MAX_SAME_WARNINGS)
		diag_warning((struct srcpos){ l->source, 0, 0 }, "%zu more registers were renumbered",
			     nregnum - MAX_SAME_WARNINGS);
	if (noffset > MAX_SAME_WARNINGS)
		diag_warning((struct srcpos){ l->source, 0, 0 }, "%zu more registers were moved in the g packet",
			     noffset - MAX_SAME_WARNINGS);
	l->g_packet_size = off;
	for (i = 0; i < l->nslices; i++) {
		struct reg *s = &l->slices[i];
		s->regnum = (int)(l->nregs + i);
		s->offset = NO_NUMBER;
	}
	layout_finish(l);
}
