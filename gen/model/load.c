/*
 * load.c: reading defs into the model (see load.h).
 *
 * A layout is read depth-first: each file's includes, then its own content.
 * Each file is parsed with jansson (duplicate keys rejected), indexed by
 * jsonpos for positions, and copied into the struct layout; the jansson tree
 * is released as soon as the file is done.  The elements of top-level
 * arrays (registers, slices...) are taken with jsonpos_element(), so that
 * a def jsonpos can stream is parsed one element at a time and never held
 * whole.  Files are identified by their
 * device and inode, so a part included twice (by any path) is read once and a part that includes
 * itself, directly or not, is an include cycle.
 */
#include "model/load.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "model/check.h"
#include "model/diag.h"
#include "model/jsonpos.h"
#include "base/strbuf.h"
#include "base/hashtab.h"

/* A default of the file being read: key name (borrowed from jansson), the
 * register key it is, its value and where the value is. */
struct default_key {
	const char *name;
	int key;
	json_t *value;
	struct srcpos pos;
};

struct loader;

/* One file being read. */
struct source {
	struct loader *ld;     /* whose errors count this file's */
	const char *path;      /* as shown in messages (owned by layout->files) */
	json_t *root;
	struct jsonpos *jp;
	struct default_key *defaults; /* of this file */
	size_t ndefaults;
	struct srcpos *default_pos; /* where each key's default is (RK_COUNT;
				     * in layout->key_tables); or NULL */
};

struct loader {
	struct layout *layout;
	char **open_real;      /* identities (device:inode) of the include stack */
	const char **open_shown;
	size_t depth;
	char **done_real;      /* identities of the files already read */
	size_t ndone;
	struct hashtab done;    /* the same, to find them */
	struct hashtab reg_names; /* name -> index|SLICE_BIT, for overrides */
	int names_ready;         /* reg_names is filled (see find_reg()) */
	size_t decl_order;
	int errors;              /* reported so far: load_layout() returns it */
};

/* Reports an error and counts it in the loader ld: the count, not diag,
 * tells load_layout()'s caller whether the layout may be used. */
#define ERROR(ld, ...) do { (ld)->errors++; diag_error(__VA_ARGS__); } while (0)
#define FILE_ERROR(ld, ...) do { (ld)->errors++; diag_file_error(__VA_ARGS__); } while (0)

#define SLICE_BIT ((size_t)1 << 31) /* above any index (MAX_REGISTERS); hashtab values are 32-bit */

static const char *const reg_key_names[RK_COUNT] = {
	[RK_NAME] = "name", [RK_LLDB_NAME] = "lldb_name",
	[RK_BITSIZE] = "bitsize", [RK_TYPE] = "type", [RK_GROUP] = "group",
	[RK_FEATURE] = "feature", [RK_SET] = "set",
	[RK_ENCODING] = "encoding", [RK_FORMAT] = "format",
	[RK_DWARF] = "dwarf", [RK_EHFRAME] = "ehframe",
	[RK_GENERIC] = "generic", [RK_ALTNAME] = "altname",
	[RK_REGNUM] = "regnum", [RK_OFFSET] = "offset",
	[RK_PARENT] = "parent", [RK_MSB] = "msb", [RK_LSB] = "lsb",
	[RK_COMPOSITE] = "composite", [RK_G] = "g",
	[RK_SAVE_RESTORE] = "save_restore",
};

/* Keys a register may have, keys a slice may have: sets of 1 << key. */
#define KEY_BIT(k) (1u << (k))
static const unsigned reg_keys =
	KEY_BIT(RK_NAME) | KEY_BIT(RK_LLDB_NAME) | KEY_BIT(RK_BITSIZE) |
	KEY_BIT(RK_TYPE) | KEY_BIT(RK_GROUP) | KEY_BIT(RK_FEATURE) |
	KEY_BIT(RK_SET) | KEY_BIT(RK_ENCODING) | KEY_BIT(RK_FORMAT) |
	KEY_BIT(RK_DWARF) | KEY_BIT(RK_EHFRAME) | KEY_BIT(RK_GENERIC) |
	KEY_BIT(RK_ALTNAME) | KEY_BIT(RK_REGNUM) | KEY_BIT(RK_OFFSET) |
	KEY_BIT(RK_G) | KEY_BIT(RK_SAVE_RESTORE);
static const unsigned slice_keys =
	KEY_BIT(RK_NAME) | KEY_BIT(RK_LLDB_NAME) | KEY_BIT(RK_PARENT) |
	KEY_BIT(RK_MSB) | KEY_BIT(RK_LSB) | KEY_BIT(RK_SET) |
	KEY_BIT(RK_ENCODING) | KEY_BIT(RK_FORMAT) | KEY_BIT(RK_GENERIC) |
	KEY_BIT(RK_ALTNAME) | KEY_BIT(RK_COMPOSITE);

static int key_in(unsigned keys, int key)
{
	return key >= 0 && (keys & KEY_BIT(key));
}

static int reg_key_lookup(const char *name)
{
	int k;

	for (k = 0; k < RK_COUNT; k++)
		if (reg_key_names[k][0] == name[0] && !strcmp(reg_key_names[k], name))
			return k;
	return -1;
}

static const char *json_kind(const json_t *v)
{
	if (!v) /* never for a parsed value; json_typeof(NULL) would crash */
		return "nothing";
	switch (json_typeof(v)) {
	case JSON_OBJECT: return "an object";
	case JSON_ARRAY: return "an array";
	case JSON_STRING: return "a string";
	case JSON_INTEGER: return "an integer";
	case JSON_REAL: return "a real number";
	case JSON_TRUE: case JSON_FALSE: return "a boolean";
	default: return "null";
	}
}

