/*
 * view.c: the checked model as template data (see view.h).
 *
 * Everything a backend prints is decided here, once: the LLDB spelling of a
 * name, the lldb module constant of a format, the C macro name of a
 * register, which types each GDB feature must define and in what order.  A
 * template that needs a new fact gets a new key here rather than logic of
 * its own.
 *
 * The view is a set of node kinds (the root, a register, a type...), each a
 * struct mustache_type whose members are computed from the model when a
 * template asks; a key name is resolved once per template tag (see
 * mustache_type.key).  A node is the view (or a type) plus an index, so nothing
 * is allocated per register or per key; view_new() precomputes only what
 * cannot be borrowed from the layout: upper-case names, comment-safe
 * strings, and which registers and types each feature lists.
 */
#include "output/view.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/check.h"
#include "model/derive.h"
#include "model/known.h"
#include "base/strbuf.h"
#include "base/hashtab.h"
#include "base/version.h"

/* A type, as its nodes see it. */
struct view_type {
	const struct view *view;
	const struct type *type;
};

/* A slice, as the parts of its composite see it. */
struct view_composite {
	const struct view *view;
	size_t slice; /* index in layout->slices */
};

/* A feature that has registers. */
struct view_feature {
	const struct feature *feature;
	size_t first_reg, nregs;   /* in view->by_feature */
	size_t first_type, ntypes; /* in view->type_order */
};

/* at_regnum[n] of an unused remote number */
#define NO_REG ((size_t)-1)

/* LLDB's set of the filler entries that keep its list index equal to the
 * remote number across unused numbers (appended after the def's sets). */
#define FILLER_SET_ID "unused"
#define FILLER_SET_NAME "Unused Remote Numbers"

/* Node kinds that are objects, which have keys. */
enum { K_ROOT, K_SET, K_REG, K_FEATURE, K_TYPE, K_FIELD, K_LINE, K_PART, K_COUNT };

/* The keys of every object kind that have one name (see view_key()). */
struct key_name {
	const struct key *key[K_COUNT]; /* NULL: not a key of that kind */
};

struct view {
	const struct layout *l;
	struct hashtab key_index;  /* key name -> its entry in key_names */
	struct key_name *key_names;
	size_t nkey_names;
	struct view_type *types;   /* one per layout type */
	char *IDENT;
	char *source_comment;
	char *description_comment; /* NULL without a description */
	char **set_name_rsp;       /* each set's name as a qRegisterInfo value */
	char *names;               /* each register's NAME, NUL-terminated */
	size_t *name_at;           /* register i's NAME is names + name_at[i] */
	char (*regnum_hex)[12];    /* register i's remote number in hex */
	struct view_composite *composites; /* one per slice */
	char **container_hex;      /* slice i's container-regs (NULL: its parent's) */
	size_t *at_regnum;         /* remote number n's register, or NO_REG */
	int has_fillers;           /* some remote number below the last is unused */
	size_t *by_feature;        /* register indices by feature, wire order */
	size_t *type_order;        /* type indices, each before its users */
	struct view_feature *features;
	size_t nfeatures;
	const char *xml;           /* NULL until view_set_target_xml() */
	size_t xml_len;
	size_t *line_at;           /* where each line of xml starts */
	size_t nlines;
};

/* The UTF-8 bidirectional controls (U+202A-U+202E, U+2066-U+2069, and the
 * marks U+200E, U+200F, U+061C): in a comment they can make code read
 * other than it compiles, and compilers refuse them (-Wbidi-chars).
 * Returns their length in bytes at s, or 0. */
static size_t bidi_control_len(const unsigned char *s)
{
	if (s[0] == 0xe2 && s[1] == 0x80 &&
	    ((s[2] >= 0xaa && s[2] <= 0xae) || s[2] == 0x8e || s[2] == 0x8f))
		return 3;
	if (s[0] == 0xe2 && s[1] == 0x81 && s[2] >= 0xa6 && s[2] <= 0xa9)
		return 3;
	if (s[0] == 0xd8 && s[1] == 0x9c)
		return 2;
	return 0;
}

/*
 * Text safe inside a comment of every output language: no line break
 * (Python's # comments), no "*" "/" nor "/" "*" (C: end of comment,
 * -Wcomment), no "??" (a trigraph such as "??/" splices lines under
 * -std=c11), no "--" nor a final '-' (XML), no bidirectional control.
 */
char *comment_safe(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		char prev = sb.len ? sb.buf[sb.len - 1] : '\0';
		size_t bidi = bidi_control_len((const unsigned char *)s);

		if (bidi) {
			strbuf_addch(&sb, ' ');
			s += bidi - 1;
		} else if (c < 0x20 || c == 0x7f)
			strbuf_addch(&sb, ' ');
		else if ((c == '/' && prev == '*') || (c == '*' && prev == '/') ||
			 (c == '-' && prev == '-') || (c == '?' && prev == '?')) {
			strbuf_addch(&sb, ' ');
			strbuf_addch(&sb, c);
		} else
			strbuf_addch(&sb, c);
	}
	/* an XML comment cannot end with '-' before "-->" */
	if (sb.len && sb.buf[sb.len - 1] == '-')
		strbuf_addch(&sb, ' ');
	return strbuf_detach(&sb, NULL);
}

/*
 * A value of a qRegisterInfo/qHostInfo reply: "key:value;" pairs inside an
 * RSP packet, so ';' and ':' would start new keys, '$' '#' '}' '*' break
 * the packet's framing, and '%' is the escape.  Each of those, and every
 * control byte, becomes %XX, whatever the def says.
 */
static char *rsp_value_safe(const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || strchr(";:$#}*%", c)) {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hex[c >> 4]);
			strbuf_addch(&sb, hex[c & 15]);
		} else {
			strbuf_addch(&sb, (char)c);
		}
	}
	return strbuf_detach(&sb, NULL);
}

static void add_upper(struct strbuf *sb, const char *s)
{
	for (; *s; s++)
		strbuf_addch(sb, toupper((unsigned char)*s));
}

static char *upper(const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	add_upper(&sb, s);
	return strbuf_detach(&sb, NULL);
}

/* n in lower-case hex, as printf's "%x" would write it (at most 9 bytes
 * with the NUL). */
