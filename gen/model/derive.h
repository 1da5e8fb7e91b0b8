/*
 * derive.h: the one derivation of what a layout does not state, for defs
 * (check_layout()) and importers (layout_finish()) alike.
 *
 * A def states a register's remote number or g offset only where GDB's
 * rules would not give it; an imported description or a live stub states
 * some or all of them.  Either way the same rules fill in the rest:
 *
 *   remote number  stated, else the previous register's + 1 (the first: 0),
 *                  as GDB numbers a target.xml;
 *   g offset       GDB's packing (the sizes of the g registers before it)
 *                  unless offsets are stated ("g_offsets": "stated" in a
 *                  def; any stated offset in a source, where a register
 *                  stating none follows the one before it, LLDB's rule);
 *                  p/P-only registers are placed past the g packet;
 *   g packet size  the end of the last byte a g register covers;
 *   slices         LLDB list index after every remote number; offset of
 *                  parent[msb:lsb] by the layout's byte order
 *                  (slice_offset()); size msb - lsb + 1;
 *   composites     the sum of their parts' sizes, the lowest offset.
 *
 * What differs between the two callers is only what a breach of the rules
 * is: for a def an error at its key (reported here, counted in the return
 * value), for a source a fact kept as stated (numbers that repeat, offsets
 * that leave gaps or overlap), which the importers report in their own
 * words.
 */
#ifndef REGDEFGEN_DERIVE_H
#define REGDEFGEN_DERIVE_H

#include "model/model.h"

struct type_scope; /* model/check.h */

struct hashtab;

enum derive_rules {
	DERIVE_DEF,    /* a def: numbers increase in list order, stated
			* numbers and offsets must fit GDB's packing */
	DERIVE_SOURCE, /* a description or stub: registers sorted by number
			* (layout_finish()), each numbered (regnum) by the
			* importer; offsets and numbers it states are kept */
};

/*
 * Fills every computed field of the model listed above, and the layout's
 * g_packet_size, lldb_data_size, num_regnums and num_g_regs.  names maps
 * each register's name to its index in regs, case-insensitively (NULL:
 * built here).  Returns the number of errors reported (DERIVE_DEF only).
 */
int layout_derive(struct layout *l, enum derive_rules rules, const struct hashtab *names);

/*
 * Asserts what every later stage relies on after derivation of a layout
 * with no error (check_layout() of a def, layout_finish() of a source):
 * registers sorted by remote number (strictly in a def), each g register
 * inside the g packet at an offset >= 0 and the p/P-only ones past it,
 * slices' parents and composites' parts found, slice sizes msb - lsb + 1.
 */
void layout_assert_derived(const struct layout *l, enum derive_rules rules);

/*
 * The size in bytes of type name where a register or type of feature (an
 * id; NULL: none) names it, bitsize giving int's and float's: predefined
 * types' own, pointers address_bits / 8, a vector its element's times its
 * count, a union its largest member's, flags, structs and enums the size
 * stated (or, for flags and structs without one, check_layout() gives
 * them their registers').  -1 if unknown or not sizeable.  The one
 * derivation of type sizes: the importers use it, and check_layout()'s
 * sizes are asserted equal to it.  Types are found through scope (every
 * type of l added to it) when given, else by a search of l's types, fine
 * for a few lookups but quadratic for one per register.
 */
int layout_type_size(const struct layout *l, const struct type_scope *scope,
		     const char *feature, const char *name, int bitsize);

/* The byte offset LLDB reads slice parent[msb:lsb] from: bit lsb of a
 * little-endian parent is in its byte lsb/8, bit msb of a big-endian one
 * in its byte (bitsize - 1 - msb)/8. */
int slice_offset(const struct layout *l, const struct reg *parent, int msb, int lsb);

/* 1 if the layout's g offsets are stated ("g_offsets": "stated"), not
 * GDB's packing. */
int layout_offsets_stated(const struct layout *l);

#endif