/* key as a message may show it: control characters escaped, so a hostile
 * key cannot break the one-line format or drive the terminal.  Returns a
 * new string (free() it). */
static char *shown(const char *key)
{
	struct strbuf sb = STRBUF_INIT;

	for (; *key; key++) {
		unsigned char c = (unsigned char)*key;
		if (c == '\n')
			strbuf_addstr(&sb, "\\n");
		else if (c < 0x20 || c == 0x7f)
			strbuf_addf(&sb, "\\u%04x", c);
		else
			strbuf_addch(&sb, c);
	}
	strbuf_grow(&sb, 0);
	return strbuf_detach(&sb, NULL);
}

/* Reports an unknown key of obj, listing the keys that are allowed. */
static int check_keys(struct source *src, json_t *obj, const char *what,
		      const char *const *allowed)
{
	const char *key;
	json_t *v;
	size_t m = 0;
	int ok = 1;

	json_object_foreach(obj, key, v) {
		const char *const *a;
		for (a = allowed; *a; a++)
			if (!strcmp(*a, key))
				break;
		if (!*a) {
			/* by index: found by name, every unknown key would cost a
			 * search of the object */
			{ char *k_ = shown(key); ERROR(src->ld, jsonpos_member_key(src->jp, obj, m, key),
				   "unknown key '%s' in %s", k_, what); free(k_); }
			ok = 0;
		}
		m++;
	}
	return ok;
}

/* A def string may hold any text but no control characters: they could
 * only break the comments and literals the outputs embed strings in; nor
 * U+FFFE or U+FFFF, which XML cannot carry (target.xml would not parse). */
static int string_ok(struct loader *ld, const char *s, struct srcpos pos)
{
	/* libxml2's default limit for one text node or attribute value, which
	 * LLDB and xmllint apply to target.xml */
	if (strlen(s) > MAX_DEF_STRING_BYTES) {
		ERROR(ld, pos, "string is longer than %u bytes (libxml2, as LLDB and xmllint use it, would reject the target.xml holding it)",
			   MAX_DEF_STRING_BYTES);
		return 0;
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f) {
			ERROR(ld, pos, "control character U+%04X in string", c);
			return 0;
		}
		if (c == 0xef && (unsigned char)s[1] == 0xbf &&
		    ((unsigned char)s[2] == 0xbe || (unsigned char)s[2] == 0xbf)) {
			ERROR(ld, pos, "noncharacter U+%04X in string (XML cannot carry it)",
				   (unsigned char)s[2] == 0xbe ? 0xfffe : 0xffff);
			return 0;
		}
	}
	return 1;
}

/* Copies v, member key of a what at p, which must be a string, into *out. */
static int take_string(struct loader *ld, json_t *v, struct srcpos p, const char *key,
		       const char *what, char **out)
{
	if (!json_is_string(v)) {
		ERROR(ld, p, "'%s' of %s must be a string, not %s", key, what,
			   json_kind(v));
		return -1;
	}
	if (!string_ok(ld, json_string_value(v), p))
		return -1;
	free(*out);
	*out = xstrndup(json_string_value(v), json_string_length(v));
	return 1;
}

/* Reads v, member key of a what at p, an integer in [min, max]. */
static int take_int(struct loader *ld, json_t *v, struct srcpos p, const char *key,
		    const char *what, int64_t min, int64_t max, int64_t *out)
{
	json_int_t n;

	if (!json_is_integer(v)) {
		ERROR(ld, p, "'%s' of %s must be an integer, not %s", key, what,
			   json_kind(v));
		return -1;
	}
	n = json_integer_value(v);
	if (n < min || n > max) {
		ERROR(ld, p, "'%s' of %s is out of range: %lld (allowed %lld..%lld)",
			   key, what, (long long)n, (long long)min, (long long)max);
		return -1;
	}
	*out = n;
	return 1;
}

/* Copies member key of obj, which must be a string, into *out. */
static int get_string(struct source *src, json_t *obj, const char *key,
		      const char *what, char **out, struct srcpos *pos)
{
	json_t *v = json_object_get(obj, key);
	struct srcpos p;
	int got;

	if (!v)
		return 0;
	p = jsonpos_value(src->jp, obj, key);
	got = take_string(src->ld, v, p, key, what, out);
	if (got > 0 && pos)
		*pos = p;
	return got;
}

/* Reads an integer in [min, max]. */
static int get_int(struct source *src, json_t *obj, const char *key,
		   const char *what, int64_t min, int64_t max, int64_t *out,
		   struct srcpos *pos)
{
	json_t *v = json_object_get(obj, key);
	struct srcpos p;
	int got;

	if (!v)
		return 0;
	p = jsonpos_value(src->jp, obj, key);
	got = take_int(src->ld, v, p, key, what, min, max, out);
	if (got > 0 && pos)
		*pos = p;
	return got;
}

static json_t *get_array(struct source *src, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v && !json_is_array(v)) {
		ERROR(src->ld, jsonpos_value(src->jp, obj, key),
			   "'%s' must be an array, not %s", key, json_kind(v));
		return NULL;
	}
	return v;
}

static json_t *get_object(struct source *src, json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (v && !json_is_object(v)) {
		ERROR(src->ld, jsonpos_value(src->jp, obj, key),
			   "'%s' must be an object, not %s", key, json_kind(v));
		return NULL;
	}
	return v;
}

/* Array element i must be an object. */
static json_t *elem_object(struct source *src, json_t *arr, size_t i,
			   const char *what)
{
	json_t *v = jsonpos_element(src->jp, arr, i);

	if (!json_is_object(v)) {
		ERROR(src->ld, jsonpos_elem(src->jp, arr, i),
			   "%s must be an object, not %s", what, json_kind(v));
		return NULL;
	}
	return v;
}