static void format_hex(char *buf, unsigned n)
{
	char digits[8], *p = digits + sizeof(digits);

	do {
		*--p = "0123456789abcdef"[n & 15];
		n >>= 4;
	} while (n);
	memcpy(buf, p, (size_t)(digits + sizeof(digits) - p));
	buf[digits + sizeof(digits) - p] = '\0';
}

/* ---- keys ---- */

/*
 * Each node kind answers the keys of its table.  only: for registers and
 * slices, which of the two has the key (ONLY_REG, ONLY_SLICE, or 0 for
 * both).
 */
struct key {
	const char *name;
	size_t len;
	int id;
	int only;
};

#define ONLY_REG 1
#define ONLY_SLICE 2
#define KEY(name, id) { name, sizeof(name) - 1, id, 0 }
#define KEY_ONLY(name, id, only) { name, sizeof(name) - 1, id, only }
#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Key name[0..len) of object kind kind, or NULL: one hash lookup, however
 * many keys the kind has. */
static const struct key *view_key(const struct view *v, int kind,
				  const char *name, size_t len)
{
	size_t i;

	return hashtab_get_len(&v->key_index, name, len, &i) ?
	       v->key_names[i].key[kind] : NULL;
}

/*
 * A node kind: the engine's functions and, for objects, which K_... kind
 * it is, its keys and get(), which answers a key (NULL: not a key of the
 * kind) for one object.
 */
struct node_kind {
	struct mustache_type type; /* first: nodes point at it */
	int kind;
	struct mustache_value (*get)(const struct mustache_value *o,
				     const struct key *k);
	const struct key *keys;
	size_t nkeys;
};

static const struct node_kind root_kind, set_kind, reg_kind, feature_kind,
	type_kind, field_kind, line_kind, reg_list_kind, set_list_kind,
	feature_list_kind, feature_types_kind, feature_regs_kind,
	field_list_kind, line_list_kind, part_kind, part_list_kind;

static struct mustache_value node(enum mustache_kind kind,
				  const struct node_kind *nk, const void *data,
				  size_t index)
{
	return mustache_node(kind, &nk->type, data, index);
}

static struct mustache_value object(const struct node_kind *nk,
				    const void *data, size_t index)
{
	return node(MUSTACHE_OBJECT, nk, data, index);
}

static struct mustache_value list(const struct node_kind *nk,
				  const void *data, size_t index)
{
	return node(MUSTACHE_LIST, nk, data, index);
}

/* An optional number: NO_NUMBER is no key. */
static struct mustache_value number(long long n)
{
	return n == NO_NUMBER ? mustache_missing() : mustache_integer(n);
}

static const char *reg_lldb_name(const struct reg *r)
{
	return r->lldb_name ? r->lldb_name : r->name;
}

/* The def's file name without its folder: outputs must not depend on the
 * directory regdefgen was run from. */
static const char *source_name(const struct layout *l)
{
	const char *slash = strrchr(l->source, '/');

	return slash ? slash + 1 : l->source;
}

static const char *reg_NAME(const struct view *v, size_t i)
{
	return v->names + v->name_at[i];
}

/* ---- registers and slices: index i of lldb_registers ---- */

enum {
	R_NAME, R_LLDB_NAME, R_BITSIZE, R_SIZE, R_LLDB_INDEX, R_SET,
	R_SET_NAME, R_ENCODING, R_LLDB_ENCODING, R_FORMAT, R_LLDB_FORMAT,
	R_FORMAT_WIRE, R_ALTNAME, R_GENERIC, R_LLDB_GENERIC, R_IS_SLICE,
	R_OFFSET, R_NAME_UPPER, R_REGNUM, R_TYPE, R_GROUP, R_FEATURE,
	R_DWARF, R_EHFRAME, R_PREV_NAME, R_PARENT, R_PARENT_GDB_NAME,
	R_PARENT_REGNUM, R_PARENT_REGNUM_HEX, R_REGNUM_HEX, R_MSB,
	R_LSB, R_SET_NAME_RSP, R_IS_COMPOSITE, R_COMPOSITE, R_CONTAINER_REGS_HEX,
	R_IN_G, R_IS_FILLER, R_HAS_DWARF, R_HAS_EHFRAME, R_NO_SAVE_RESTORE,
};

static const struct key reg_keys[] = {
	/* what LLDB needs, registers and slices alike */
	KEY("name", R_NAME), KEY("lldb_name", R_LLDB_NAME),
	KEY("bitsize", R_BITSIZE), KEY("size", R_SIZE),
	KEY("lldb_index", R_LLDB_INDEX), KEY("set", R_SET),
	KEY("set_name", R_SET_NAME), KEY("set_name_rsp", R_SET_NAME_RSP),
	KEY("encoding", R_ENCODING),
	KEY("lldb_encoding", R_LLDB_ENCODING), KEY("format", R_FORMAT),
	KEY("lldb_format", R_LLDB_FORMAT), KEY("format_wire", R_FORMAT_WIRE),
	KEY("altname", R_ALTNAME), KEY("generic", R_GENERIC),
	KEY("lldb_generic", R_LLDB_GENERIC), KEY("is_slice", R_IS_SLICE),
	KEY("offset", R_OFFSET),
	KEY_ONLY("NAME", R_NAME_UPPER, ONLY_REG),
	KEY_ONLY("regnum", R_REGNUM, ONLY_REG),
	KEY_ONLY("regnum_hex", R_REGNUM_HEX, ONLY_REG),
	KEY_ONLY("type", R_TYPE, ONLY_REG),
	KEY_ONLY("group", R_GROUP, ONLY_REG),
	KEY_ONLY("feature", R_FEATURE, ONLY_REG),
	KEY_ONLY("dwarf", R_DWARF, ONLY_REG),
	KEY_ONLY("ehframe", R_EHFRAME, ONLY_REG),
	/* presence tests that do not lean on the engine's truth of 0 (rax's
	 * DWARF number): many Mustache engines take 0 as false */
	KEY_ONLY("has_dwarf", R_HAS_DWARF, ONLY_REG),
	KEY_ONLY("has_ehframe", R_HAS_EHFRAME, ONLY_REG),
	KEY_ONLY("prev_NAME", R_PREV_NAME, ONLY_REG),
	KEY_ONLY("parent", R_PARENT, ONLY_SLICE),
	KEY_ONLY("parent_gdb_name", R_PARENT_GDB_NAME, ONLY_SLICE),
	KEY_ONLY("parent_regnum", R_PARENT_REGNUM, ONLY_SLICE),
	KEY_ONLY("parent_regnum_hex", R_PARENT_REGNUM_HEX, ONLY_SLICE),
	KEY_ONLY("msb", R_MSB, ONLY_SLICE),
	KEY_ONLY("lsb", R_LSB, ONLY_SLICE),
	KEY_ONLY("is_composite", R_IS_COMPOSITE, ONLY_SLICE),
	KEY_ONLY("composite", R_COMPOSITE, ONLY_SLICE),
	KEY_ONLY("container_regs_hex", R_CONTAINER_REGS_HEX, ONLY_SLICE),
	KEY_ONLY("in_g", R_IN_G, ONLY_REG),
	KEY_ONLY("no_save_restore", R_NO_SAVE_RESTORE, ONLY_REG),
	KEY("is_filler", R_IS_FILLER),
};

