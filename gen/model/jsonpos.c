/*
 * jsonpos.c: source positions for a jansson tree, and the streaming parse
 * of large defs (see jsonpos.h).
 *
 * Positions come from a second pass over JSON text that jansson has
 * accepted: the scanner walks the text and the tree together.  The n-th
 * member of an object in the text is the n-th member jansson iterates
 * (jansson keeps insertion order, and defs are loaded with duplicate keys
 * rejected), the n-th element of an array is element n.  Containers are
 * found again through a hash table (base/hashtab.h) keyed by node address,
 * so every lookup is O(1) for arrays and O(members) for objects.
 *
 * The streaming parse (jsonpos_stream()) avoids holding a whole large def
 * as a jansson tree, which takes about ten times the text: the top-level
 * arrays (registers, slices...) are turned into values one element at a
 * time, each when the loader asks for it, and dropped when it asks for the
 * next.  It takes only texts it can prove jansson accepts whole: one pass
 * checks a strict subset of JSON (ASCII or well-formed UTF-8 strings
 * without \u escapes, keys without escapes and unique, integers of at
 * most 18 digits, no reals, at most 64 levels), and a def with a syntax
 * error or anything else is parsed whole by jansson, which reports what is
 * wrong before anything of the file is loaded.  A checked element cannot
 * fail, so it is built straight into jansson values with jansson's
 * constructors, its positions recorded on the way.
 */
#include "model/jsonpos.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hashtab.h"
#include "base/strbuf.h"

struct member {
	const char *key; /* borrowed from jansson; NULL in arrays */
	struct srcpos key_pos;
	struct srcpos value_pos;
};

/* Where an element of a streamed array is: its bytes and first character. */
struct element {
	size_t begin, end;
	int line, col;
};

/* A top-level array of a streamed text. */
struct lazy {
	struct element *elems; /* as many as the container's n */
	json_t *current;       /* the element built last (owned), or NULL */
};

struct container {
	json_t *node; /* NULL: removed, its place free for another */
	struct srcpos pos;
	struct member *members;
	size_t n;
	struct lazy *lazy; /* streamed arrays only */
	size_t next_free;  /* removed: the next removed place, or NO_PLACE */
};

#define NO_PLACE ((size_t)-1)

struct jsonpos {
	const char *file;
	const char *text;
	struct srcpos root;
	struct hashtab index;  /* node address -> its place in containers */
	struct container *containers;
	size_t ncontainers;
	size_t free;           /* a removed container's place, to reuse, or NO_PLACE */
};

struct scanner {
	const char *p, *end;
	int line, col;
	struct jsonpos *jp;
};

/* ---- the containers ---- */

static struct jsonpos *new_jsonpos(const char *text, const char *file)
{
	struct jsonpos *jp = xcalloc(1, sizeof(*jp));

	jp->file = file;
	jp->text = text;
	jp->index.keys = HASHTAB_NUMBERS;
	jp->free = NO_PLACE;
	return jp;
}

static uint64_t key_of(const json_t *node)
{
	return (uint64_t)(uintptr_t)node;
}

/* node's container, or NULL if node is not indexed. */
static struct container *find_container(const struct jsonpos *jp,
					const json_t *node)
{
	size_t i;

	return hashtab_get_num(&jp->index, key_of(node), &i) ?
	       &jp->containers[i] : NULL;
}

/* The pointer is valid until the next container is added. */
static struct container *add_container(struct jsonpos *jp, json_t *node,
				       struct srcpos pos, size_t n)
{
	struct container *c;
	size_t i;

	if (jp->free != NO_PLACE) {
		i = jp->free;
		jp->free = jp->containers[i].next_free;
	} else {
		GROW_ARRAY(jp->containers, jp->ncontainers);
		i = jp->ncontainers++;
	}
	/* each node is a new jansson value, scanned or built once */
	if (!hashtab_add_num(&jp->index, key_of(node), i, NULL))
		assert(!"a jansson node indexed twice");
	c = &jp->containers[i];
	c->node = node;
	c->pos = pos;
	c->n = n;
	c->members = n ? xcalloc(n, sizeof(*c->members)) : NULL;
	c->lazy = NULL;
	return c;
}