/* ---- layout-wide facts ---- */

static void set_fact(struct source *src, json_t *obj, const char *key,
		     struct fact *fact)
{
	char *value = NULL;
	struct srcpos pos = { NULL, 0, 0 }; /* get_string() sets it when it returns 1 */

	if (get_string(src, obj, key, "target", &value, &pos) <= 0)
		return;
	if (fact->value) {
		ERROR(src->ld, jsonpos_key(src->jp, obj, key),
			   "'%s' is already set at %s:%d:%d", key,
			   fact->pos.file, fact->pos.line, fact->pos.col);
		free(value);
		return;
	}
	fact->value = value;
	fact->pos = pos;
}

static void load_target(struct loader *ld, struct source *src, json_t *obj)
{
	static const char *const keys[] = {
		"gdb_architecture", "gdb_osabi", "address_bits", "endian",
		"lldb_triple", "lldb_breakpoint_pc_offset", "g_offsets", NULL
	};
	struct layout *l = ld->layout;
	int64_t n;
	struct srcpos pos;

	check_keys(src, obj, "target", keys);
	set_fact(src, obj, "gdb_architecture", &l->gdb_architecture);
	set_fact(src, obj, "gdb_osabi", &l->gdb_osabi);
	set_fact(src, obj, "endian", &l->endian);
	set_fact(src, obj, "lldb_triple", &l->lldb_triple);
	set_fact(src, obj, "g_offsets", &l->g_offsets);
	if (get_int(src, obj, "address_bits", "target", 8, 128, &n, &pos) > 0) {
		if (l->address_bits)
			ERROR(ld, jsonpos_key(src->jp, obj, "address_bits"),
				   "'address_bits' is already set at %s:%d:%d",
				   l->address_bits_pos.file,
				   l->address_bits_pos.line,
				   l->address_bits_pos.col);
		else {
			l->address_bits = (int)n;
			l->address_bits_pos = pos;
		}
	}
	if (get_int(src, obj, "lldb_breakpoint_pc_offset", "target", -64, 64,
		    &n, &pos) > 0) {
		if (l->has_breakpoint_pc_offset)
			ERROR(ld, jsonpos_key(src->jp, obj, "lldb_breakpoint_pc_offset"),
				   "'lldb_breakpoint_pc_offset' is already set at %s:%d:%d",
				   l->breakpoint_pc_offset_pos.file,
				   l->breakpoint_pc_offset_pos.line,
				   l->breakpoint_pc_offset_pos.col);
		else {
			l->has_breakpoint_pc_offset = 1;
			l->breakpoint_pc_offset = n;
			l->breakpoint_pc_offset_pos = pos;
		}
	}
}

/* ---- features and sets: arrays of {"id", "name"} ---- */

static void load_named_list(struct source *src, json_t *arr, const char *what,
			    void (*add)(struct layout *, char *, char *, struct srcpos),
			    struct layout *l)
{
	static const char *const keys[] = { "id", "name", NULL };
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = elem_object(src, arr, i, what);
		char *id = NULL, *name = NULL;
		int ok;

		if (!o)
			continue;
		ok = check_keys(src, o, what, keys);
		if (get_string(src, o, "id", what, &id, NULL) == 0) {
			ERROR(src->ld, jsonpos_elem(src->jp, arr, i),
				   "missing key 'id' in %s", what);
			ok = 0;
		}
		if (get_string(src, o, "name", what, &name, NULL) == 0) {
			ERROR(src->ld, jsonpos_elem(src->jp, arr, i),
				   "missing key 'name' in %s", what);
			ok = 0;
		}
		if (ok && id && name) {
			add(l, id, name, jsonpos_elem(src->jp, arr, i));
		} else {
			free(id);
			free(name);
		}
	}
}

static void add_feature(struct layout *l, char *id, char *name, struct srcpos pos)
{
	GROW_ARRAY(l->features, l->nfeatures);
	l->features[l->nfeatures].id = id;
	l->features[l->nfeatures].name = name;
	l->features[l->nfeatures].pos = pos;
	l->nfeatures++;
}

static void add_set(struct layout *l, char *id, char *name, struct srcpos pos)
{
	GROW_ARRAY(l->sets, l->nsets);
	l->sets[l->nsets].id = id;
	l->sets[l->nsets].name = name;
	l->sets[l->nsets].pos = pos;
	l->nsets++;
}

/* ---- types ---- */

static void load_fields(struct source *src, json_t *arr, struct type *t)
{
	static const char *const keys[] = { "name", "type", "start", "end", "value", NULL };
	size_t i;

	t->fields = xcalloc(json_array_size(arr), sizeof(*t->fields));
	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = elem_object(src, arr, i, "a type field");
		struct type_field *f = &t->fields[t->nfields];
		int64_t n;

		if (!o)
			continue;
		memset(f, 0, sizeof(*f));
		f->pos = jsonpos_elem(src->jp, arr, i);
		f->start = f->end = NO_NUMBER;
		f->value = NO_NUMBER;
		check_keys(src, o, "type field", keys);
		if (get_string(src, o, "name", "type field", &f->name, NULL) == 0)
			ERROR(src->ld, f->pos, "missing key 'name' in type field");
		get_string(src, o, "type", "type field", &f->type, NULL);
		if (get_int(src, o, "start", "type field", 0, 65535, &n, NULL) > 0)
			f->start = (int)n;
		if (get_int(src, o, "end", "type field", 0, 65535, &n, NULL) > 0)
			f->end = (int)n;
		if (get_int(src, o, "value", "type field", 0, INT64_MAX, &n, NULL) > 0)
			f->value = n;
		if (!f->name)
			f->name = xstrdup("");
		t->nfields++;
	}
}