/*
 * A filler: an unused remote number below the last one.  LLDB's list index
 * is the remote number, so its file and qRegisterInfo need an entry there:
 * one byte at offset 0, in a set of its own.  Inside the g packet, not
 * past it: LLDB sizes its G packet by the furthest byte any register
 * reaches, and a filler past the g packet made LLDB's G one byte longer
 * than the stub's g (arm-m: 69 bytes for 68), which a stub without P
 * refuses, so LLDB could not write at all.  LLDB reads a filler only when
 * told to (register read --all): by p, which the stub refuses for an
 * unused number, or from g, where it shows the packet's first byte.
 */
static struct mustache_value filler_get(const struct view *v, size_t n,
					const struct key *k)
{
	const struct layout *l = v->l;
	static char name[40];

	switch (k->id) {
	case R_NAME: case R_LLDB_NAME:
		snprintf(name, sizeof(name), "unused_regnum_%zu", n);
		return mustache_string(name);
	case R_BITSIZE: return mustache_integer(8);
	case R_SIZE: return mustache_integer(1);
	case R_LLDB_INDEX: case R_REGNUM: return mustache_integer((long long)n);
	case R_SET: return mustache_integer((long long)l->nsets);
	case R_SET_NAME: case R_SET_NAME_RSP: return mustache_string(FILLER_SET_NAME);
	case R_ENCODING: return mustache_string(LLDB_DEFAULT_ENCODING);
	case R_LLDB_ENCODING:
		return mustache_string(known_lldb_encoding(LLDB_DEFAULT_ENCODING)->constant);
	case R_FORMAT: return mustache_string(LLDB_DEFAULT_FORMAT);
	case R_LLDB_FORMAT: return mustache_string(known_lldb_format(LLDB_DEFAULT_FORMAT)->constant);
	case R_FORMAT_WIRE: return mustache_string(known_lldb_format(LLDB_DEFAULT_FORMAT)->wire_name);
	case R_OFFSET: return mustache_integer(0);
	case R_IS_FILLER: return mustache_bool(1);
	case R_IS_SLICE: case R_IN_G: return mustache_bool(0);
	}
	return mustache_missing();
}

static const char *reg_encoding(const struct reg *r)
{
	return r->encoding ? r->encoding : LLDB_DEFAULT_ENCODING;
}

static const char *reg_format(const struct reg *r)
{
	return r->format ? r->format : LLDB_DEFAULT_FORMAT;
}

static struct mustache_value reg_get(const struct mustache_value *o,
				     const struct key *k)
{
	const struct view *v = o->u.node.data;
	const struct layout *l = v->l;
	size_t i = o->u.node.index;
	int is_reg = i < l->nregs;
	const struct reg *r;
	const struct lldb_encoding_info *e;
	const struct lldb_format_info *f;
	const struct lldb_generic_info *g;

	if (k && i >= l->nregs + l->nslices)
		return filler_get(v, i - l->nregs - l->nslices, k);
	r = is_reg ? &l->regs[i] : &l->slices[i - l->nregs];
	if (!k || (k->only && k->only != (is_reg ? ONLY_REG : ONLY_SLICE)))
		return mustache_missing();
	/* a composite has parts, not a parent and bits of it */
	if (!is_reg && r->composite &&
	    (k->id == R_PARENT || k->id == R_PARENT_GDB_NAME || k->id == R_PARENT_REGNUM ||
	     k->id == R_PARENT_REGNUM_HEX || k->id == R_MSB || k->id == R_LSB))
		return mustache_missing();
	switch (k->id) {
	case R_NAME: return mustache_string(r->name);
	case R_LLDB_NAME: return mustache_string(reg_lldb_name(r));
	case R_BITSIZE: return mustache_integer(r->bitsize);
	case R_SIZE: return mustache_integer(r->bitsize / 8);
	case R_LLDB_INDEX: return mustache_integer(r->regnum);
	case R_SET: return mustache_integer(r->set_index);
	case R_SET_NAME: return mustache_string(l->sets[r->set_index].name);
	case R_SET_NAME_RSP: return mustache_string(v->set_name_rsp[r->set_index]);
	case R_ENCODING: return mustache_string(reg_encoding(r));
	case R_LLDB_ENCODING:
		e = known_lldb_encoding(reg_encoding(r));
		return e ? mustache_string(e->constant) : mustache_missing();
	case R_FORMAT: return mustache_string(reg_format(r));
	case R_LLDB_FORMAT:
	case R_FORMAT_WIRE:
		f = known_lldb_format(reg_format(r));
		if (!f)
			return mustache_missing();
		return mustache_string(k->id == R_LLDB_FORMAT ? f->constant
							     : f->wire_name);
	case R_ALTNAME: return mustache_string(r->altname);
	case R_GENERIC: return mustache_string(r->generic);
	case R_LLDB_GENERIC:
		g = r->generic ? known_lldb_generic(r->generic) : NULL;
		return g ? mustache_string(g->constant) : mustache_missing();
	case R_IS_SLICE: return mustache_bool(r->is_slice);
	case R_OFFSET: return mustache_integer(r->offset);
	case R_NAME_UPPER: return mustache_string(reg_NAME(v, i));
	case R_REGNUM: return mustache_integer(r->regnum);
	case R_REGNUM_HEX: return mustache_string(v->regnum_hex[i]);
	case R_TYPE: return mustache_string(r->type);
	case R_GROUP: return mustache_string(r->group);
	case R_FEATURE:
		return mustache_string(l->features[r->feature_index].name);
	case R_DWARF: return number(r->dwarf);
	case R_EHFRAME: return number(r->ehframe);
	case R_HAS_DWARF: return mustache_bool(r->dwarf != NO_NUMBER);
	case R_HAS_EHFRAME: return mustache_bool(r->ehframe != NO_NUMBER);
	case R_PREV_NAME:
		return i ? mustache_string(reg_NAME(v, i - 1)) : mustache_missing();
	case R_PARENT:
		return mustache_string(reg_lldb_name(&l->regs[r->parent_index]));
	case R_PARENT_GDB_NAME:
		return mustache_string(l->regs[r->parent_index].name);
	case R_PARENT_REGNUM:
		return mustache_integer(l->regs[r->parent_index].regnum);
	case R_PARENT_REGNUM_HEX:
		return mustache_string(v->regnum_hex[r->parent_index]);
	case R_MSB: return mustache_integer(r->msb);
	case R_LSB: return mustache_integer(r->lsb);
	case R_IS_COMPOSITE: return mustache_bool(r->composite != NULL);
	case R_IN_G: return mustache_bool(!r->not_in_g);
	case R_NO_SAVE_RESTORE: return mustache_bool(r->no_save_restore);
	case R_IS_FILLER: return mustache_bool(0);
	case R_COMPOSITE:
		return r->composite ? list(&part_list_kind, &v->composites[i - l->nregs], 0)
				    : mustache_missing();
	case R_CONTAINER_REGS_HEX:
		return mustache_string(v->container_hex[i - l->nregs]
				       ? v->container_hex[i - l->nregs]
				       : v->regnum_hex[r->parent_index]);
	}
	return mustache_missing();
}