static void remove_container(struct jsonpos *jp, const json_t *node)
{
	size_t i;

	if (!hashtab_remove_num(&jp->index, key_of(node), &i))
		return;
	free(jp->containers[i].members);
	jp->containers[i].members = NULL;
	jp->containers[i].node = NULL;
	jp->containers[i].next_free = jp->free;
	jp->free = i;
}

/* Removes the entries of tree's containers. */
static void forget_tree(struct jsonpos *jp, json_t *tree)
{
	const char *key;
	json_t *v;
	size_t i;

	if (json_is_object(tree)) {
		json_object_foreach(tree, key, v)
			forget_tree(jp, v);
	} else if (json_is_array(tree)) {
		json_array_foreach(tree, i, v)
			forget_tree(jp, v);
	} else {
		return;
	}
	remove_container(jp, tree);
}

/* ---- scanning ---- */

static struct srcpos here(const struct scanner *s)
{
	struct srcpos pos = { s->jp->file, s->line, s->col };
	return pos;
}

/* Columns count characters, not UTF-8 continuation bytes, as jansson's do. */
static void advance(struct scanner *s)
{
	unsigned char c = (unsigned char)*s->p++;

	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xc0) != 0x80) {
		s->col++;
	}
}

static int is_json_space(char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r';
}

static void skip_space(struct scanner *s)
{
	while (s->p < s->end && is_json_space(*s->p))
		advance(s);
}

/* Skips a string jansson accepted (no raw newline inside). */
static void skip_string(struct scanner *s)
{
	const char *p = s->p + 1, *end = s->end;
	int col = s->col + 1;

	while (p < end && *p != '"') {
		if (*p == '\\' && p + 1 < end) {
			p++;
			col++;
		}
		if ((*p++ & 0xc0) != 0x80)
			col++;
	}
	if (p < end) {
		p++;
		col++;
	}
	s->p = p;
	s->col = col;
}

static void scan_value(struct scanner *s, json_t *node);

static void scan_object(struct scanner *s, json_t *node)
{
	struct container *c = add_container(s->jp, node, here(s),
					    json_object_size(node));
	struct member *members = c->members;
	size_t n = c->n, i = 0;
	void *it = json_object_iter(node);

	advance(s); /* { */
	skip_space(s);
	while (s->p < s->end && *s->p != '}' && it && i < n) {
		struct member *m = &members[i++];

		m->key = json_object_iter_key(it);
		m->key_pos = here(s);
		skip_string(s);
		skip_space(s);
		if (s->p < s->end && *s->p == ':')
			advance(s);
		skip_space(s);
		m->value_pos = here(s);
		scan_value(s, json_object_iter_value(it));
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
		it = json_object_iter_next(node, it);
	}
	if (s->p < s->end && *s->p == '}')
		advance(s);
}

static void scan_array(struct scanner *s, json_t *node)
{
	struct container *c = add_container(s->jp, node, here(s),
					    json_array_size(node));
	struct member *members = c->members;
	size_t n = c->n, i = 0;

	advance(s); /* [ */
	skip_space(s);
	while (s->p < s->end && *s->p != ']' && i < n) {
		members[i].value_pos = here(s);
		scan_value(s, json_array_get(node, i));
		i++;
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
	}
	if (s->p < s->end && *s->p == ']')
		advance(s);
}

static void scan_value(struct scanner *s, json_t *node)
{
	if (s->p >= s->end)
		return;
	if (*s->p == '{' && json_is_object(node)) {
		scan_object(s, node);
	} else if (*s->p == '[' && json_is_array(node)) {
		scan_array(s, node);
	} else if (*s->p == '"') {
		skip_string(s);
	} else {
		/* number or literal */
		while (s->p < s->end && !strchr(",]} \t\r\n", *s->p) && *s->p)
			advance(s);
	}
}