static void load_types(struct loader *ld, struct source *src, json_t *arr)
{
	static const char *const keys[] = {
		"id", "kind", "size", "fields", "type", "count", "feature", NULL
	};
	struct layout *l = ld->layout;
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = elem_object(src, arr, i, "a type");
		struct type *t;
		char *kind = NULL;
		json_t *fields;
		int64_t n;
		size_t k;

		if (!o)
			continue;
		GROW_ARRAY(l->types, l->ntypes);
		t = &l->types[l->ntypes++];
		memset(t, 0, sizeof(*t));
		t->pos = jsonpos_elem(src->jp, arr, i);
		t->size = t->count = NO_NUMBER;
		check_keys(src, o, "type", keys);
		if (get_string(src, o, "id", "type", &t->id, NULL) == 0)
			ERROR(ld, t->pos, "missing key 'id' in type");
		if (!t->id)
			t->id = xstrdup("");
		if (get_string(src, o, "kind", "type", &kind, NULL) == 0)
			ERROR(ld, t->pos, "missing key 'kind' in type '%s'", t->id);
		t->kind = TYPE_FLAGS;
		if (kind) {
			for (k = 0; k < TYPE_KIND_COUNT; k++)
				if (!strcmp(kind, type_kind_names[k]))
					break;
			if (k == TYPE_KIND_COUNT)
				ERROR(ld, jsonpos_value(src->jp, o, "kind"),
					   "unknown type kind '%s' (expected flags, vector, union, struct or enum)",
					   kind);
			else
				t->kind = (enum type_kind)k;
			free(kind);
		}
		if (get_int(src, o, "size", "type", 1, 1 << 16, &n, NULL) > 0) {
			t->size = (int)n;
			t->size_given = 1;
		}
		get_string(src, o, "type", "type", &t->element, NULL);
		get_string(src, o, "feature", "type", &t->feature, &t->feature_pos);
		if (get_int(src, o, "count", "type", 1, 1 << 16, &n, NULL) > 0)
			t->count = (int)n;
		fields = get_array(src, o, "fields");
		if (fields)
			load_fields(src, fields, t);
	}
}

/* ---- registers and slices ---- */

static int64_t *int_slot(struct reg *r, int key)
{
	switch (key) {
	case RK_DWARF: return &r->dwarf;
	case RK_EHFRAME: return &r->ehframe;
	case RK_REGNUM: return &r->stated_regnum;
	case RK_OFFSET: return &r->stated_offset;
	default: return NULL;
	}
}

static char **str_slot(struct reg *r, int key)
{
	switch (key) {
	case RK_NAME: return &r->name;
	case RK_LLDB_NAME: return &r->lldb_name;
	case RK_TYPE: return &r->type;
	case RK_GROUP: return &r->group;
	case RK_FEATURE: return &r->feature;
	case RK_SET: return &r->set;
	case RK_ENCODING: return &r->encoding;
	case RK_FORMAT: return &r->format;
	case RK_GENERIC: return &r->generic;
	case RK_ALTNAME: return &r->altname;
	case RK_PARENT: return &r->parent;
	default: return NULL;
	}
}

/*
 * The strings registers share (see struct reg in model.h): one copy of each
 * distinct value, so a large def's registers do not each hold their own
 * "gpr" or "int64".  The map's keys are the copies themselves.
 */
struct strpool {
	struct hashtab map;
	char **strs;
	size_t n;
};

static struct strpool *strpool_new(void)
{
	return xcalloc(1, sizeof(struct strpool));
}

static void strpool_free(struct strpool *p)
{
	size_t i;

	if (!p)
		return;
	hashtab_clear(&p->map);
	for (i = 0; i < p->n; i++)
		free(p->strs[i]);
	free(p->strs);
	free(p);
}

/* The pool's copy of s (NUL-terminated), added if it is new. */
static char *strpool_get(struct strpool *p, const char *s, size_t len)
{
	size_t idx;

	if (hashtab_get(&p->map, s, &idx))
		return p->strs[idx];
	GROW_ARRAY(p->strs, p->n);
	p->strs[p->n] = xstrndup(s, len);
	hashtab_add(&p->map, p->strs[p->n], p->n, NULL);
	return p->strs[p->n++];
}

/* Keys whose values repeat from register to register: worth sharing.
 * Names (unique) are not. */
#define SHARED_KEYS (1u << RK_TYPE | 1u << RK_GROUP | 1u << RK_FEATURE | \
		     1u << RK_SET | 1u << RK_ENCODING | 1u << RK_FORMAT | \
		     1u << RK_GENERIC)

static int take_composite(struct loader *ld, json_t *v, struct srcpos pos, const char *key,
			  const char *what, struct reg *r);

/* Records where key k of r was written (see struct reg's key_at).  shared
 * is NULL or the key positions of the defaults of r's file, pos one of
 * them. */
static void set_key_pos(struct reg *r, int k, struct srcpos pos,
			const struct srcpos *shared)
{
	struct srcpos *own;

	if (pos.file == r->pos.file && pos.line >= r->pos.line &&
	    (unsigned)(pos.line - r->pos.line) <= KEY_LINES_MAX &&
	    pos.col >= 1 && (unsigned)pos.col <= KEY_COL_MAX) {
		r->key_at[k] = KEY_LINES(pos.line - r->pos.line) | (uint32_t)pos.col;
		return;
	}
	if (shared && !r->key_far_owned) {
		r->key_far = (struct srcpos *)shared;
		r->key_at[k] = KEY_FAR;
		return;
	}
	if (!r->key_far_owned) {
		own = xcalloc(RK_COUNT, sizeof(*own));
		if (r->key_far)
			memcpy(own, r->key_far, RK_COUNT * sizeof(*own));
		r->key_far = own;
		r->key_far_owned = 1;
	}
	r->key_far[k] = pos;
	r->key_at[k] = KEY_FAR;
}