/* registers, slices, lldb_registers (registers by remote number with
 * fillers, then slices) and lldb_numbered (the same without slices) */
enum { LIST_REGISTERS, LIST_SLICES, LIST_LLDB_REGISTERS, LIST_LLDB_NUMBERED };

static size_t reg_list_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	switch (list->u.node.index) {
	case LIST_REGISTERS: return v->l->nregs;
	case LIST_SLICES: return v->l->nslices;
	case LIST_LLDB_NUMBERED: return v->l->num_regnums;
	default: return v->l->num_regnums + v->l->nslices;
	}
}

static struct mustache_value reg_list_element(const struct mustache_value *list,
					      size_t i)
{
	const struct view *v = list->u.node.data;

	const struct layout *l = v->l;

	if (list->u.node.index == LIST_SLICES)
		return object(&reg_kind, v, i + l->nregs);
	if (list->u.node.index == LIST_REGISTERS)
		return object(&reg_kind, v, i);
	if (i >= l->num_regnums) /* a slice of lldb_registers */
		return object(&reg_kind, v, i - l->num_regnums + l->nregs);
	if (v->at_regnum[i] == NO_REG)
		return object(&reg_kind, v, l->nregs + l->nslices + i);
	return object(&reg_kind, v, v->at_regnum[i]);
}

/* ---- the parts of a composite: the node's data is a struct view_composite ---- */

enum { P_NAME, P_GDB_NAME, P_REGNUM, P_REGNUM_HEX, P_FIRST };

static const struct key part_keys[] = {
	KEY("name", P_NAME), KEY("gdb_name", P_GDB_NAME), KEY("regnum", P_REGNUM),
	KEY("regnum_hex", P_REGNUM_HEX), KEY("first", P_FIRST),
};

static struct mustache_value part_get(const struct mustache_value *o,
				      const struct key *k)
{
	const struct view_composite *vc = o->u.node.data;
	const struct view *v = vc->view;
	size_t j = o->u.node.index;
	size_t idx = v->l->slices[vc->slice].composite_index[j];
	const struct reg *p = &v->l->regs[idx];

	switch (k ? k->id : -1) {
	case P_NAME: return mustache_string(reg_lldb_name(p));
	case P_GDB_NAME: return mustache_string(p->name);
	case P_REGNUM: return mustache_integer(p->regnum);
	case P_REGNUM_HEX: return mustache_string(v->regnum_hex[idx]);
	case P_FIRST: return mustache_bool(j == 0);
	}
	return mustache_missing();
}

static size_t part_list_length(const struct mustache_value *list)
{
	const struct view_composite *vc = list->u.node.data;

	return vc->view->l->slices[vc->slice].ncomposite;
}

static struct mustache_value part_list_element(const struct mustache_value *list,
					       size_t i)
{
	return object(&part_kind, list->u.node.data, i);
}

/* ---- sets ---- */

enum { S_INDEX, S_ID, S_NAME };

static const struct key set_keys[] = {
	KEY("index", S_INDEX), KEY("id", S_ID), KEY("name", S_NAME),
};

static struct mustache_value set_get(const struct mustache_value *o,
				     const struct key *k)
{
	const struct view *v = o->u.node.data;
	size_t i = o->u.node.index;

	switch (k ? k->id : -1) {
	case S_INDEX: return mustache_integer((long long)i);
	case S_ID:
		return mustache_string(i < v->l->nsets ? v->l->sets[i].id : FILLER_SET_ID);
	case S_NAME:
		return mustache_string(i < v->l->nsets ? v->l->sets[i].name : FILLER_SET_NAME);
	}
	return mustache_missing();
}

static size_t set_list_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	return v->l->nsets + (v->has_fillers ? 1 : 0);
}

static struct mustache_value set_list_element(const struct mustache_value *list,
					      size_t i)
{
	return object(&set_kind, list->u.node.data, i);
}

/* ---- types and their fields: the node's data is a struct view_type ---- */

enum {
	T_ID, T_KIND, T_IS_FLAGS, T_IS_VECTOR, T_IS_UNION, T_IS_STRUCT, T_IS_ENUM,
	T_SIZE, T_ELEMENT, T_COUNT, T_FIELDS,
};

