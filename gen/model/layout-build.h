/*
 * layout-build.h: building a struct layout in code, for the importers.
 *
 * load.c builds layouts from defs; the importers (import-xml.c,
 * import-lldb.c, the RSP prober) build them from what a debugger or a stub
 * says.  Those sources state what check.c would otherwise compute (remote
 * numbers, g-packet offsets), and they may state numbers a def cannot hold
 * (a regnum that jumps, an offset that leaves a gap), so an imported layout
 * carries its numbers in the computed fields (reg.regnum, reg.offset,
 * layout.g_packet_size) directly and is not run through check_layout()
 * until it has been made dense (layout_make_dense()).
 *
 * Every function here keeps the ownership rules of model.h: the layout owns
 * what is added (strings are copied).  Pointers returned into the arrays are
 * valid until the next addition to the same array.
 */
#ifndef REGDEFGEN_LAYOUT_BUILD_H
#define REGDEFGEN_LAYOUT_BUILD_H

#include "model/model.h"

/* A new empty layout named name ("x86_64-qemu"); source is shown in
 * messages and outputs.  Free it with layout_free(). */
struct layout *layout_new(const char *name, const char *source);

/* Remembers path among layout->files and returns the layout's copy, for
 * struct srcpos.file. */
const char *layout_add_file(struct layout *l, const char *path);

/* Sets a string fact (NULL clears it). */
void layout_set_fact(struct fact *f, const char *value);

/* Index of the feature/set with this GDB feature name / LLDB set name,
 * added with a fresh identifier (made from the name, unique) if new. */
size_t layout_feature(struct layout *l, const char *name);
size_t layout_set(struct layout *l, const char *name);
/* Same, with the id to use if the entry is new. */
size_t layout_set_with_id(struct layout *l, const char *id, const char *name);

/* A new register or slice, zeroed, numbers NO_NUMBER. */
struct reg *layout_add_reg(struct layout *l);
struct reg *layout_add_slice(struct layout *l);
/* A new type with the given id and kind, sizes NO_NUMBER. */
struct type *layout_add_type(struct layout *l, const char *id, enum type_kind kind);
struct type_field *type_add_field(struct type *t, const char *name);

/* Sets r->feature/feature_index and r->set/set_index. */
void reg_put_in_feature(struct layout *l, struct reg *r, size_t feature);
void reg_put_in_set(struct layout *l, struct reg *r, size_t set);

/* Replaces *field with a copy of value (NULL frees it). */
void set_string(char **field, const char *value);

/* Sorts the registers by remote number (stable), then derives what the
 * source does not state with layout_derive(DERIVE_SOURCE) (derive.h: the
 * rules defs follow; the numbers and offsets a source states are kept,
 * repeats and overlaps included): the offset of a register stating none,
 * the g packet size (the end of the last byte a register covers), slice
 * and composite numbers, offsets and sizes. */
void layout_finish(struct layout *l);

/* Index of the register named name (ASCII case-insensitive, as GDB matches
 * names), or -1. */
long layout_find_reg(const struct layout *l, const char *name);
long layout_find_reg_by_regnum(const struct layout *l, int regnum);

/* 1 if every register's remote number is its index and its offset the sum
 * of the sizes before it: what a def can express. */
int layout_is_dense(const struct layout *l);

/*
 * Makes the layout expressible as a def: remote numbers become 0, 1, 2...
 * in wire order and offsets the running sum, warning (through diag.h, at
 * each register's position) for every number that changes and saying what
 * that means for a stub.  Then fills slice numbers and offsets from their
 * parents.
 */
void layout_make_dense(struct layout *l);

/*
 * Keeps the numbers the source states, as a def can hold them: remote
 * numbers become stated where they jump; offsets that are not GDB's
 * packing become stated, with "g_offsets": "stated" (and a warning).
 * Returns 0, changing nothing, when numbers repeat or registers overlap:
 * then only layout_make_dense() gives a def.
 */
int layout_keep_numbers(struct layout *l);

#endif