/* Sets key of r from v, the value (at pos) of member keyname of a register,
 * defaults or override object; a string from pool if it is not NULL and
 * the key's values are shared.  Returns 0 on a bad value. */
static int set_reg_key(struct loader *ld, json_t *v, struct srcpos pos, const char *keyname,
		       int key, struct reg *r, const char *what,
		       struct strpool *pool, const struct srcpos *shared)
{
	int64_t n;
	char **s;
	int64_t *i;
	int got;

	assert(r); /* so its fields' addresses are never NULL */
	s = str_slot(r, key);
	i = int_slot(r, key);

	if (key == RK_COMPOSITE)
		got = take_composite(ld, v, pos, keyname, what, r);
	else if (key == RK_G || key == RK_SAVE_RESTORE) {
		/* "g": false marks a p/P-only register, "save_restore": false
		 * one GDB leaves alone around inferior calls; true is the
		 * default of both */
		if (!json_is_boolean(v)) {
			ERROR(ld, pos, "'%s' of %s must be true or false, not %s",
				   keyname, what, json_kind(v));
			got = -1;
		} else if (key == RK_G) {
			r->not_in_g = !json_is_true(v);
			got = 1;
		} else {
			r->no_save_restore = !json_is_true(v);
			got = 1;
		}
	} else if (s && pool && (SHARED_KEYS & 1u << key) && json_is_string(v) &&
	    strlen(json_string_value(v)) == json_string_length(v)) {
		got = string_ok(ld, json_string_value(v), pos) ? 1 : -1;
		if (got > 0) {
			if (!(r->shared & 1u << key))
				free(*s);
			*s = strpool_get(pool, json_string_value(v),
					 json_string_length(v));
			r->shared |= 1u << key;
		}
	} else if (s) {
		if (r->shared & 1u << key) {
			/* take_string() frees the old value: not ours */
			*s = NULL;
			r->shared &= ~(1u << key);
		}
		got = take_string(ld, v, pos, keyname, what, s);
	} else if (i) {
		got = take_int(ld, v, pos, keyname, what, 0, INT32_MAX, &n);
		if (got > 0)
			*i = n;
	} else {
		int64_t max = key == RK_BITSIZE ? 65536 : 65535;
		int64_t min = key == RK_BITSIZE ? 1 : 0;
		got = take_int(ld, v, pos, keyname, what, min, max, &n);
		if (got > 0) {
			if (key == RK_BITSIZE)
				r->bitsize = (int)n;
			else if (key == RK_MSB)
				r->msb = (int)n;
			else
				r->lsb = (int)n;
		}
	}
	if (got > 0)
		set_key_pos(r, key, pos, shared);
	return got >= 0;
}

static void free_composite(struct reg *r)
{
	size_t j;

	for (j = 0; j < r->ncomposite; j++)
		free(r->composite[j]);
	free(r->composite);
	free(r->composite_index);
	r->composite = NULL;
	r->composite_index = NULL;
	r->ncomposite = 0;
}

/* "composite": a non-empty array of register names (checked by check.c). */
static int take_composite(struct loader *ld, json_t *v, struct srcpos pos, const char *key,
			  const char *what, struct reg *r)
{
	size_t j;

	if (!json_is_array(v) || !json_array_size(v)) {
		ERROR(ld, pos, "'%s' of %s must be a non-empty array of register names, not %s",
			   key, what, json_is_array(v) ? "an empty array" : json_kind(v));
		return -1;
	}
	for (j = 0; j < json_array_size(v); j++) {
		json_t *e = json_array_get(v, j);
		if (!json_is_string(e)) {
			ERROR(ld, pos, "'%s' of %s: item %zu must be a register name, not %s",
				   key, what, j, json_kind(e));
			return -1;
		}
		if (!string_ok(ld, json_string_value(e), pos))
			return -1;
	}
	free_composite(r);
	r->ncomposite = json_array_size(v);
	r->composite = xcalloc(r->ncomposite, sizeof(*r->composite));
	for (j = 0; j < r->ncomposite; j++) {
		json_t *e = json_array_get(v, j);
		r->composite[j] = xstrndup(json_string_value(e), json_string_length(e));
	}
	return 1;
}

static const char *reg_what(int is_slice)
{
	return is_slice ? "slice" : "register";
}

static void init_reg(struct reg *r, int is_slice, struct srcpos pos)
{
	reg_init(r, is_slice);
	r->pos = pos;
}