static const struct key type_keys[] = {
	KEY("id", T_ID), KEY("kind", T_KIND), KEY("is_flags", T_IS_FLAGS),
	KEY("is_vector", T_IS_VECTOR), KEY("is_union", T_IS_UNION),
	KEY("is_struct", T_IS_STRUCT), KEY("is_enum", T_IS_ENUM), KEY("size", T_SIZE),
	KEY("element", T_ELEMENT), KEY("count", T_COUNT),
	KEY("fields", T_FIELDS),
};

static struct mustache_value type_get(const struct mustache_value *o,
				      const struct key *k)
{
	const struct view_type *vt = o->u.node.data;
	const struct type *t = vt->type;

	switch (k ? k->id : -1) {
	case T_ID: return mustache_string(t->id);
	case T_KIND: return mustache_string(type_kind_names[t->kind]);
	case T_IS_FLAGS: return mustache_bool(t->kind == TYPE_FLAGS);
	case T_IS_VECTOR: return mustache_bool(t->kind == TYPE_VECTOR);
	case T_IS_UNION: return mustache_bool(t->kind == TYPE_UNION);
	case T_IS_STRUCT: return mustache_bool(t->kind == TYPE_STRUCT);
	case T_IS_ENUM: return mustache_bool(t->kind == TYPE_ENUM);
	case T_SIZE: return mustache_integer(t->size);
	case T_ELEMENT: return mustache_string(t->element);
	case T_COUNT: return number(t->count);
	case T_FIELDS: return list(&field_list_kind, vt, 0);
	}
	return mustache_missing();
}

enum { F_NAME, F_TYPE, F_START, F_END, F_HAS_RANGE, F_VALUE };

static const struct key field_keys[] = {
	KEY("name", F_NAME), KEY("type", F_TYPE), KEY("start", F_START),
	KEY("end", F_END), KEY("has_range", F_HAS_RANGE), KEY("value", F_VALUE),
};

static struct mustache_value field_get(const struct mustache_value *o,
				       const struct key *k)
{
	const struct view_type *vt = o->u.node.data;
	const struct type *t = vt->type;
	const struct type_field *f = &t->fields[o->u.node.index];

	switch (k ? k->id : -1) {
	case F_NAME: return mustache_string(f->name);
	case F_TYPE: return mustache_string(f->type);
	case F_START: return number(f->start);
	case F_HAS_RANGE: return mustache_bool(f->start != NO_NUMBER);
	case F_VALUE: return f->value == NO_NUMBER ? mustache_missing() : mustache_integer(f->value);
	case F_END:
		if (f->start == NO_NUMBER)
			return mustache_missing();
		/* a field without end runs to the top bit of its type */
		return mustache_integer(f->end != NO_NUMBER ? f->end
							    : t->size * 8 - 1);
	}
	return mustache_missing();
}

static size_t field_list_length(const struct mustache_value *list)
{
	const struct view_type *vt = list->u.node.data;

	return vt->type->nfields;
}

static struct mustache_value field_list_element(const struct mustache_value *list,
						size_t i)
{
	return object(&field_kind, list->u.node.data, i);
}

/* ---- features: index into view->features ---- */

enum { FT_ID, FT_NAME, FT_TYPES, FT_REGISTERS };

static const struct key feature_keys[] = {
	KEY("id", FT_ID), KEY("name", FT_NAME), KEY("types", FT_TYPES),
	KEY("registers", FT_REGISTERS),
};

static struct mustache_value feature_get(const struct mustache_value *o,
					 const struct key *k)
{
	const struct view *v = o->u.node.data;
	const struct view_feature *vf = &v->features[o->u.node.index];

	switch (k ? k->id : -1) {
	case FT_ID: return mustache_string(vf->feature->id);
	case FT_NAME: return mustache_string(vf->feature->name);
	case FT_TYPES: return list(&feature_types_kind, v, o->u.node.index);
	case FT_REGISTERS: return list(&feature_regs_kind, v, o->u.node.index);
	}
	return mustache_missing();
}

static size_t feature_list_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	return v->nfeatures;
}

static struct mustache_value feature_list_element(const struct mustache_value *list,
						  size_t i)
{
	return object(&feature_kind, list->u.node.data, i);
}

static size_t feature_types_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	return v->features[list->u.node.index].ntypes;
}

static struct mustache_value feature_types_element(const struct mustache_value *list,
						   size_t i)
{
	const struct view *v = list->u.node.data;
	const struct view_feature *vf = &v->features[list->u.node.index];

	return object(&type_kind, &v->types[v->type_order[vf->first_type + i]], 0);
}

static size_t feature_regs_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	return v->features[list->u.node.index].nregs;
}

static struct mustache_value feature_regs_element(const struct mustache_value *list,
						  size_t i)
{
	const struct view *v = list->u.node.data;
	const struct view_feature *vf = &v->features[list->u.node.index];

	return object(&reg_kind, v, v->by_feature[vf->first_reg + i]);
}

/* ---- lines of target.xml ---- */

enum { L_TEXT };

static const struct key line_keys[] = { KEY("text", L_TEXT) };

static struct mustache_value line_get(const struct mustache_value *o,
				      const struct key *k)
{
	const struct view *v = o->u.node.data;
	const char *s = v->xml + v->line_at[o->u.node.index];
	const char *end = v->xml + v->xml_len;
	const char *nl;

	if (!k)
		return mustache_missing();
	nl = memchr(s, '\n', (size_t)(end - s));
	return mustache_stringn(s, (size_t)((nl ? nl : end) - s));
}

static size_t line_list_length(const struct mustache_value *list)
{
	const struct view *v = list->u.node.data;

	return v->nlines;
}

static struct mustache_value line_list_element(const struct mustache_value *list,
					       size_t i)
{
	return object(&line_kind, list->u.node.data, i);
}

/* ---- the root ---- */

enum {
	V_GENERATOR, V_VERSION, V_LAYOUT, V_IDENT, V_IDENT_UPPER, V_SOURCE,
	V_SOURCE_COMMENT, V_DESCRIPTION, V_DESCRIPTION_COMMENT,
	V_G_PACKET_SIZE, V_NUM_REGISTERS, V_NUM_SLICES, V_NUM_LLDB_REGISTERS,
	V_ADDRESS_BITS, V_ENDIAN, V_LITTLE_ENDIAN, V_LLDB_BYTE_ORDER, V_GDB_ARCHITECTURE,
	V_GDB_OSABI, V_LLDB_TRIPLE, V_LLDB_BREAKPOINT_PC_OFFSET, V_SETS,
	V_FEATURES, V_REGISTERS, V_SLICES, V_LLDB_REGISTERS, V_LAST_NAME,
	V_TARGET_XML_LINES, V_TARGET_XML_SIZE, V_LLDB_NUMBERED, V_NUM_REGNUMS,
	V_NUM_G_REGS, V_P_ONLY_BYTES, V_HAS_P_ONLY, V_HAS_FILLERS,
	V_STATED_OFFSETS, V_HAS_BREAKPOINT_PC_OFFSET,
};

