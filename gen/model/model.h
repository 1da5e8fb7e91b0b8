/*
 * model.h: the register layout model, regdefgen's single source of truth.
 *
 * Pipeline: load.c reads a def (and the parts it includes) into a struct
 * layout, recording where in which file every value came from; check.c
 * validates it and computes what a def never states (remote numbers, g-packet
 * offsets and size, type sizes; the numbers, offsets and slices through
 * derive.c, which layout_finish() applies to imports too); view.c turns the checked layout into the
 * data the templates render.  Backends only read the model: nothing
 * downstream of check.c derives a number of its own.
 *
 * Ownership: a struct layout owns every string and array hanging from it;
 * layout_free() releases all of it.  A struct reg owns each of its strings
 * (malloc'd) except those whose key's bit (1 << RK_...) is set in its
 * shared mask: those are borrowed from layout->strings, which load.c fills
 * so that registers read from a def share one copy of each repeated value
 * ("gpr", "int64", ...).  Code that replaces such a string clears the bit
 * and must not free() the old one; code that builds registers itself
 * leaves shared at 0.
 */
#ifndef REGDEFGEN_MODEL_H
#define REGDEFGEN_MODEL_H

#include <stddef.h>
#include <stdint.h>

/* Where a value was written: file, 1-based line and column. */
struct srcpos {
	const char *file; /* borrowed from layout->files; NULL if unknown */
	int line;
	int col;
};

/* "No number" for optional numeric facts (dwarf, ehframe, ...). */
#define NO_NUMBER (-1)

struct feature {
	char *id;   /* short id registers use ("core") */
	char *name; /* GDB feature name ("org.gnu.gdb.i386.core") */
	struct srcpos pos;
};

struct regset {
	char *id;   /* short id registers use ("gpr") */
	char *name; /* LLDB set name ("General Purpose Registers") */
	struct srcpos pos;
};

/* TYPE_ENUM: GDB's <enum>, named values (its fields) that a flags field
 * or a register may take as its type */
enum type_kind { TYPE_FLAGS, TYPE_VECTOR, TYPE_UNION, TYPE_STRUCT, TYPE_ENUM };
#define TYPE_KIND_COUNT 5

/* "flags", "vector", "union", "struct", "enum": the def's and GDB's
 * spelling of each kind */
extern const char *const type_kind_names[TYPE_KIND_COUNT];

struct type_field {
	char *name;   /* may be "" in flags (an unnamed bit) */
	char *type;   /* union/struct member type, optional for flags */
	int start;    /* flags/struct bit range; NO_NUMBER if absent */
	int end;      /* NO_NUMBER: runs to the top bit of a size-less type */
	int64_t value; /* enum: the value named; NO_NUMBER elsewhere */
	struct srcpos pos;
};

struct type {
	char *id;
	char *feature;     /* a feature id: the type is that feature's own, named
			    * by its registers and types only (GDB scopes type
			    * ids by feature: its AVX-512 feature has its own
			    * vec128); NULL: layout-wide */
	struct srcpos feature_pos; /* where "feature" was written */
	enum type_kind kind;
	int size;          /* bytes; NO_NUMBER until check.c derives it */
	int size_given;    /* size was written in the def */
	char *element;     /* vector element type */
	int count;         /* vector length */
	struct type_field *fields;
	size_t nfields;
	struct srcpos pos;
};

/* The keys of a register or slice, for key_at[]. */
enum reg_key {
	RK_NAME, RK_LLDB_NAME, RK_BITSIZE, RK_TYPE, RK_GROUP, RK_FEATURE,
	RK_SET, RK_ENCODING, RK_FORMAT, RK_DWARF, RK_EHFRAME, RK_GENERIC,
	RK_ALTNAME, RK_REGNUM, RK_OFFSET, RK_PARENT, RK_MSB, RK_LSB,
	RK_COMPOSITE, RK_G, RK_SAVE_RESTORE, RK_COUNT
};

/*
 * A register on the wire (is_slice == 0) or an LLDB sub-register
 * (is_slice == 1).  Strings are NULL when the def does not give them.
 */
struct reg {
	int is_slice;
	unsigned shared;   /* 1 << RK_...: that string is in layout->strings */
	char *name;
	char *lldb_name;
	char *altname;
	char *type;        /* GDB type; "int" when not given */
	char *group;
	char *feature;     /* feature id */
	char *set;         /* set id */
	char *encoding;    /* uint sint ieee754 vector */
	char *format;      /* LLDB format name */
	char *generic;     /* LLDB generic role */
	int bitsize;
	/* here, beside bitsize: no padding added */
	unsigned not_in_g : 1;  /* "g": false: reachable with p/P only, never in g */
	unsigned no_save_restore : 1; /* "save_restore": false: GDB's
				       * save-restore="no", not saved and
				       * restored around an inferior call */
	int64_t dwarf;     /* NO_NUMBER if none */
	int64_t ehframe;   /* NO_NUMBER: same as dwarf */
	int64_t stated_regnum; /* NO_NUMBER unless the def states it */
	int64_t stated_offset;
	/* slices only: a slice of parent (msb, lsb), or a composite, LLDB's
	 * concatenation of whole registers (ymm0 = xmm0 + ymm0h), low part first */
	char *parent;
	int msb, lsb;
	char **composite;  /* register names; NULL unless a composite */
	size_t ncomposite;
	size_t *composite_index; /* check.c: index in regs of each part */