static void load_regs(struct loader *ld, struct source *src, json_t *arr,
		      int is_slice)
{
	struct layout *l = ld->layout;
	unsigned allowed = is_slice ? slice_keys : reg_keys;
	const char *what = reg_what(is_slice);
	size_t i, d;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = elem_object(src, arr, i, is_slice ? "a slice" : "a register");
		struct reg *r;
		const char *key;
		json_t *v;
		size_t count = l->nregs + l->nslices, m;

		if (!o)
			continue;
		if (count >= MAX_REGISTERS) {
			ERROR(ld, jsonpos_elem(src->jp, arr, i),
				   "too many registers: regdefgen handles at most %d per layout",
				   MAX_REGISTERS);
			return;
		}
		if (is_slice) {
			GROW_ARRAY(l->slices, l->nslices);
			r = &l->slices[l->nslices++];
		} else {
			GROW_ARRAY(l->regs, l->nregs);
			r = &l->regs[l->nregs++];
		}
		init_reg(r, is_slice, jsonpos_elem(src->jp, arr, i));
		r->decl_order = ld->decl_order++;

		m = 0;
		json_object_foreach(o, key, v) {
			int k = reg_key_lookup(key);
			if (!key_in(allowed, k))
				{ char *k_ = shown(key); ERROR(ld, jsonpos_member_key(src->jp, o, m, key),
					   "unknown key '%s' in %s", k_, what); free(k_); }
			else
				set_reg_key(src->ld, v, jsonpos_member_value(src->jp, o, m, key),
					    key, k, r, what, l->strings, NULL);
			m++;
		}
		for (d = 0; d < src->ndefaults; d++) {
			const struct default_key *dk = &src->defaults[d];
			if (key_in(allowed, dk->key) && !reg_has_key(r, dk->key))
				set_reg_key(src->ld, dk->value, dk->pos, dk->name, dk->key,
					    r, "defaults", l->strings, src->default_pos);
		}
		if (!r->name) {
			if (!json_object_get(o, "name"))
				ERROR(ld, r->pos, "missing key 'name' in %s", what);
			r->name = xstrdup("");
		} else if (ld->names_ready) {
			hashtab_add(&ld->reg_names, r->name,
				   is_slice ? (l->nslices - 1) | SLICE_BIT : l->nregs - 1,
				   NULL);
		}
	}
}

static void free_reg(struct reg *r);

/* Checks a default's value once, whether or not a register takes it. */
static int default_ok(struct loader *ld, json_t *v, struct srcpos pos, const char *keyname, int key)
{
	struct reg scratch;
	int ok;

	init_reg(&scratch, 0, pos);
	ok = set_reg_key(ld, v, pos, keyname, key, &scratch, "defaults", NULL, NULL);
	free_reg(&scratch);
	return ok;
}

/* Reports what cannot be a default and lists the defaults that registers
 * and slices of this file take (see load_regs()). */
static void load_defaults(struct layout *l, struct source *src, json_t *obj)
{
	const char *key;
	json_t *v;
	size_t m = 0;

	src->defaults = xcalloc(json_object_size(obj) + 1, sizeof(*src->defaults));
	json_object_foreach(obj, key, v) {
		int k = reg_key_lookup(key);
		if (k < 0 || k == RK_NAME || k == RK_REGNUM || k == RK_OFFSET ||
		    k == RK_COMPOSITE) {
			char *k_ = shown(key);
			ERROR(src->ld, jsonpos_member_key(src->jp, obj, m, key),
				   k < 0 ? "unknown key '%s' in defaults"
					 : "'%s' cannot have a default", k_);
			free(k_);
		}
		if (k >= 0 && k != RK_NAME && k != RK_REGNUM && k != RK_OFFSET &&
		    k != RK_COMPOSITE &&
		    default_ok(src->ld, v, jsonpos_member_value(src->jp, obj, m, key), key, k)) {
			struct default_key *dk = &src->defaults[src->ndefaults++];
			dk->name = key;
			dk->key = k;
			dk->value = v;
			dk->pos = jsonpos_member_value(src->jp, obj, m, key);
			/* one table of these positions for all the file's
			 * registers (see struct reg's key_far) */
			if (!src->default_pos) {
				src->default_pos = xcalloc(RK_COUNT, sizeof(*src->default_pos));
				GROW_ARRAY(l->key_tables, l->nkey_tables);
				l->key_tables[l->nkey_tables++] = src->default_pos;
			}
			src->default_pos[k] = dk->pos;
		}
		m++;
	}
}

/*
 * Index of the register or slice named name (| SLICE_BIT for a slice),
 * the first declared of that name.  The map is filled at the first
 * override, with every name read so far in declaration order, and then
 * kept up to date by load_regs(): defs without overrides never build it.
 */
static int find_reg(struct loader *ld, const char *name, size_t *idx)
{
	struct layout *l = ld->layout;
	size_t i = 0, j = 0;

	while (!ld->names_ready && (i < l->nregs || j < l->nslices)) {
		int slice = i == l->nregs ||
			(j < l->nslices && l->slices[j].decl_order < l->regs[i].decl_order);
		const struct reg *r = slice ? &l->slices[j] : &l->regs[i];

		/* a name that was not given is "" and not filed */
		if (reg_has_key(r, RK_NAME))
			hashtab_add(&ld->reg_names, r->name, slice ? j | SLICE_BIT : i,
				   NULL);
		if (slice)
			j++;
		else
			i++;
	}
	ld->names_ready = 1;
	return hashtab_get(&ld->reg_names, name, idx);
}

static void load_overrides(struct loader *ld, struct source *src, json_t *arr)
{
	struct layout *l = ld->layout;
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *o = elem_object(src, arr, i, "an override");
		char *name = NULL;
		const char *key;
		json_t *v;
		size_t idx, m;
		struct reg *r;

		if (!o)
			continue;
		if (get_string(src, o, "name", "override", &name, NULL) <= 0) {
			if (!json_object_get(o, "name"))
				ERROR(ld, jsonpos_elem(src->jp, arr, i),
					   "missing key 'name' in override");
			continue;
		}
		if (!find_reg(ld, name, &idx)) {
			ERROR(ld, jsonpos_value(src->jp, o, "name"),
				   "override of unknown register '%s'", name);
			free(name);
			continue;
		}
		free(name);
		r = idx & SLICE_BIT ? &l->slices[idx & ~SLICE_BIT] : &l->regs[idx];
		m = 0;
		json_object_foreach(o, key, v) {
			int k = reg_key_lookup(key);
			struct srcpos pos = jsonpos_member_value(src->jp, o, m, key);

			if (!key_in(r->is_slice ? slice_keys : reg_keys, k))
				{ char *k_ = shown(key); ERROR(ld, jsonpos_member_key(src->jp, o, m, key),
					   "unknown key '%s' in override", k_); free(k_); }
			else if (k != RK_NAME)
				set_reg_key(src->ld, v, pos, key, k, r, "override", l->strings, NULL);
			m++;
		}
	}
}