struct jsonpos *jsonpos_build(const char *text, size_t len, json_t *root,
			      const char *file)
{
	struct jsonpos *jp = new_jsonpos(text, file);
	struct scanner s = { text, text + len, 1, 1, jp };

	/* a UTF-8 byte order mark is not part of the value */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		s.p += 3;
	skip_space(&s);
	jp->root = here(&s);
	scan_value(&s, root);
	return jp;
}

/* ---- the streaming parse: checking the subset ---- */

#define STREAM_MAX_DEPTH 64
#define STREAM_MAX_KEYS 32   /* per object, for the duplicate check */
#define STREAM_MAX_DIGITS 18 /* an integer that surely fits json_int_t */

/* Length of the well-formed UTF-8 sequence at p (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_length(const unsigned char *p, size_t avail)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (p[0] >= 0xc2 && p[0] <= 0xdf) {
		n = 2;
	} else if (p[0] >= 0xe0 && p[0] <= 0xef) {
		n = 3;
		if (p[0] == 0xe0)
			lo = 0xa0;
		if (p[0] == 0xed)
			hi = 0x9f;
	} else if (p[0] >= 0xf0 && p[0] <= 0xf4) {
		n = 4;
		if (p[0] == 0xf0)
			lo = 0x90;
		if (p[0] == 0xf4)
			hi = 0x8f;
	} else {
		return 0;
	}
	if (avail < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return n;
}

/* A string at s->p; a key may hold no escape at all. */
static int check_string(struct scanner *s, int key)
{
	const unsigned char *p = (const unsigned char *)s->p + 1;
	const unsigned char *end = (const unsigned char *)s->end;
	int col = s->col + 1;

	while (p < end) {
		if (*p == '"') {
			s->p = (const char *)p + 1;
			s->col = col + 1;
			return 0;
		}
		if (*p < 0x20)
			return -1;
		if (*p == '\\') {
			/* \u escapes (NUL, surrogates) are left to jansson */
			if (key || p + 1 >= end || !p[1] || !strchr("\"\\/bfnrt", p[1]))
				return -1;
			p += 2;
			col += 2;
		} else if (*p < 0x80) {
			p++;
			col++;
		} else {
			size_t n = utf8_length(p, (size_t)(end - p));

			if (!n)
				return -1;
			p += n;
			col++;
		}
	}
	return -1;
}

static int check_number(struct scanner *s)
{
	const char *p = s->p, *digits;

	if (*p == '-')
		p++;
	digits = p;
	if (p < s->end && *p == '0')
		p++;
	else
		while (p < s->end && *p >= '0' && *p <= '9')
			p++;
	if (p == digits || p - digits > STREAM_MAX_DIGITS)
		return -1;
	/* reals and leading zeros are left to jansson */
	if (p < s->end && (*p == '.' || *p == 'e' || *p == 'E' ||
			   (*p >= '0' && *p <= '9')))
		return -1;
	s->col += (int)(p - s->p);
	s->p = p;
	return 0;
}

static int check_literal(struct scanner *s)
{
	static const char *const words[] = { "true", "false", "null" };
	size_t i;

	for (i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(s->end - s->p) >= n && !memcmp(s->p, words[i], n)) {
			s->p += n;
			s->col += (int)n;
			return 0;
		}
	}
	return -1;
}

static int check_value(struct scanner *s, int depth);

/* After a member or an element: ',' (then *more is set) or close. */
static int check_next(struct scanner *s, char close, int *more)
{
	skip_space(s);
	if (s->p < s->end && *s->p == ',') {
		advance(s);
		skip_space(s);
		*more = 1;
		return 0;
	}
	if (s->p < s->end && *s->p == close) {
		advance(s);
		*more = 0;
		return 0;
	}
	return -1;
}