static const struct key root_keys[] = {
	KEY("generator", V_GENERATOR), KEY("version", V_VERSION),
	KEY("layout", V_LAYOUT), KEY("ident", V_IDENT),
	KEY("IDENT", V_IDENT_UPPER), KEY("source", V_SOURCE),
	KEY("source_comment", V_SOURCE_COMMENT),
	KEY("description", V_DESCRIPTION),
	KEY("description_comment", V_DESCRIPTION_COMMENT),
	KEY("g_packet_size", V_G_PACKET_SIZE),
	KEY("num_registers", V_NUM_REGISTERS),
	KEY("num_slices", V_NUM_SLICES),
	KEY("num_lldb_registers", V_NUM_LLDB_REGISTERS),
	KEY("address_bits", V_ADDRESS_BITS), KEY("endian", V_ENDIAN),
	KEY("little_endian", V_LITTLE_ENDIAN),
	KEY("lldb_byte_order", V_LLDB_BYTE_ORDER),
	KEY("gdb_architecture", V_GDB_ARCHITECTURE),
	KEY("gdb_osabi", V_GDB_OSABI), KEY("lldb_triple", V_LLDB_TRIPLE),
	KEY("lldb_breakpoint_pc_offset", V_LLDB_BREAKPOINT_PC_OFFSET),
	KEY("has_lldb_breakpoint_pc_offset", V_HAS_BREAKPOINT_PC_OFFSET),
	KEY("sets", V_SETS), KEY("features", V_FEATURES),
	KEY("registers", V_REGISTERS), KEY("slices", V_SLICES),
	KEY("lldb_registers", V_LLDB_REGISTERS), KEY("last_NAME", V_LAST_NAME),
	KEY("target_xml_lines", V_TARGET_XML_LINES),
	KEY("target_xml_size", V_TARGET_XML_SIZE),
	KEY("lldb_numbered", V_LLDB_NUMBERED),
	KEY("num_regnums", V_NUM_REGNUMS), KEY("num_g_regs", V_NUM_G_REGS),
	KEY("p_only_bytes", V_P_ONLY_BYTES), KEY("has_p_only", V_HAS_P_ONLY),
	KEY("has_fillers", V_HAS_FILLERS),
	KEY("stated_offsets", V_STATED_OFFSETS),
};

static struct mustache_value root_get(const struct mustache_value *o,
				      const struct key *k)
{
	const struct view *v = o->u.node.data;
	const struct layout *l = v->l;

	switch (k ? k->id : -1) {
	case V_GENERATOR: return mustache_string("regdefgen");
	case V_VERSION: return mustache_string(REGDEFGEN_VERSION);
	case V_LAYOUT: return mustache_string(l->name);
	case V_IDENT: return mustache_string(l->ident);
	case V_IDENT_UPPER: return mustache_string(v->IDENT);
	case V_SOURCE: return mustache_string(source_name(l));
	case V_SOURCE_COMMENT: return mustache_string(v->source_comment);
	case V_DESCRIPTION: return mustache_string(l->description.value);
	case V_DESCRIPTION_COMMENT: return mustache_string(v->description_comment);
	case V_G_PACKET_SIZE: return mustache_integer(l->g_packet_size);
	case V_NUM_REGISTERS: return mustache_integer((long long)l->nregs);
	case V_NUM_SLICES: return mustache_integer((long long)l->nslices);
	case V_NUM_LLDB_REGISTERS:
		return mustache_integer((long long)(l->num_regnums + l->nslices));
	case V_ADDRESS_BITS: return mustache_integer(l->address_bits);
	case V_ENDIAN: return mustache_string(l->endian.value);
	case V_LITTLE_ENDIAN:
		return mustache_bool(l->endian.value &&
				     !strcmp(l->endian.value, "little"));
	case V_LLDB_BYTE_ORDER:
		return known_lldb_byte_order(l->endian.value) ?
			mustache_string(known_lldb_byte_order(l->endian.value)->constant) :
			mustache_missing();
	case V_GDB_ARCHITECTURE: return mustache_string(l->gdb_architecture.value);
	case V_GDB_OSABI: return mustache_string(l->gdb_osabi.value);
	case V_LLDB_TRIPLE: return mustache_string(l->lldb_triple.value);
	case V_LLDB_BREAKPOINT_PC_OFFSET:
		return l->has_breakpoint_pc_offset ?
			mustache_integer(l->breakpoint_pc_offset) : mustache_missing();
	case V_HAS_BREAKPOINT_PC_OFFSET: return mustache_bool(l->has_breakpoint_pc_offset);
	case V_SETS: return list(&set_list_kind, v, 0);
	case V_FEATURES: return list(&feature_list_kind, v, 0);
	case V_REGISTERS: return list(&reg_list_kind, v, LIST_REGISTERS);
	case V_SLICES: return list(&reg_list_kind, v, LIST_SLICES);
	case V_LLDB_REGISTERS: return list(&reg_list_kind, v, LIST_LLDB_REGISTERS);
	case V_LLDB_NUMBERED: return list(&reg_list_kind, v, LIST_LLDB_NUMBERED);
	case V_NUM_REGNUMS: return mustache_integer((long long)l->num_regnums);
	case V_NUM_G_REGS: return mustache_integer((long long)l->num_g_regs);
	case V_P_ONLY_BYTES:
		return mustache_integer(l->lldb_data_size - l->g_packet_size);
	case V_HAS_P_ONLY: return mustache_bool(l->num_g_regs < l->nregs);
	case V_HAS_FILLERS: return mustache_bool(v->has_fillers);
	case V_STATED_OFFSETS: return mustache_bool(layout_offsets_stated(l));
	case V_LAST_NAME: /* the last register in g */
		return l->num_g_regs ? mustache_string(reg_NAME(v, l->num_g_regs - 1))
				     : mustache_missing();
	case V_TARGET_XML_LINES:
		return v->xml ? list(&line_list_kind, v, 0) : mustache_missing();
	case V_TARGET_XML_SIZE:
		return v->xml ? mustache_integer((long long)v->xml_len)
			      : mustache_missing();
	}
	return mustache_missing();
}