/* ---- files and includes ---- */

static char *read_file(struct loader *ld, const char *path, size_t *len, struct srcpos at)
{
	struct strbuf sb = STRBUF_INIT;

	switch (strbuf_read_file(&sb, path, MAX_DEF_FILE_BYTES)) {
	case READ_OK:
		return strbuf_detach(&sb, len);
	case READ_TOO_LARGE:
		FILE_ERROR(ld, path, "file is larger than %u bytes", MAX_DEF_FILE_BYTES);
		return NULL;
	case READ_CANNOT_OPEN:
		if (at.line)
			ERROR(ld, at, "cannot open '%s': %s", path, strerror(errno));
		else
			FILE_ERROR(ld, path, "cannot open: %s", strerror(errno));
		return NULL;
	case READ_NOT_REGULAR:
		if (at.line)
			ERROR(ld, at, "cannot read '%s': not a regular file", path);
		else
			FILE_ERROR(ld, path, "cannot read: not a regular file");
		return NULL;
	case READ_CANNOT_READ:
		if (at.line)
			ERROR(ld, at, "cannot read '%s': %s", path, strerror(errno));
		else
			FILE_ERROR(ld, path, "cannot read: %s", strerror(errno));
		return NULL;
	}
	return NULL;
}

static char *join_path(const char *base, const char *rel)
{
	const char *slash = strrchr(base, '/');
	struct strbuf sb = STRBUF_INIT;

	if (rel[0] == '/' || !slash)
		return xstrdup(rel);
	strbuf_add(&sb, base, (size_t)(slash - base) + 1);
	strbuf_addstr(&sb, rel);
	return strbuf_detach(&sb, NULL);
}

static const char *remember_file(struct layout *l, const char *path)
{
	GROW_ARRAY(l->files, l->nfiles);
	l->files[l->nfiles] = xstrdup(path);
	return l->files[l->nfiles++];
}

static void load_file(struct loader *ld, const char *path, struct srcpos at);

static void load_includes(struct loader *ld, struct source *src, json_t *arr)
{
	size_t i;

	for (i = 0; i < json_array_size(arr); i++) {
		json_t *v = jsonpos_element(src->jp, arr, i);
		struct srcpos pos = jsonpos_elem(src->jp, arr, i);
		char *path;

		if (!json_is_string(v)) {
			ERROR(ld, pos, "include must be a string, not %s", json_kind(v));
			continue;
		}
		if (!string_ok(ld, json_string_value(v), pos))
			continue;
		path = join_path(src->path, json_string_value(v));
		load_file(ld, path, pos);
		free(path);
	}
}

static void load_content(struct loader *ld, struct source *src)
{
	static const char *const keys[] = {
		"include", "description", "target", "features", "sets", "types",
		"defaults", "registers", "slices", "overrides", NULL
	};
	struct layout *l = ld->layout;
	json_t *root = src->root, *v;
	char *description = NULL;
	struct srcpos pos;

	check_keys(src, root, "def", keys);
	if ((v = get_array(src, root, "include")))
		load_includes(ld, src, v);
	if (get_string(src, root, "description", "def", &description, &pos) > 0) {
		if (l->description.value) {
			ERROR(ld, jsonpos_key(src->jp, root, "description"),
				   "'description' is already set at %s:%d:%d",
				   l->description.pos.file, l->description.pos.line,
				   l->description.pos.col);
			free(description);
		} else {
			l->description.value = description;
			l->description.pos = pos;
		}
	}
	if ((v = get_object(src, root, "target")))
		load_target(ld, src, v);
	if ((v = get_array(src, root, "features")))
		load_named_list(src, v, "feature", add_feature, l);
	if ((v = get_array(src, root, "sets")))
		load_named_list(src, v, "set", add_set, l);
	if ((v = get_array(src, root, "types")))
		load_types(ld, src, v);
	if ((v = get_object(src, root, "defaults")))
		load_defaults(ld->layout, src, v);
	if ((v = get_array(src, root, "registers")))
		load_regs(ld, src, v, 0);
	if ((v = get_array(src, root, "slices")))
		load_regs(ld, src, v, 1);
	if ((v = get_array(src, root, "overrides")))
		load_overrides(ld, src, v);
}

