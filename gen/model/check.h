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

/* Returns the number of errors found (0: the layout is valid). */
int check_layout(struct layout *layout);

/* The size in bytes of GDB type name in layout, or -1 if unknown.  For
 * "int" and "float" the size comes from bitsize. */
int type_size(const struct layout *layout, const char *name, int bitsize);

/* Index of type id in layout->types, or -1. */
long find_type(const struct layout *layout, const char *id);

/* 1 if s is a C/Python identifier: [A-Za-z_][A-Za-z0-9_]*. */
int is_identifier(const char *s);

#endif