/* ---- node kinds ---- */

/* Every object kind's engine functions: the key by name, then its get(). */

static const struct view *view_of(const struct mustache_value *o, int kind)
{
	if (kind == K_TYPE || kind == K_FIELD)
		return ((const struct view_type *)o->u.node.data)->view;
	if (kind == K_PART)
		return ((const struct view_composite *)o->u.node.data)->view;
	return o->u.node.data;
}

static const void *object_key(const struct mustache_value *o,
			      const char *name, size_t len)
{
	const struct node_kind *nk = (const struct node_kind *)o->u.node.type;

	return view_key(view_of(o, nk->kind), nk->kind, name, len);
}

static struct mustache_value object_member_key(const struct mustache_value *o,
					       const void *key)
{
	const struct node_kind *nk = (const struct node_kind *)o->u.node.type;

	return nk->get(o, key);
}

static struct mustache_value object_member(const struct mustache_value *o,
					   const char *name, size_t len)
{
	return object_member_key(o, object_key(o, name, len));
}

#define OBJECT_KIND(name, kind, get, keys)				\
	static const struct node_kind name = {				\
		{ object_member, NULL, NULL, object_key, object_member_key }, \
		kind, get, keys, COUNT(keys)				\
	}
#define LIST_KIND(name, length, element)				\
	static const struct node_kind name = {				\
		{ NULL, length, element, NULL, NULL }, K_COUNT, NULL, NULL, 0 \
	}

OBJECT_KIND(root_kind, K_ROOT, root_get, root_keys);
OBJECT_KIND(set_kind, K_SET, set_get, set_keys);
OBJECT_KIND(reg_kind, K_REG, reg_get, reg_keys);
OBJECT_KIND(feature_kind, K_FEATURE, feature_get, feature_keys);
OBJECT_KIND(type_kind, K_TYPE, type_get, type_keys);
OBJECT_KIND(field_kind, K_FIELD, field_get, field_keys);
OBJECT_KIND(line_kind, K_LINE, line_get, line_keys);
OBJECT_KIND(part_kind, K_PART, part_get, part_keys);
LIST_KIND(reg_list_kind, reg_list_length, reg_list_element);
LIST_KIND(set_list_kind, set_list_length, set_list_element);
LIST_KIND(feature_list_kind, feature_list_length, feature_list_element);
LIST_KIND(feature_types_kind, feature_types_length, feature_types_element);
LIST_KIND(feature_regs_kind, feature_regs_length, feature_regs_element);
LIST_KIND(field_list_kind, field_list_length, field_list_element);
LIST_KIND(line_list_kind, line_list_length, line_list_element);
LIST_KIND(part_list_kind, part_list_length, part_list_element);

/* indexed by K_... */
static const struct node_kind *const object_kinds[K_COUNT] = {
	&root_kind, &set_kind, &reg_kind, &feature_kind, &type_kind,
	&field_kind, &line_kind, &part_kind,
};

/* ---- building ---- */

struct type_list {
	size_t *items;
	size_t n;
};

/*
 * Appends type name (if user-defined) and the types it uses, each before
 * its users and each once per feature: seen[t] == stamp once type t is
 * listed for the current feature.
 */
static void add_type(const struct layout *l, const struct type_scope *types,
		     const char *feature, const char *name, size_t *seen, size_t stamp,
		     struct type_list *out)
{
	size_t t, i;
	const struct type *ty;

	/* GDB looks every id up in the feature that uses it: that feature's
	 * own type, else the layout-wide one (check.c saw to it that both
	 * mean the same inside a layout-wide type) */
	if (!name || !type_scope_get(types, feature, name, &t) || seen[t] == stamp)
		return;
	seen[t] = stamp;
	ty = &l->types[t];
	add_type(l, types, feature, ty->element, seen, stamp, out);
	for (i = 0; i < ty->nfields; i++)
		add_type(l, types, feature, ty->fields[i].type, seen, stamp, out);
	GROW_ARRAY(out->items, out->n);
	out->items[out->n++] = t;
}

/* Groups the registers by feature (a counting sort, so wire order stays
 * within each feature) and lists each feature's types. */
static void build_features(struct view *v)
{
	const struct layout *l = v->l;
	size_t *start = xcalloc(l->nfeatures + 1, sizeof(*start));
	size_t *seen = xcalloc(l->ntypes + 1, sizeof(*seen));
	struct type_scope types;
	struct type_list order = { NULL, 0 };
	size_t i, f;

	for (i = 0; i < l->nregs; i++)
		start[l->regs[i].feature_index + 1]++;
	for (f = 0; f < l->nfeatures; f++)
		start[f + 1] += start[f];
	v->by_feature = xmalloc((l->nregs + 1) * sizeof(*v->by_feature));
	for (i = 0; i < l->nregs; i++)
		v->by_feature[start[l->regs[i].feature_index]++] = i;
	/* start[f] is now where feature f's registers end */

	type_scope_init(&types);
	for (i = 0; i < l->ntypes; i++)
		type_scope_add(&types, l, i, NULL);
	v->features = xcalloc(l->nfeatures + 1, sizeof(*v->features));
	for (f = 0; f < l->nfeatures; f++) {
		size_t first = f ? start[f - 1] : 0;
		struct view_feature *vf;

		if (first == start[f])
			continue;
		vf = &v->features[v->nfeatures++];
		vf->feature = &l->features[f];
		vf->first_reg = first;
		vf->nregs = start[f] - first;
		vf->first_type = order.n;
		for (i = first; i < start[f]; i++)
			add_type(l, &types, l->features[f].id,
				 l->regs[v->by_feature[i]].type, seen, f + 1, &order);
		vf->ntypes = order.n - vf->first_type;
	}
	v->type_order = order.items;
	type_scope_clear(&types);
	free(seen);
	free(start);
}

