/*
 * check.c: whole-layout validation and the computed facts (see check.h).
 *
 * Order matters only for the quality of messages: references are resolved
 * first (features, sets, types), then each register on its own, then the
 * properties of the whole wire (numbers, offsets, size).  Every lookup goes
 * through a hash map, so checking is linear in the size of the layout.
 */
#include "model/check.h"

#include <assert.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/derive.h"
#include "model/diag.h"
#include "model/known.h"
#include "base/strbuf.h"
#include "base/hashtab.h"

struct checker {
	struct layout *l;
	struct hashtab features, sets;
	struct type_scope types;    /* layout-wide and features' own */
	struct hashtab gdb_names;   /* case-insensitive, as GDB matches */
	struct hashtab lldb_names;  /* case-insensitive too */
	struct hashtab generics;
	int errors;
	int type_depth;            /* types being resolved inside each other */
	int type_depth_reported;   /* say it once, not once per 64 types */
	int *nesting;              /* per type: how deep types nest in it */
};

/* Types may hold types only this deep: enough for any real description,
 * and checking (a recursion) stays within the stack on hostile input. */
#define MAX_TYPE_DEPTH 64
/* No register is larger (bitsize is at most 65536 bits). */
#define MAX_TYPE_BYTES 8192

/* 1 if the def wrote key for r (rather than taking a default). */
static int written(const struct reg *r, int key)
{
	return reg_has_key(r, key);
}

/* 1 if some register is called name (only on the path of an error). */
static int named_register(const struct layout *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nregs; i++)
		if (!strcmp(l->regs[i].name, name))
			return 1;
	return 0;
}

#define ERROR(c, pos, ...) do { diag_error(pos, __VA_ARGS__); (c)->errors++; } while (0)