static int check_object(struct scanner *s, int depth)
{
	const char *keys[STREAM_MAX_KEYS];
	size_t lens[STREAM_MAX_KEYS], nkeys = 0, i;
	int more = 1;

	if (depth > STREAM_MAX_DEPTH)
		return -1;
	advance(s); /* { */
	skip_space(s);
	if (s->p < s->end && *s->p == '}') {
		advance(s);
		return 0;
	}
	while (more) {
		const char *key = s->p + 1;

		if (s->p >= s->end || *s->p != '"' || check_string(s, 1) ||
		    nkeys == STREAM_MAX_KEYS)
			return -1;
		keys[nkeys] = key;
		lens[nkeys] = (size_t)(s->p - 1 - key);
		for (i = 0; i < nkeys; i++)
			if (lens[i] == lens[nkeys] && !memcmp(keys[i], key, lens[i]))
				return -1; /* jansson names the duplicate */
		nkeys++;
		skip_space(s);
		if (s->p >= s->end || *s->p != ':')
			return -1;
		advance(s);
		skip_space(s);
		if (check_value(s, depth) || check_next(s, '}', &more))
			return -1;
	}
	return 0;
}

/* The elements of a streamed array, as they are checked. */
struct elements {
	struct element *e;
	size_t n;
};

static void add_element(struct elements *e, struct srcpos pos, size_t begin,
			size_t end)
{
	struct element *el;

	GROW_ARRAY(e->e, e->n);
	el = &e->e[e->n++];
	el->begin = begin;
	el->end = end;
	el->line = pos.line;
	el->col = pos.col;
}

/* The array at s->p; if out is set, where each element is. */
static int check_array(struct scanner *s, int depth, struct elements *out)
{
	int more = 1;

	if (depth > STREAM_MAX_DEPTH)
		return -1;
	advance(s); /* [ */
	skip_space(s);
	if (s->p < s->end && *s->p == ']') {
		advance(s);
		return 0;
	}
	while (more) {
		struct srcpos pos = here(s);
		size_t begin = (size_t)(s->p - s->jp->text);

		if (check_value(s, depth))
			return -1;
		if (out)
			add_element(out, pos, begin, (size_t)(s->p - s->jp->text));
		if (check_next(s, ']', &more))
			return -1;
	}
	return 0;
}

static int check_value(struct scanner *s, int depth)
{
	if (s->p >= s->end)
		return -1;
	switch (*s->p) {
	case '{':
		return check_object(s, depth + 1);
	case '[':
		return check_array(s, depth + 1, NULL);
	case '"':
		return check_string(s, 0);
	case '-': case '0': case '1': case '2': case '3': case '4':
	case '5': case '6': case '7': case '8': case '9':
		return check_number(s);
	default:
		return check_literal(s);
	}
}

/* ---- the streaming parse: the top level ---- */

/* A member of the root object, as checked. */
struct root_member {
	const char *key;
	size_t key_len;
	struct srcpos key_pos, value_pos;
	size_t begin, end;       /* the value's bytes */
	struct elements elems;   /* arrays only */
};

static void free_root_members(struct root_member *m, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(m[i].elems.e);
	}
	free(m);
}