/* Files every key of every object kind under its name. */
static void index_keys(struct view *v)
{
	size_t k, i;

	for (k = 0; k < K_COUNT; k++) {
		const struct node_kind *nk = object_kinds[k];

		for (i = 0; i < nk->nkeys; i++) {
			const struct key *key = &nk->keys[i];
			size_t at;

			if (!hashtab_get(&v->key_index, key->name, &at)) {
				at = v->nkey_names;
				GROW_ARRAY(v->key_names, v->nkey_names);
				memset(&v->key_names[at], 0, sizeof(v->key_names[at]));
				v->nkey_names++;
				hashtab_add(&v->key_index, key->name, at, NULL);
			}
			v->key_names[at].key[k] = key;
		}
	}
}

struct view *view_new(const struct layout *l)
{
	struct view *v = xcalloc(1, sizeof(*v));
	struct strbuf names = STRBUF_INIT;
	size_t i;

	v->l = l;
	index_keys(v);
	v->types = xcalloc(l->ntypes + 1, sizeof(*v->types));
	for (i = 0; i < l->ntypes; i++) {
		v->types[i].view = v;
		v->types[i].type = &l->types[i];
	}
	v->IDENT = upper(l->ident);
	v->source_comment = comment_safe(source_name(l));
	if (l->description.value)
		v->description_comment = comment_safe(l->description.value);
	/* qRegisterInfo names registers by hex number (container-regs) */
	v->regnum_hex = xmalloc((l->nregs + 1) * sizeof(*v->regnum_hex));
	for (i = 0; i < l->nregs; i++)
		format_hex(v->regnum_hex[i], (unsigned)l->regs[i].regnum);
	/* LLDB lists registers by remote number: which one has each */
	v->at_regnum = xmalloc((l->num_regnums + 1) * sizeof(*v->at_regnum));
	for (i = 0; i < l->num_regnums; i++)
		v->at_regnum[i] = NO_REG;
	for (i = 0; i < l->nregs; i++)
		v->at_regnum[l->regs[i].regnum] = i;
	v->has_fillers = l->num_regnums > l->nregs;
	/* composites: their parts, and container-regs lists them all */
	v->composites = xcalloc(l->nslices + 1, sizeof(*v->composites));
	v->container_hex = xcalloc(l->nslices + 1, sizeof(*v->container_hex));
	for (i = 0; i < l->nslices; i++) {
		const struct reg *s = &l->slices[i];
		struct strbuf hex = STRBUF_INIT;
		size_t j;

		v->composites[i].view = v;
		v->composites[i].slice = i;
		if (!s->composite)
			continue;
		for (j = 0; j < s->ncomposite; j++)
			strbuf_addf(&hex, "%s%s", j ? "," : "",
				    v->regnum_hex[s->composite_index[j]]);
		v->container_hex[i] = strbuf_detach(&hex, NULL);
	}
	v->name_at = xmalloc((l->nregs + 1) * sizeof(*v->name_at));
	for (i = 0; i < l->nregs; i++) {
		v->name_at[i] = names.len;
		add_upper(&names, l->regs[i].name);
		strbuf_addch(&names, '\0');
	}
	v->names = strbuf_detach(&names, NULL);
	v->set_name_rsp = xcalloc(l->nsets + 1, sizeof(*v->set_name_rsp));
	for (i = 0; i < l->nsets; i++)
		v->set_name_rsp[i] = rsp_value_safe(l->sets[i].name);
	build_features(v);
	return v;
}

void view_free(struct view *v)
{
	size_t i;

	if (!v)
		return;
	free(v->types);
	free(v->IDENT);
	free(v->source_comment);
	free(v->description_comment);
	if (v->set_name_rsp)
		for (i = 0; i < v->l->nsets; i++)
			free(v->set_name_rsp[i]);
	free(v->set_name_rsp);
	free(v->names);
	free(v->name_at);
	free(v->regnum_hex);
	free(v->at_regnum);
	if (v->container_hex)
		for (i = 0; i < v->l->nslices; i++)
			free(v->container_hex[i]);
	free(v->container_hex);
	free(v->composites);
	free(v->by_feature);
	free(v->type_order);
	free(v->features);
	free(v->line_at);
	hashtab_clear(&v->key_index);
	free(v->key_names);
	free(v);
}

struct mustache_value view_root(const struct view *v)
{
	return object(&root_kind, v, 0);
}

void view_set_target_xml(struct view *v, const char *xml, size_t len)
{
	const char *p = xml, *end = xml + len;

	v->xml = xml;
	v->xml_len = len;
	v->nlines = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		GROW_ARRAY(v->line_at, v->nlines);
		v->line_at[v->nlines++] = (size_t)(p - xml);
		p = nl ? nl + 1 : end;
	}
}

/* ---- the view as JSON ---- */

static json_t *to_json(const struct mustache_value *value)
{
	const struct mustache_type *type;
	const struct node_kind *nk;
	json_t *j;
	size_t i, n;

	switch (value->kind) {
	case MUSTACHE_MISSING:
		return NULL;
	case MUSTACHE_NULL:
		return json_null();
	case MUSTACHE_FALSE:
	case MUSTACHE_TRUE:
		return json_boolean(value->kind == MUSTACHE_TRUE);
	case MUSTACHE_INTEGER:
		return json_integer(value->u.integer);
	case MUSTACHE_REAL:
		return json_real(value->u.real);
	case MUSTACHE_STRING:
		return json_stringn(value->u.string.s, value->u.string.len);
	case MUSTACHE_LIST:
		type = value->u.node.type;
		j = json_array();
		n = type->length(value);
		for (i = 0; i < n; i++) {
			struct mustache_value item = type->element(value, i);
			json_array_append_new(j, to_json(&item));
		}
		return j;
	case MUSTACHE_OBJECT:
		/* every node kind of the view starts with its mustache_type */
		type = value->u.node.type;
		nk = (const struct node_kind *)type;
		j = json_object();
		for (i = 0; i < nk->nkeys; i++) {
			const struct key *k = &nk->keys[i];
			struct mustache_value m = type->member(value, k->name, k->len);
			json_t *mj = to_json(&m);

			if (mj)
				json_object_set_new(j, k->name, mj);
		}
		return j;
	}
	return NULL;
}

json_t *view_to_json(const struct view *v)
{
	struct mustache_value root = view_root(v);

	return to_json(&root);
}