static void load_file(struct loader *ld, const char *path, struct srcpos at)
{
	struct source src = { 0 };
	char real[64]; /* the file's identity: its device and inode */
	struct stat st;
	char *text;
	size_t len, i;
	json_error_t err;

	/* one stat(), where realpath() read every folder of the path (a
	 * readlink each): most of the system calls of a shipped layout */
	if (stat(path, &st)) {
		if (at.line)
			ERROR(ld, at, "cannot open '%s': %s", path, strerror(errno));
		else
			FILE_ERROR(ld, path, "cannot open: %s", strerror(errno));
		return;
	}
	snprintf(real, sizeof(real), "%ju:%ju", (uintmax_t)st.st_dev, (uintmax_t)st.st_ino);
	for (i = 0; i < ld->depth; i++) {
		if (!strcmp(ld->open_real[i], real)) {
			struct strbuf chain = STRBUF_INIT;
			size_t j;
			for (j = i; j < ld->depth; j++)
				strbuf_addf(&chain, "%s -> ", ld->open_shown[j]);
			strbuf_addstr(&chain, path);
			ERROR(ld, at, "include cycle: %s", chain.buf);
			strbuf_release(&chain);
			return;
		}
	}
	if (hashtab_get(&ld->done, real, NULL))
		return; /* already read: parts are included once */
	/* depth counts the files open above this one: the def and the parts
	 * between, so a chain of MAX_INCLUDE_DEPTH parts is accepted */
	if (ld->depth > MAX_INCLUDE_DEPTH) {
		ERROR(ld, at, "includes nested deeper than %d", MAX_INCLUDE_DEPTH);
		return;
	}
	GROW_ARRAY(ld->done_real, ld->ndone);
	ld->done_real[ld->ndone] = xstrdup(real);
	hashtab_add(&ld->done, ld->done_real[ld->ndone++], 0, NULL);

	src.ld = ld;
	src.path = remember_file(ld->layout, path);
	text = read_file(ld, path, &len, at);
	if (!text)
		return;
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		struct srcpos pos = { src.path, 1, 1 };
		ERROR(ld, pos, "the file starts with a UTF-8 byte order mark; save it without one");
		free(text);
		return;
	}
	if (len == strspn(text, " \t\r\n")) {
		struct srcpos pos = { src.path, 1, 1 };
		ERROR(ld, pos, "the file is empty: a def is a JSON object");
		free(text);
		return;
	}
	/* large defs are parsed an element at a time (see jsonpos.h) */
	src.jp = jsonpos_stream(text, len, src.path, &src.root);
	if (!src.jp) {
		/* any JSON value, so a wrong root gets our message, not jansson's */
		src.root = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &err);
		if (!src.root) {
			struct srcpos pos = { src.path, err.line > 0 ? err.line : 1,
					      err.column > 0 ? err.column : 1 };
			/* jansson's wording names a flag the user cannot set */
			if (strstr(err.text, "JSON_ALLOW_NUL"))
				ERROR(ld, pos, "NUL character (\\u0000) in string");
			else
				ERROR(ld, pos, "%s", err.text);
			free(text);
			return;
		}
		src.jp = jsonpos_build(text, len, src.root, src.path);
	}
	assert(src.root); /* jsonpos_stream sets it when it succeeds; json_loadb was checked */
	if (!json_is_object(src.root)) {
		ERROR(ld, jsonpos_root(src.jp), "a def must be a JSON object, not %s",
			   json_kind(src.root));
	} else {
		GROW_ARRAY(ld->open_real, ld->depth);
		GROW_ARRAY(ld->open_shown, ld->depth);
		ld->open_real[ld->depth] = real;
		ld->open_shown[ld->depth] = src.path;
		ld->depth++;
		load_content(ld, &src);
		ld->depth--;
	}
	free(src.defaults);
	jsonpos_free(src.jp);
	json_decref(src.root);
	free(text);
}

static char *layout_name_of(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	if (n > 5 && !strcmp(base + n - 5, ".json"))
		n -= 5;
	return xstrndup(base, n);
}

struct layout *load_layout(const char *path, int *errors)
{
	struct loader ld = { 0 };
	struct srcpos none = { NULL, 0, 0 };
	struct layout *l = xcalloc(1, sizeof(*l));
	size_t i;
	char *p;

	l->source = xstrdup(path);
	l->name = layout_name_of(path);
	l->ident = xstrdup(l->name);
	for (p = l->ident; *p; p++)
		if (*p == '-')
			*p = '_';
	l->strings = strpool_new();
	ld.layout = l;
	load_file(&ld, path, none);
	for (i = 0; i < ld.ndone; i++)
		free(ld.done_real[i]);
	free(ld.done_real);
	hashtab_clear(&ld.done);
	free(ld.open_real);
	free(ld.open_shown);
	hashtab_clear(&ld.reg_names);
	*errors = ld.errors;
	return l;
}

static void free_reg(struct reg *r)
{
	int k;

	assert(r); /* so its fields' addresses are never NULL */
	for (k = 0; k < RK_COUNT; k++) {
		char **s = str_slot(r, k);
		if (s && !(r->shared & 1u << k))
			free(*s);
	}
	free_composite(r);
	if (r->key_far_owned)
		free(r->key_far);
}

void layout_free(struct layout *l)
{
	size_t i, j;

	if (!l)
		return;
	for (i = 0; i < l->nfeatures; i++) {
		free(l->features[i].id);
		free(l->features[i].name);
	}
	for (i = 0; i < l->nsets; i++) {
		free(l->sets[i].id);
		free(l->sets[i].name);
	}
	for (i = 0; i < l->ntypes; i++) {
		for (j = 0; j < l->types[i].nfields; j++) {
			free(l->types[i].fields[j].name);
			free(l->types[i].fields[j].type);
		}
		free(l->types[i].fields);
		free(l->types[i].id);
		free(l->types[i].feature);
		free(l->types[i].element);
	}
	for (i = 0; i < l->nregs; i++)
		free_reg(&l->regs[i]);
	for (i = 0; i < l->nslices; i++)
		free_reg(&l->slices[i]);
	for (i = 0; i < l->nfiles; i++)
		free(l->files[i]);
	free(l->features);
	free(l->sets);
	free(l->types);
	free(l->regs);
	free(l->slices);
	for (i = 0; i < l->nkey_tables; i++)
		free(l->key_tables[i]);
	free(l->key_tables);
	free(l->files);
	strpool_free(l->strings);
	free(l->name);
	free(l->ident);
	free(l->source);
	free(l->description.value);
	free(l->gdb_architecture.value);
	free(l->gdb_osabi.value);
	free(l->lldb_triple.value);
	free(l->endian.value);
	free(l->g_offsets.value);
	free(l);
}

struct layout *load_checked_layout(const char *path)
{
	int errors;
	struct layout *l = load_layout(path, &errors);

	if (errors || check_layout(l)) {
		layout_free(l);
		return NULL;
	}
	return l;
}