int is_identifier(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return 0;
	for (s++; *s; s++)
		if (!(*s == '_' || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/* An XML Name made of ASCII letters, digits and . - _ : (feature names). */
static int is_xml_name(const char *s)
{
	if (!s || !(*s == '_' || *s == ':' || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= 'a' && *s <= 'z')))
		return 0;
	for (s++; *s; s++)
		if (!(strchr("_:.-", *s) || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static int is_layout_name(const char *s)
{
	if (!s || !(*s == '_' || (*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z')))
		return 0;
	for (s++; *s; s++)
		if (!(*s == '_' || *s == '-' || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

long find_type(const struct layout *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->ntypes; i++)
		if (!strcmp(l->types[i].id, id))
			return (long)i;
	return -1;
}

long find_type_in(const struct layout *l, const char *feature, const char *id)
{
	size_t i;
	long wide = -1;

	for (i = 0; i < l->ntypes; i++) {
		const struct type *t = &l->types[i];

		if (strcmp(t->id, id))
			continue;
		if (!t->feature && wide < 0)
			wide = (long)i;
		else if (t->feature && feature && !strcmp(t->feature, feature))
			return (long)i;
	}
	return wide;
}

void type_scope_init(struct type_scope *s)
{
	memset(s, 0, sizeof(*s));
	s->wide.keys = HASHTAB_STRINGS;
	s->own.keys = HASHTAB_STRINGS;
}

/* "FEATURE\037ID": no identifier holds a \037 */
static char *own_key(const char *feature, const char *id)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "%s\037%s", feature, id);
	return strbuf_detach(&sb, NULL);
}

int type_scope_add(struct type_scope *s, const struct layout *l, size_t i, size_t *prev)
{
	const struct type *t = &l->types[i];
	char *key;

	if (!t->feature)
		return hashtab_add(&s->wide, t->id, i, prev);
	key = own_key(t->feature, t->id);
	if (!hashtab_add(&s->own, key, i, prev)) {
		free(key);
		return 0;
	}
	GROW_ARRAY(s->keys, s->nkeys);
	s->keys[s->nkeys++] = key;
	return 1;
}

int type_scope_get(const struct type_scope *s, const char *feature, const char *id, size_t *idx)
{
	if (s->own.used && feature) {
		char *key = own_key(feature, id);
		int got = hashtab_get(&s->own, key, idx);

		free(key);
		if (got)
			return 1;
	}
	return hashtab_get(&s->wide, id, idx);
}

void type_scope_clear(struct type_scope *s)
{
	size_t i;

	hashtab_clear(&s->wide);
	hashtab_clear(&s->own);
	for (i = 0; i < s->nkeys; i++)
		free(s->keys[i]);
	free(s->keys);
	s->keys = NULL;
	s->nkeys = 0;
}

int type_size(const struct layout *l, const char *name, int bitsize)
{
	return layout_type_size(l, NULL, NULL, name, bitsize);
}

/* ---- layout-wide facts ---- */

/* Room left in NAME_MAX (255) for the longest shipped output name
 * (IDENT_target_definition.py) and a temporary's ".PID.tmpXXXXXX". */
#define LAYOUT_NAME_MAX 200

static void check_target(struct checker *c)
{
	struct layout *l = c->l;
	struct srcpos top = { l->files ? l->files[0] : l->source, 1, 1 };

	if (!is_layout_name(l->name))
		ERROR(c, top, "layout name '%s' (from the file name) must start with a letter or '_' and hold only letters, digits, '_' and '-'",
		      l->name);
	else if (strlen(l->name) > LAYOUT_NAME_MAX)
		ERROR(c, top, "layout name '%.20s...' is longer than %d characters (the temporary names of its output files would exceed NAME_MAX)",
		      l->name, LAYOUT_NAME_MAX);
	if (!l->gdb_architecture.value)
		ERROR(c, top, "missing 'gdb_architecture' in target");
	if (!l->address_bits)
		ERROR(c, top, "missing 'address_bits' in target");
	else if (l->address_bits % 8)
		ERROR(c, l->address_bits_pos, "'address_bits' must be a multiple of 8, not %d",
		      l->address_bits);
	if (!l->endian.value)
		ERROR(c, top, "missing 'endian' in target");
	else if (strcmp(l->endian.value, "little") && strcmp(l->endian.value, "big"))
		ERROR(c, l->endian.pos, "'endian' must be \"little\" or \"big\", not \"%s\"",
		      l->endian.value);
	else if (strcmp(l->endian.value, "little"))
		/* a target.xml cannot say it and nothing here proves the other
		 * outputs big-endian: refused, not made silently wrong */
		ERROR(c, l->endian.pos, "'endian' \"big\" is not supported: regdefgen makes and proves little-endian layouts only (a target.xml cannot carry a byte order, GDB takes it from the program or 'set endian', and no big-endian stub has been read through GDB and LLDB with these files)");
	if (!l->lldb_triple.value)
		ERROR(c, top, "missing 'lldb_triple' in target (LLDB needs a triple to know the architecture and byte order)");
	else if (!*l->lldb_triple.value || strchr(l->lldb_triple.value, ' '))
		ERROR(c, l->lldb_triple.pos, "'lldb_triple' must be a non-empty triple without spaces");
	if (l->gdb_architecture.value && !is_xml_name(l->gdb_architecture.value))
		ERROR(c, l->gdb_architecture.pos, "'gdb_architecture' '%s' is not a BFD architecture name",
		      l->gdb_architecture.value);
	if (l->g_offsets.value && strcmp(l->g_offsets.value, "stated") &&
	    strcmp(l->g_offsets.value, "packed"))
		ERROR(c, l->g_offsets.pos, "'g_offsets' must be \"packed\" (GDB's rule, the default) or \"stated\", not \"%s\"",
		      l->g_offsets.value);
	if (l->gdb_osabi.value && !*l->gdb_osabi.value)
		ERROR(c, l->gdb_osabi.pos, "'gdb_osabi' must not be empty");
	if (l->breakpoint_pc_offset == 0 && l->has_breakpoint_pc_offset)
		l->has_breakpoint_pc_offset = 0; /* 0 is LLDB's default: say nothing */
}

static void check_features_and_sets(struct checker *c)
{
	struct layout *l = c->l;
	struct hashtab names = HASHTAB_INIT(HASHTAB_STRINGS);
	size_t i, prev;

	for (i = 0; i < l->nfeatures; i++) {
		struct feature *f = &l->features[i];
		if (!is_identifier(f->id))
			ERROR(c, f->pos, "feature id '%s' is not an identifier", f->id);
		if (!is_xml_name(f->name))
			ERROR(c, f->pos, "feature name '%s' is not a valid feature name (letters, digits, '.', '-', '_', ':')",
			      f->name);
		if (!hashtab_add(&c->features, f->id, i, &prev))
			ERROR(c, f->pos, "duplicate feature id '%s' (first defined at %s:%d:%d)",
			      f->id, l->features[prev].pos.file,
			      l->features[prev].pos.line, l->features[prev].pos.col);
		else if (!hashtab_add(&names, f->name, i, &prev))
			ERROR(c, f->pos, "duplicate feature name '%s' (first defined at %s:%d:%d)",
			      f->name, l->features[prev].pos.file,
			      l->features[prev].pos.line, l->features[prev].pos.col);
	}
	hashtab_clear(&names);
	for (i = 0; i < l->nsets; i++) {
		struct regset *s = &l->sets[i];
		if (!is_identifier(s->id))
			ERROR(c, s->pos, "set id '%s' is not an identifier", s->id);
		if (!*s->name)
			ERROR(c, s->pos, "set '%s' has an empty name (LLDB rejects it)", s->id);
		if (!hashtab_add(&c->sets, s->id, i, &prev))
			ERROR(c, s->pos, "duplicate set id '%s' (first defined at %s:%d:%d)",
			      s->id, l->sets[prev].pos.file, l->sets[prev].pos.line,
			      l->sets[prev].pos.col);
		else if (!hashtab_add(&names, s->name, i, &prev))
			ERROR(c, s->pos, "duplicate set name '%s'", s->name);
	}
	hashtab_clear(&names);
}

/* ---- types ---- */

static const char *kind_name(enum type_kind k)
{
	return type_kind_names[k];
}

/* Size of type index t, computing it from its parts; -1 if unknown.
 * state: 0 unvisited, 1 in progress (a cycle), 2 done. */
static int resolve_type(struct checker *c, size_t t, unsigned char *state);

static int member_size(struct checker *c, const char *scope, const char *name,
		       struct srcpos pos, unsigned char *state, int *nesting)
{
	const struct gdb_type_info *k = known_gdb_type(name);
	size_t idx;
	int size;

	if (k) {
		if (k->bytes < 0) {
			ERROR(c, pos, "type '%s' has no fixed size and cannot be a member of a type", name);
			return -1;
		}
		return k->bytes ? k->bytes : c->l->address_bits / 8;
	}
	if (!type_scope_get(&c->types, scope, name, &idx)) {
		ERROR(c, pos, "unknown type '%s'", name);
		return -1;
	}
	if (c->type_depth >= MAX_TYPE_DEPTH) {
		if (!c->type_depth_reported++)
			ERROR(c, pos, "types nested more than %d deep (at '%s')",
			      MAX_TYPE_DEPTH, name);
		else
			c->errors++;
		return -1;
	}
	c->type_depth++;
	size = resolve_type(c, idx, state);
	c->type_depth--;
	if (c->nesting[idx] > *nesting)
		*nesting = c->nesting[idx];
	if (size == NO_NUMBER && !c->l->types[idx].size_given &&
	    (c->l->types[idx].kind == TYPE_FLAGS || c->l->types[idx].kind == TYPE_STRUCT)) {
		/* a flags or struct type sized by its registers has no size here */
		ERROR(c, pos, "type '%s' has no size of its own and cannot be part of another type",
		      name);
		return -1;
	}
	return size;
}

static int resolve_type(struct checker *c, size_t ti, unsigned char *state)
{
	struct type *t = &c->l->types[ti];
	size_t i;
	int size = 0, s, nesting = 0;

	if (state[ti] == 2)
		return t->size;
	if (state[ti] == 1) {
		ERROR(c, t->pos, "type '%s' contains itself", t->id);
		t->size = -1;
		return -1;
	}
	state[ti] = 1;
	switch (t->kind) {
	case TYPE_VECTOR:
		if (!t->element || t->count == NO_NUMBER) {
			ERROR(c, t->pos, "vector type '%s' needs 'type' and 'count'", t->id);
			size = -1;
			break;
		}
		s = member_size(c, t->feature, t->element, t->pos, state, &nesting);
		/* 64-bit product: count and element size are each up to 2^16 */
		if (s >= 0 && (int64_t)s * t->count > MAX_TYPE_BYTES) {
			ERROR(c, t->pos, "vector type '%s' is larger than %d bytes",
			      t->id, MAX_TYPE_BYTES);
			size = -1;
		} else {
			size = s < 0 ? -1 : s * t->count;
		}
		if (t->nfields)
			ERROR(c, t->pos, "vector type '%s' cannot have 'fields'", t->id);
		break;
	case TYPE_UNION:
		if (!t->nfields)
			ERROR(c, t->pos, "union type '%s' needs 'fields'", t->id);
		for (i = 0; i < t->nfields; i++) {
			if (!t->fields[i].type) {
				ERROR(c, t->fields[i].pos, "field '%s' of union '%s' needs a 'type'",
				      t->fields[i].name, t->id);
				size = -1;
				continue;
			}
			s = member_size(c, t->feature, t->fields[i].type, t->fields[i].pos, state,
					&nesting);
			if (s < 0)
				size = -1;
			else if (size >= 0 && s > size)
				size = s;
		}
		break;
	case TYPE_FLAGS:
	case TYPE_STRUCT:
		if (!t->nfields)
			ERROR(c, t->pos, "%s type '%s' needs 'fields'", kind_name(t->kind), t->id);
		size = t->size_given ? t->size : NO_NUMBER;
		break;
	case TYPE_ENUM:
		/* GDB's <enum> has a size (the DTD requires it), an integer's */
		if (!t->nfields)
			ERROR(c, t->pos, "enum type '%s' needs 'fields' (its named values)", t->id);
		if (!t->size_given)
			ERROR(c, t->pos, "enum type '%s' needs 'size' (1, 2, 4 or 8 bytes, as GDB's <enum>)",
			      t->id);
		else if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
			ERROR(c, t->pos, "enum type '%s' has size %d: an enum is 1, 2, 4 or 8 bytes",
			      t->id, t->size);
		size = t->size_given ? t->size : NO_NUMBER;
		break;
	}
	if (t->kind == TYPE_VECTOR || t->kind == TYPE_UNION) {
		if (t->size_given && size >= 0 && size != t->size)
			ERROR(c, t->pos, "type '%s' states size %d but its parts make %d bytes",
			      t->id, t->size, size);
		t->size = size;
	}
	/* resolution order can make a deep chain cheap to check, but GDB
	 * and the view walk it whole: bound the real nesting */
	c->nesting[ti] = nesting + 1;
	if (c->nesting[ti] > MAX_TYPE_DEPTH && !c->type_depth_reported++)
		ERROR(c, t->pos, "type '%s' holds types nested more than %d deep",
		      t->id, MAX_TYPE_DEPTH);
	else if (c->nesting[ti] > MAX_TYPE_DEPTH)
		c->errors++;
	state[ti] = 2;
	return t->size;
}

/* Bit fields of a flags or (explicitly sized) struct type, once its size is
 * known. */
static void check_bitfields(struct checker *c, struct type *t)
{
	size_t i;
	struct hashtab names = HASHTAB_INIT(HASHTAB_STRINGS);

	for (i = 0; i < t->nfields; i++) {
		struct type_field *f = &t->fields[i];
		int top = t->size > 0 ? t->size * 8 - 1 : 63;

		if (*f->name && !is_identifier(f->name))
			ERROR(c, f->pos, "field name '%s' of type '%s' is not an identifier",
			      f->name, t->id);
		else if (*f->name && !hashtab_add(&names, f->name, i, NULL))
			ERROR(c, f->pos, "duplicate field '%s' in type '%s'", f->name, t->id);
		if (f->start == NO_NUMBER) {
			ERROR(c, f->pos, "field '%s' of %s type '%s' needs 'start'",
			      f->name, kind_name(t->kind), t->id);
			continue;
		}
		if (f->end == NO_NUMBER && t->size_given)
			ERROR(c, f->pos, "field '%s' needs 'end' ('end' may be left out only in a type whose size comes from its registers)",
			      f->name);
		if (f->type && !known_gdb_type(f->type) &&
		    !type_scope_get(&c->types, t->feature, f->type, NULL))
			ERROR(c, f->pos, "unknown type '%s'", f->type);
		if (f->end != NO_NUMBER && f->end < f->start)
			ERROR(c, f->pos, "field '%s' of type '%s' ends (bit %d) before it starts (bit %d)",
			      f->name, t->id, f->end, f->start);
		if (t->size > 0 && (f->start > top || (f->end != NO_NUMBER && f->end > top)))
			ERROR(c, f->pos, "field '%s' does not fit in the %d bits of type '%s'",
			      f->name, t->size * 8, t->id);
	}
	hashtab_clear(&names);
}

/* An enum's fields are named values (GDB's <evalue name= value=>), and
 * only an enum's fields have values. */
static void check_values(struct checker *c, const struct type *t)
{
	struct hashtab names = HASHTAB_INIT(HASHTAB_STRINGS);
	size_t i;

	for (i = 0; i < t->nfields; i++) {
		const struct type_field *f = &t->fields[i];

		if (t->kind != TYPE_ENUM) {
			if (f->value != NO_NUMBER)
				ERROR(c, f->pos, "field '%s' of %s type '%s' has a 'value': only enum fields have one",
				      f->name, kind_name(t->kind), t->id);
			continue;
		}
		if (!is_identifier(f->name))
			ERROR(c, f->pos, "value name '%s' of enum type '%s' is not an identifier",
			      f->name, t->id);
		else if (!hashtab_add(&names, f->name, i, NULL))
			ERROR(c, f->pos, "duplicate value name '%s' in enum type '%s'", f->name, t->id);
		if (f->type || f->start != NO_NUMBER || f->end != NO_NUMBER)
			ERROR(c, f->pos, "field '%s' of enum type '%s' has '%s': an enum's fields have a name and a value only",
			      f->name, t->id, f->type ? "type" : f->start != NO_NUMBER ? "start" : "end");
		if (f->value == NO_NUMBER)
			ERROR(c, f->pos, "field '%s' of enum type '%s' needs 'value'", f->name, t->id);
		else if (t->size > 0 && t->size < 8 && f->value >> (t->size * 8))
			ERROR(c, f->pos, "value %lld of '%s' does not fit in the %d-byte enum type '%s'",
			      (long long)f->value, f->name, t->size, t->id);
	}
	hashtab_clear(&names);
}

static void check_types(struct checker *c)
{
	struct layout *l = c->l;
	unsigned char *state = xcalloc(l->ntypes ? l->ntypes : 1, 1);

	c->nesting = xcalloc(l->ntypes ? l->ntypes : 1, sizeof(int));
	size_t i, prev;

	for (i = 0; i < l->ntypes; i++) {
		struct type *t = &l->types[i];
		if (!is_identifier(t->id))
			ERROR(c, t->pos, "type id '%s' is not an identifier", t->id);
		else if (known_gdb_type(t->id))
			ERROR(c, t->pos, "type '%s' is predefined by GDB and cannot be redefined", t->id);
		else if (t->feature && !hashtab_get(&c->features, t->feature, NULL))
			ERROR(c, t->feature_pos, "type '%s' names feature '%s', which is not defined",
			      t->id, t->feature);
		else if (!type_scope_add(&c->types, l, i, &prev))
			ERROR(c, t->pos, "duplicate type '%s'%s%s%s (first defined at %s:%d:%d)",
			      t->id, t->feature ? " in feature '" : "",
			      t->feature ? t->feature : "", t->feature ? "'" : "",
			      l->types[prev].pos.file, l->types[prev].pos.line,
			      l->types[prev].pos.col);
		if (t->kind != TYPE_VECTOR && (t->element || t->count != NO_NUMBER))
			ERROR(c, t->pos, "only vector types have 'type' and 'count'");
	}
	for (i = 0; i < l->ntypes; i++) {
		const struct type *t = &l->types[i];

		/* measured: GDB 13 accepts each feature's own definition but
		 * makes one GDB type per id, so a register of this feature
		 * may show the layout-wide definition in GDB */
		if (t->feature && type_scope_get(&c->types, NULL, t->id, &prev))
			diag_warning(t->pos, "type '%s' of feature '%s' has the id of a layout-wide type: target.xml gives each feature its own, as GDB's format allows, but GDB 13 makes one type of each id for all features, so in GDB its registers may show the other one",
				     t->id, t->feature);
	}
	for (i = 0; i < l->ntypes; i++)
		resolve_type(c, i, state);
	for (i = 0; i < l->ntypes; i++)
		check_values(c, &l->types[i]);
	free(state);
	free(c->nesting);
	c->nesting = NULL;
}

/* Gives size-less flags/struct types the size of their registers, which
 * must then agree. */
static void size_types_from_registers(struct checker *c)
{
	struct layout *l = c->l;
	size_t i, t;

	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		struct type *ty;

		if (!r->type || !type_scope_get(&c->types, r->feature, r->type, &t))
			continue;
		ty = &l->types[t];
		if (ty->size_given || ty->kind == TYPE_VECTOR ||
		    ty->kind == TYPE_UNION || !r->bitsize || r->bitsize % 8)
			continue;
		if (ty->size == NO_NUMBER)
			ty->size = r->bitsize / 8;
		else if (ty->size * 8 != r->bitsize)
			ERROR(c, reg_key_pos(r, RK_BITSIZE), "bitsize %d of register '%s' disagrees with its type '%s' (%d bits, the size of the registers before it that use it)",
			      r->bitsize, r->name, r->type, ty->size * 8);
	}
	for (i = 0; i < l->ntypes; i++) {
		struct type *ty = &l->types[i];
		if ((ty->kind == TYPE_FLAGS || ty->kind == TYPE_STRUCT) && ty->size > 0)
			check_bitfields(c, ty);
	}
}

/*
 * A layout-wide type used in a feature that has types of its own must not
 * refer to one of their ids: GDB looks every type id up in the feature
 * that uses it, so there the reference would mean the feature's own type
 * while the def (and its sizes) mean the layout-wide one.  Returns the id
 * hidden, or NULL.  stamp marks the types seen in this walk.
 */
static const char *hidden_in(struct checker *c, size_t t, const char *feature,
			     size_t *seen, size_t stamp, int depth)
{
	const struct type *ty = &c->l->types[t];
	size_t i, idx, own;
	const char *hidden = NULL;

	if (seen[t] == stamp || depth > MAX_TYPE_DEPTH)
		return NULL;
	seen[t] = stamp;
	for (i = 0; i <= ty->nfields && !hidden; i++) {
		const char *ref = i < ty->nfields ? ty->fields[i].type : ty->element;

		if (!ref || !type_scope_get(&c->types, NULL, ref, &idx))
			continue;
		if (type_scope_get(&c->types, feature, ref, &own) && own != idx)
			hidden = ref;
		else
			hidden = hidden_in(c, idx, feature, seen, stamp, depth + 1);
	}
	return hidden;
}

static void check_hidden_types(struct checker *c)
{
	struct layout *l = c->l;
	struct hashtab done = HASHTAB_INIT(HASHTAB_NUMBERS);
	size_t *seen, stamp = 0, i, t;

	if (!c->types.own.used)
		return;
	seen = xcalloc(l->ntypes + 1, sizeof(*seen));
	for (i = 0; i < l->nregs; i++) {
		const struct reg *r = &l->regs[i];
		const char *hidden;

		if (!r->type || !r->feature ||
		    !type_scope_get(&c->types, r->feature, r->type, &t) ||
		    l->types[t].feature ||
		    !hashtab_add_num(&done, (uint64_t)t << 32 | r->feature_index, 0, NULL))
			continue;
		hidden = hidden_in(c, t, r->feature, seen, ++stamp, 0);
		if (hidden)
			ERROR(c, reg_key_pos(r, RK_TYPE), "layout-wide type '%s' (of register '%s') refers to '%s', which feature '%s' defines for itself: GDB looks types up in the feature that uses them, so there '%s' would be the feature's own; give feature '%s' its own '%s' too",
			      r->type, r->name, hidden, r->feature, hidden, r->feature, r->type);
	}
	hashtab_clear(&done);
	free(seen);
}

/* ---- registers ---- */

static void check_name(struct checker *c, const struct reg *r, int key,
		       const char *value, const char *what)
{
	if (value && !is_identifier(value))
		ERROR(c, reg_key_pos(r, key), "%s '%s' is not an identifier (letters, digits and '_', not starting with a digit)",
		      what, value);
}

static void check_lldb_fields(struct checker *c, struct reg *r)
{
	const char *kind = r->is_slice ? "slice" : "register";
	size_t idx;

	if (!r->set)
		ERROR(c, r->pos, "missing key 'set' in %s '%s'", kind, r->name);
	else if (!hashtab_get(&c->sets, r->set, &idx))
		ERROR(c, reg_key_pos(r, RK_SET), "%s '%s' names set '%s', which is not defined",
		      kind, r->name, r->set);
	else
		r->set_index = (int)idx;
	if (r->encoding && !known_lldb_encoding(r->encoding))
		ERROR(c, reg_key_pos(r, RK_ENCODING), "unknown encoding '%s' (expected %s)",
		      r->encoding, known_lldb_encoding_list());
	if (r->format && !known_lldb_format(r->format))
		ERROR(c, reg_key_pos(r, RK_FORMAT), "unknown format '%s' (expected one of %s)",
		      r->format, known_lldb_format_list());
	if (r->generic) {
		if (!known_lldb_generic(r->generic))
			ERROR(c, reg_key_pos(r, RK_GENERIC), "unknown generic role '%s' (expected %s)",
			      r->generic, known_lldb_generic_list());
		else if (!hashtab_add(&c->generics, r->generic, 0, NULL))
			ERROR(c, reg_key_pos(r, RK_GENERIC), "generic role '%s' is given to more than one register ('%s' is the second)",
			      r->generic, r->name);
	}
	check_name(c, r, RK_NAME, r->name, "register name");
	check_name(c, r, RK_LLDB_NAME, r->lldb_name, "LLDB name");
	check_name(c, r, RK_ALTNAME, r->altname, "altname");
}

static void add_lldb_name(struct checker *c, struct reg *r)
{
	const char *name = r->lldb_name ? r->lldb_name : r->name;
	size_t prev;

	if (!is_identifier(name))
		return;
	if (!hashtab_add(&c->lldb_names, name, 0, &prev))
		ERROR(c, r->lldb_name ? reg_key_pos(r, RK_LLDB_NAME) : reg_key_pos(r, RK_NAME),
		      "duplicate LLDB register name '%s'", name);
}

static void check_register(struct checker *c, struct reg *r, size_t i)
{
	struct layout *l = c->l;
	size_t idx;
	int size;

	check_lldb_fields(c, r);
	if (is_identifier(r->name) && !hashtab_add(&c->gdb_names, r->name, i, &idx))
		ERROR(c, reg_key_pos(r, RK_NAME), "duplicate register name '%s' (first defined at %s:%d:%d)",
		      r->name, l->regs[idx].pos.file, l->regs[idx].pos.line,
		      l->regs[idx].pos.col);
	check_name(c, r, RK_GROUP, r->group, "group");
	if (!r->bitsize) {
		ERROR(c, r->pos, "missing key 'bitsize' in register '%s'", r->name);
		return;
	}
	if (r->bitsize % 8)
		ERROR(c, reg_key_pos(r, RK_BITSIZE), "bitsize %d of register '%s' is not a whole number of bytes",
		      r->bitsize, r->name);
	if (!r->feature)
		ERROR(c, r->pos, "missing key 'feature' in register '%s'", r->name);
	else if (!hashtab_get(&c->features, r->feature, &idx))
		ERROR(c, reg_key_pos(r, RK_FEATURE), "register '%s' names feature '%s', which is not defined",
		      r->name, r->feature);
	else
		r->feature_index = idx;

	if (!r->type)
		r->type = xstrdup("int");
	if (known_gdb_type(r->type))
		size = type_size(l, r->type, r->bitsize);
	else if (type_scope_get(&c->types, r->feature, r->type, &idx))
		size = l->types[idx].size;
	else
		size = -1;
	if (size == -1 && !known_gdb_type(r->type) &&
	    !type_scope_get(&c->types, r->feature, r->type, &idx)) {
		long other = find_type(l, r->type);

		if (other >= 0 && l->types[other].feature)
			ERROR(c, reg_key_pos(r, RK_TYPE), "register '%s' of feature '%s' has type '%s', which is the own type of feature '%s'",
			      r->name, r->feature ? r->feature : "", r->type, l->types[other].feature);
		else
			ERROR(c, reg_key_pos(r, RK_TYPE), "register '%s' has unknown type '%s'",
			      r->name, r->type);
	} else if (!strcmp(r->type, "int") || !strcmp(r->type, "float")) {
		static const int ok[] = { 8, 16, 32, 64, 128 };
		size_t k;
		for (k = 0; k < 5 && ok[k] != r->bitsize; k++)
			;
		if (k == 5 && !(!strcmp(r->type, "float") && r->bitsize == 80))
			ERROR(c, reg_key_pos(r, RK_BITSIZE), "bitsize %d of register '%s' is not a size GDB supports for type '%s' (8, 16, 32, 64 or 128)",
			      r->bitsize, r->name, r->type);
	} else if (size > 0 && size * 8 != r->bitsize) {
		ERROR(c, reg_key_pos(r, RK_BITSIZE), "bitsize %d of register '%s' disagrees with its type '%s' (%d bits)",
		      r->bitsize, r->name, r->type, size * 8);
	}
}

static void check_numbers(struct checker *c)
{
	struct layout *l = c->l;
	/* each number to the register that has it first */
	struct hashtab dwarf = HASHTAB_INIT(HASHTAB_NUMBERS);
	struct hashtab ehframe = HASHTAB_INIT(HASHTAB_NUMBERS);
	size_t i, prev;

	hashtab_reserve(&dwarf, l->nregs);
	hashtab_reserve(&ehframe, l->nregs);
	/* eh_frame numbers default to the DWARF numbers */
	for (i = 0; i < l->nregs; i++)
		if (l->regs[i].ehframe == NO_NUMBER)
			l->regs[i].ehframe = l->regs[i].dwarf;
	for (i = 0; i < l->nregs; i++) {
		struct reg *r = &l->regs[i];
		if (r->dwarf != NO_NUMBER && !hashtab_add_num(&dwarf, (uint64_t)r->dwarf, i, &prev))
			ERROR(c, reg_key_pos(r, RK_DWARF), "duplicate DWARF number %lld: '%s' and '%s'",
			      (long long)r->dwarf, l->regs[prev].name, r->name);
		/* an eh_frame clash that is only the defaults of a DWARF clash
		 * has been reported as that */
		if (r->ehframe != NO_NUMBER && !hashtab_add_num(&ehframe, (uint64_t)r->ehframe, i, &prev) &&
		    (written(r, RK_EHFRAME) || written(&l->regs[prev], RK_EHFRAME)))
			ERROR(c, reg_key_pos(r, RK_EHFRAME), "duplicate eh_frame number %lld: '%s' and '%s'",
			      (long long)r->ehframe, l->regs[prev].name, r->name);
	}
	hashtab_clear(&dwarf);
	hashtab_clear(&ehframe);
}

/* The name of LLDB's filler entries (see output/view.c) is taken. */
static void check_filler_names(struct checker *c)
{
	static const char prefix[] = "unused_regnum_";
	struct layout *l = c->l;
	size_t i;

	if (l->num_regnums == l->nregs)
		return;
	for (i = 0; i < l->nregs + l->nslices; i++) {
		struct reg *r = i < l->nregs ? &l->regs[i] : &l->slices[i - l->nregs];
		const char *name = r->lldb_name ? r->lldb_name : r->name;

		if (!strncmp(name, prefix, sizeof(prefix) - 1))
			ERROR(c, r->lldb_name ? reg_key_pos(r, RK_LLDB_NAME) : reg_key_pos(r, RK_NAME),
			      "'%s' starts with '%s', the names LLDB's entries for unused remote numbers take",
			      name, prefix);
	}
}

/*
 * A composite (LLDB's "composite": ymm0 = xmm0 + ymm0h): whole registers,
 * each defined before it, concatenated low part first (derive.c gives it
 * its size and offset).
 */
static void check_composite(struct checker *c, const struct reg *s)
{
	const struct layout *l = c->l;
	size_t j, k, idx, other;
	int64_t bits = 0;

	if (written(s, RK_PARENT) || written(s, RK_MSB) || written(s, RK_LSB))
		ERROR(c, reg_key_pos(s, RK_COMPOSITE), "slice '%s' has 'composite' and '%s': a slice is either part of one register or a composite of several",
		      s->name, written(s, RK_PARENT) ? "parent" : written(s, RK_MSB) ? "msb" : "lsb");
	for (j = 0; j < s->ncomposite; j++) {
		const struct reg *p;

		if (!hashtab_get(&c->gdb_names, s->composite[j], &idx)) {
			ERROR(c, reg_key_pos(s, RK_COMPOSITE), "composite '%s' names '%s', which is not a register",
			      s->name, s->composite[j]);
			continue;
		}
		for (k = 0; k < j; k++)
			if (hashtab_get(&c->gdb_names, s->composite[k], &other) && other == idx)
				break;
		if (k < j) {
			ERROR(c, reg_key_pos(s, RK_COMPOSITE), "composite '%s' names '%s' twice",
			      s->name, s->composite[j]);
			continue;
		}
		p = &l->regs[idx];
		if (p->decl_order > s->decl_order)
			ERROR(c, reg_key_pos(s, RK_COMPOSITE), "composite '%s' comes before its part '%s' (defined at %s:%d:%d)",
			      s->name, p->name, p->pos.file, p->pos.line, p->pos.col);
		bits += p->bitsize;
	}
	if (bits > 65536)
		ERROR(c, reg_key_pos(s, RK_COMPOSITE), "composite '%s' has %lld bits (at most 65536)",
		      s->name, (long long)bits);
}

/* Slices: each part of a register defined before it, whole bytes
 * (derive.c gives it its LLDB index, size and offset). */
static void check_slices(struct checker *c)
{
	struct layout *l = c->l;
	size_t i, idx;

	for (i = 0; i < l->nslices; i++) {
		struct reg *s = &l->slices[i];
		const struct reg *p;

		check_lldb_fields(c, s);
		add_lldb_name(c, s);
		if (is_identifier(s->name) && hashtab_get(&c->gdb_names, s->name, &idx))
			ERROR(c, reg_key_pos(s, RK_NAME), "slice '%s' has the name of register '%s'",
			      s->name, l->regs[idx].name);
		if (s->composite) {
			check_composite(c, s);
			continue;
		}
		if (!s->parent) {
			ERROR(c, s->pos, "missing key 'parent' in slice '%s'", s->name);
			continue;
		}
		if (s->msb == NO_NUMBER || s->lsb == NO_NUMBER) {
			ERROR(c, s->pos, "missing key '%s' in slice '%s'",
			      s->msb == NO_NUMBER ? "msb" : "lsb", s->name);
			continue;
		}
		if (!hashtab_get(&c->gdb_names, s->parent, &idx)) {
			/* a parent whose own name is wrong was reported as that */
			if (!is_identifier(s->parent) && named_register(l, s->parent))
				continue;
			ERROR(c, reg_key_pos(s, RK_PARENT), "slice '%s' names parent '%s', which is not a register",
			      s->name, s->parent);
			continue;
		}
		p = &l->regs[idx];
		if (p->decl_order > s->decl_order)
			ERROR(c, reg_key_pos(s, RK_PARENT), "slice '%s' comes before its parent '%s' (defined at %s:%d:%d)",
			      s->name, s->parent, p->pos.file, p->pos.line, p->pos.col);
		if (s->msb <= s->lsb)
			ERROR(c, reg_key_pos(s, RK_MSB), "slice '%s': msb (%d) must be greater than lsb (%d)",
			      s->name, s->msb, s->lsb);
		else if (s->msb >= p->bitsize && p->bitsize)
			ERROR(c, reg_key_pos(s, RK_MSB), "slice '%s' is outside its parent: msb %d, but '%s' has %d bits",
			      s->name, s->msb, p->name, p->bitsize);
		else if (s->lsb % 8 || (s->msb - s->lsb + 1) % 8)
			ERROR(c, reg_key_pos(s, RK_LSB), "slice '%s' must cover whole bytes (lsb %d, msb %d)",
			      s->name, s->lsb, s->msb);
	}
}

int check_layout(struct layout *l)
{
	struct checker c = { 0 };
	size_t i;

	c.l = l;
	c.gdb_names.keys = HASHTAB_STRINGS_FOLD;
	c.lldb_names.keys = HASHTAB_STRINGS_FOLD;
	hashtab_reserve(&c.gdb_names, l->nregs);
	hashtab_reserve(&c.lldb_names, l->nregs + l->nslices);
	check_target(&c);
	check_features_and_sets(&c);
	check_types(&c);
	for (i = 0; i < l->nregs; i++)
		check_register(&c, &l->regs[i], i);
	for (i = 0; i < l->nregs; i++)
		add_lldb_name(&c, &l->regs[i]);
	size_types_from_registers(&c);
	check_hidden_types(&c);
	check_numbers(&c);
	/* numbers, offsets, slices: the derivation importers use too */
	c.errors += layout_derive(l, DERIVE_DEF, &c.gdb_names);
	if (!l->nregs) {
		struct srcpos top = { l->files ? l->files[0] : l->source, 1, 1 };
		ERROR(&c, top, "the layout has no registers");
	}
	check_filler_names(&c);
	check_slices(&c);
	if (!c.errors)
		layout_assert_derived(l, DERIVE_DEF);

	hashtab_clear(&c.features);
	hashtab_clear(&c.sets);
	type_scope_clear(&c.types);
	hashtab_clear(&c.gdb_names);
	hashtab_clear(&c.lldb_names);
	hashtab_clear(&c.generics);
	return c.errors;
}