/* Checks the root object; its members go to *out. */
static int check_root(struct scanner *s, struct root_member **out, size_t *nout)
{
	struct root_member *m = NULL;
	size_t n = 0, i;
	int more = 1;

	skip_space(s);
	if (s->p >= s->end || *s->p != '{')
		goto fail;
	advance(s);
	skip_space(s);
	if (s->p < s->end && *s->p == '}') {
		advance(s);
		more = 0;
	}
	while (more) {
		struct root_member *r;

		if (n == STREAM_MAX_KEYS || s->p >= s->end || *s->p != '"')
			goto fail;
		GROW_ARRAY(m, n);
		r = &m[n++];
		memset(r, 0, sizeof(*r));
		r->key_pos = here(s);
		r->key = s->p + 1;
		if (check_string(s, 1))
			goto fail;
		r->key_len = (size_t)(s->p - 1 - r->key);
		for (i = 0; i + 1 < n; i++)
			if (m[i].key_len == r->key_len &&
			    !memcmp(m[i].key, r->key, r->key_len))
				goto fail;
		skip_space(s);
		if (s->p >= s->end || *s->p != ':')
			goto fail;
		advance(s);
		skip_space(s);
		r->value_pos = here(s);
		r->begin = (size_t)(s->p - s->jp->text);
		if (s->p < s->end && *s->p == '[') {
			if (check_array(s, 2, &r->elems))
				goto fail;
		} else if (check_value(s, 1)) {
			goto fail;
		}
		r->end = (size_t)(s->p - s->jp->text);
		if (check_next(s, '}', &more))
			goto fail;
	}
	skip_space(s);
	if (s->p != s->end)
		goto fail;
	*out = m;
	*nout = n;
	return 0;
fail:
	free_root_members(m, n);
	return -1;
}

/* ---- the streaming parse: building checked parts ---- */

/*
 * A checked part is built straight into jansson values with jansson's
 * constructors, recording positions as it goes: the check has proved it
 * well-formed and in the subset, so building is one pass with nothing to
 * report (and jansson's own parse would take three times as long, then
 * need a second pass for the positions).
 */

static json_t *made(json_t *v)
{
	if (!v) {
		fputs("regdefgen: fatal: out of memory\n", stderr);
		abort();
	}
	return v;
}

static json_t *build_value(struct scanner *s);

static json_t *build_string(struct scanner *s)
{
	const char *start = s->p + 1, *p = start;
	int col = s->col + 1, escaped = 0;
	json_t *v;

	while (p < s->end && *p != '"') {
		if (*p == '\\') {
			escaped = 1;
			p += 2;
			col += 2;
		} else if ((*p++ & 0xc0) != 0x80) {
			col++;
		}
	}
	if (!escaped) {
		v = json_stringn_nocheck(start, (size_t)(p - start));
	} else {
		char *buf = xmalloc((size_t)(p - start)), *o = buf;
		const char *q;

		for (q = start; q < p; q++) {
			if (*q != '\\') {
				*o++ = *q;
				continue;
			}
			switch (*++q) {
			case 'b': *o++ = '\b'; break;
			case 'f': *o++ = '\f'; break;
			case 'n': *o++ = '\n'; break;
			case 'r': *o++ = '\r'; break;
			case 't': *o++ = '\t'; break;
			default: *o++ = *q; break; /* " \\ / */
			}
		}
		v = json_stringn_nocheck(buf, (size_t)(o - buf));
		free(buf);
	}
	s->p = p + 1;
	s->col = col + 1;
	return made(v);
}

/* At most STREAM_MAX_DIGITS digits: it fits. */
static json_t *build_integer(struct scanner *s)
{
	const char *p = s->p + (*s->p == '-');
	long long n = 0;

	while (p < s->end && *p >= '0' && *p <= '9')
		n = n * 10 + (*p++ - '0');
	n = *s->p == '-' ? -n : n;
	s->col += (int)(p - s->p);
	s->p = p;
	return made(json_integer(n));
}

static json_t *build_literal(struct scanner *s)
{
	json_t *v = *s->p == 't' ? json_true() : *s->p == 'f' ? json_false()
						     : json_null();

	while (s->p < s->end && *s->p >= 'a' && *s->p <= 'z')
		advance(s);
	return v;
}

/* Members (or elements) of a container being built. */
struct building {
	struct member *m;
	size_t n;
};

static struct member *add_building(struct building *b)
{
	GROW_ARRAY(b->m, b->n);
	memset(&b->m[b->n], 0, sizeof(b->m[b->n]));
	return &b->m[b->n++];
}

static void add_built(struct jsonpos *jp, json_t *node, struct srcpos pos,
		      struct building *b)
{
	struct container *c = add_container(jp, node, pos, 0);

