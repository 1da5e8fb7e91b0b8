/*
 * check.h: pipeline stage 2, validate a loaded layout and compute what a def
 * never states.
 *
 * check_layout() verifies every rule that needs the whole layout (unique
 * names and numbers, defined references, sizes that agree with types, slices
 * inside their parents, identifiers that are safe in Python, XML and C) and
 * fills the computed fields of the model: type sizes here, and through
 * layout_derive() (derive.h, shared with the importers) each register's
 * remote number and g-packet offset, each slice's LLDB index and offset,
 * and the g-packet size.  A register that states a regnum or offset is checked
 * against the computed one.  Problems are reported through diag.h.
 */
#ifndef REGDEFGEN_CHECK_H
#define REGDEFGEN_CHECK_H

#include "model/model.h"
#include "base/hashtab.h"

/* Returns the number of errors found (0: the layout is valid). */
int check_layout(struct layout *layout);

/* The size in bytes of GDB type name in layout, or -1 if unknown.  For
 * "int" and "float" the size comes from bitsize. */
int type_size(const struct layout *layout, const char *name, int bitsize);

/* Index of type id in layout->types, or -1: the first of that id (a
 * layout-wide one, unless only a feature has one). */
long find_type(const struct layout *layout, const char *id);

/* The type id means where a register or type of feature (a feature id;
 * NULL: none) names it: that feature's own type of that id, else the
 * layout-wide one (GDB scopes type ids by feature); -1 if none. */
long find_type_in(const struct layout *layout, const char *feature, const char *id);

/*
 * The same lookup through hash tables, for every register of a large
 * layout: type_scope_add() each type (0, with the first in *prev, if its
 * scope has that id already), then type_scope_get().  With no feature's
 * own type in the layout, a lookup costs what a plain table's does.
 */
struct type_scope {
	struct hashtab wide; /* id -> index */
	struct hashtab own;  /* "FEATURE\037ID" -> index */
	char **keys;         /* own's keys */
	size_t nkeys;
};
void type_scope_init(struct type_scope *s);
int type_scope_add(struct type_scope *s, const struct layout *layout, size_t i, size_t *prev);
int type_scope_get(const struct type_scope *s, const char *feature, const char *id, size_t *idx);
void type_scope_clear(struct type_scope *s);

/* 1 if s is a C/Python identifier: [A-Za-z_][A-Za-z0-9_]*. */
int is_identifier(const char *s);

#endif