	/* computed by check.c */
	int regnum;        /* remote number (stated, else the previous one's
			    * + 1); slices: LLDB list index */
	int offset;        /* g-packet byte offset; p/P-only registers: where
			    * LLDB keeps them, past the g packet (LLDB reads a
			    * register beyond the g reply with p); slices:
			    * parent's + lsb/8; composites: the lowest offset
			    * of their parts */
	int set_index;
	int key_far_owned; /* see key_far below (here, beside set_index: no
			    * padding, struct reg stays 320 bytes) */
	size_t feature_index;
	size_t parent_index; /* slices: index of the parent in regs */
	size_t decl_order; /* position among all registers and slices as written */

	/*
	 * Where each key was written, for diagnostics: reg_key_pos().  Most
	 * keys are in the register's own object, a few lines below pos at
	 * most, so each takes 4 bytes, not a 16-byte srcpos (the positions
	 * were two fifths of a large layout's model): 0 if the def did not
	 * write the key, KEY_FAR if key_far has its position, else
	 * KEY_LINES(lines below pos.line) | column.
	 */
	struct srcpos pos;            /* the register object */
	uint32_t key_at[RK_COUNT];    /* indexed by enum reg_key */
	/* NULL, or the positions of the KEY_FAR keys (RK_COUNT of them): the
	 * defaults of the register's file (shared by its registers, owned by
	 * the layout's key_tables), or its own copy (key_far_owned: also an
	 * override, a key far below or in another file) */
	struct srcpos *key_far;
};

#define KEY_FAR 0xffffffffu
#define KEY_COL_BITS 20
#define KEY_COL_MAX ((1u << KEY_COL_BITS) - 1)
#define KEY_LINES_MAX ((1u << (32 - KEY_COL_BITS)) - 2)
#define KEY_LINES(n) ((uint32_t)(n) << KEY_COL_BITS)

/* Where key k of r was written: the register object's position if the def
 * did not write it. */
static inline struct srcpos reg_key_pos(const struct reg *r, enum reg_key k)
{
	uint32_t at = r->key_at[k];
	struct srcpos p = r->pos;

	if (at == KEY_FAR)
		return r->key_far[k];
	if (at) {
		p.line += (int)(at >> KEY_COL_BITS);
		p.col = (int)(at & KEY_COL_MAX);
	}
	return p;
}

/* 1 if the def wrote key k of r (rather than leaving it out). */
static inline int reg_has_key(const struct reg *r, enum reg_key k)
{
	return r->key_at[k] != 0;
}

struct strpool;

/* A layout-wide string fact (triple, architecture...) and where it was set. */
struct fact {
	char *value;
	struct srcpos pos;
};

struct layout {
	char *name;        /* "x86_64-qemu" */
	char *ident;       /* "x86_64_qemu" */
	char *source;      /* the def's path as given on the command line */
	struct fact description;
	struct fact gdb_architecture;
	struct fact gdb_osabi;
	struct fact lldb_triple;
	struct fact endian;
	struct fact g_offsets;  /* "stated": offsets as written, not GDB's packing */
	int address_bits;  /* 0 if not given */
	struct srcpos address_bits_pos;
	int has_breakpoint_pc_offset;
	int64_t breakpoint_pc_offset;
	struct srcpos breakpoint_pc_offset_pos;

	struct feature *features; size_t nfeatures;
	struct regset *sets;      size_t nsets;
	struct type *types;       size_t ntypes;
	struct reg *regs;         size_t nregs;   /* wire order */
	struct reg *slices;       size_t nslices; /* LLDB order after regs */

	/* strings shared by registers (see struct reg's shared); NULL if none */
	struct strpool *strings;
	/* positions shared by registers (see struct reg's key_far) */
	struct srcpos **key_tables; size_t nkey_tables;

	/* every file read (the def first), for diagnostics and depfiles */
	char **files; size_t nfiles;

	/* computed by check.c */
	int64_t g_packet_size;   /* bytes of the registers in g */
	int64_t lldb_data_size;  /* g_packet_size + the p/P-only registers' */
	size_t num_regnums;      /* last remote number + 1 (LLDB's list of
				  * registers, unused numbers filled) */
	size_t num_g_regs;       /* registers in g: the first num_g_regs */
};

void layout_free(struct layout *layout);

/* The one constructor of a register or slice, for defs (load.c) and
 * importers (layout-build.c) alike: no strings, no numbers (NO_NUMBER: the
 * checker derives them), no set yet (set_index -1), in the g packet. */
void reg_init(struct reg *r, int is_slice);

#endif