	c->members = b->m;
	c->n = b->n;
}

static json_t *build_object(struct scanner *s)
{
	json_t *obj = made(json_object());
	struct srcpos pos = here(s);
	struct building b = { NULL, 0 };
	size_t i = 0;
	void *it;

	advance(s); /* { */
	skip_space(s);
	while (s->p < s->end && *s->p != '}') {
		struct member *m = add_building(&b);
		const char *key = s->p + 1;
		size_t key_len;

		m->key_pos = here(s);
		skip_string(s); /* keys hold no escape */
		key_len = (size_t)(s->p - 1 - key);
		skip_space(s);
		advance(s); /* : */
		skip_space(s);
		m->value_pos = here(s);
		if (json_object_setn_new_nocheck(obj, key, key_len, build_value(s)))
			made(NULL);
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
	}
	advance(s); /* } */
	for (it = json_object_iter(obj); it; it = json_object_iter_next(obj, it)) {
		assert(i < b.n); /* each key in obj was read as one member */
		b.m[i++].key = json_object_iter_key(it);
	}
	add_built(s->jp, obj, pos, &b);
	return obj;
}

static json_t *build_array(struct scanner *s)
{
	json_t *arr = made(json_array());
	struct srcpos pos = here(s);
	struct building b = { NULL, 0 };

	advance(s); /* [ */
	skip_space(s);
	while (s->p < s->end && *s->p != ']') {
		add_building(&b)->value_pos = here(s);
		if (json_array_append_new(arr, build_value(s)))
			made(NULL);
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
	}
	advance(s); /* ] */
	add_built(s->jp, arr, pos, &b);
	return arr;
}

static json_t *build_value(struct scanner *s)
{
	switch (*s->p) {
	case '{': return build_object(s);
	case '[': return build_array(s);
	case '"': return build_string(s);
	case 't': case 'f': case 'n': return build_literal(s);
	default: return build_integer(s);
	}
}

/* Builds the checked value at text[begin], which starts at pos. */
static json_t *build_part(struct jsonpos *jp, size_t begin, size_t end,
			  struct srcpos pos)
{
	struct scanner s = { jp->text + begin, jp->text + end, pos.line, pos.col, jp };

	return build_value(&s);
}

struct jsonpos *jsonpos_stream(const char *text, size_t len, const char *file,
			       json_t **root)
{
	struct jsonpos *jp = new_jsonpos(text, file);
	struct scanner s = { text, text + len, 1, 1, jp };
	struct root_member *m;
	struct container *c;
	size_t n, i;
	void *it;

	skip_space(&s);
	jp->root = here(&s);
	if (check_root(&s, &m, &n)) {
		free(jp);
		return NULL;
	}
	*root = json_object();
	for (i = 0; i < n; i++) {
		char *key = xstrndup(m[i].key, m[i].key_len);
		json_t *value;

		if (text[m[i].begin] == '[') {
			struct elements *e = &m[i].elems;
			struct lazy *lazy = xmalloc(sizeof(*lazy));
			size_t k;

			value = json_array();
			for (k = 0; k < e->n; k++)
				json_array_append_new(value, json_null());
			c = add_container(jp, value, m[i].value_pos, 0);
			c->n = e->n;
			lazy->elems = e->e;
			lazy->current = NULL;
			c->lazy = lazy;
			e->e = NULL; /* the container has them now */
		} else {
			value = build_part(jp, m[i].begin, m[i].end, m[i].value_pos);
		}
		json_object_set_new_nocheck(*root, key, value);
		free(key);
	}
	c = add_container(jp, *root, jp->root, n);
	for (i = 0, it = json_object_iter(*root); it;
	     i++, it = json_object_iter_next(*root, it)) {
		assert(i < n); /* each key in root is one of the n members */
		c->members[i].key = json_object_iter_key(it);
		c->members[i].key_pos = m[i].key_pos;
		c->members[i].value_pos = m[i].value_pos;
	}
	free_root_members(m, n);
	return jp;
}

json_t *jsonpos_element(struct jsonpos *jp, json_t *arr, size_t i)
{
	struct container *c = find_container(jp, arr);
	struct lazy *lazy;
	const struct element *el;
	struct srcpos pos = { jp->file, 0, 0 };

	if (!c || !c->lazy)
		return json_array_get(arr, i);
	if (i >= c->n)
		return NULL;
	lazy = c->lazy;
	el = &lazy->elems[i];
	pos.line = el->line;
	pos.col = el->col;
	if (lazy->current) {
		forget_tree(jp, lazy->current);
		json_decref(lazy->current);
	}
	lazy->current = build_part(jp, el->begin, el->end, pos);
	return lazy->current;
}

void jsonpos_free(struct jsonpos *jp)
{
	size_t i;

	if (!jp)
		return;
	for (i = 0; i < jp->ncontainers; i++) {
		struct lazy *lazy = jp->containers[i].lazy;

		if (jp->containers[i].node && lazy) {
			json_decref(lazy->current);
			free(lazy->elems);
			free(lazy);
		}
		if (jp->containers[i].node)
			free(jp->containers[i].members);
	}
	free(jp->containers);
	hashtab_clear(&jp->index);
	free(jp);
}

/* ---- lookups ---- */

struct srcpos jsonpos_root(const struct jsonpos *jp)
{
	return jp->root;
}

struct srcpos jsonpos_node(const struct jsonpos *jp, json_t *node)
{
	const struct container *c = find_container(jp, node);
	struct srcpos none = { jp->file, 0, 0 };

	return c ? c->pos : none;
}

static const struct member *find_member(const struct jsonpos *jp, json_t *obj,
					const char *key)
{
	const struct container *c = find_container(jp, obj);
	size_t i;

	if (!c || !c->members) /* a streamed array has no keys */
		return NULL;
	for (i = 0; i < c->n; i++)
		if (c->members[i].key && !strcmp(c->members[i].key, key))
			return &c->members[i];
	return NULL;
}

struct srcpos jsonpos_value(const struct jsonpos *jp, json_t *obj, const char *key)
{
	const struct member *m = find_member(jp, obj, key);

	return m ? m->value_pos : jsonpos_node(jp, obj);
}

struct srcpos jsonpos_key(const struct jsonpos *jp, json_t *obj, const char *key)
{
	const struct member *m = find_member(jp, obj, key);

	return m ? m->key_pos : jsonpos_node(jp, obj);
}

/* Member i of obj if its key is key (jansson hands out the same key
 * pointer each time), else found by name. */
static const struct member *nth_member(const struct jsonpos *jp, json_t *obj,
				       size_t i, const char *key)
{
	const struct container *c = find_container(jp, obj);

	if (c && c->members && i < c->n && c->members[i].key == key)
		return &c->members[i];
	return find_member(jp, obj, key);
}

struct srcpos jsonpos_member_value(const struct jsonpos *jp, json_t *obj,
				   size_t i, const char *key)
{
	const struct member *m = nth_member(jp, obj, i, key);

	return m ? m->value_pos : jsonpos_node(jp, obj);
}

struct srcpos jsonpos_member_key(const struct jsonpos *jp, json_t *obj,
				 size_t i, const char *key)
{
	const struct member *m = nth_member(jp, obj, i, key);

	return m ? m->key_pos : jsonpos_node(jp, obj);
}

struct srcpos jsonpos_elem(const struct jsonpos *jp, json_t *arr, size_t i)
{
	const struct container *c = find_container(jp, arr);
	struct srcpos pos = { jp->file, 0, 0 };

	if (!c || i >= c->n)
		return jsonpos_node(jp, arr);
	if (!c->lazy)
		return c->members[i].value_pos;
	pos.line = c->lazy->elems[i].line;
	pos.col = c->lazy->elems[i].col;
	return pos;
}
