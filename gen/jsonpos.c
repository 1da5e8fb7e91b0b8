/*
 * jsonpos.c: a second, position-recording pass over JSON text that jansson
 * has already accepted (see jsonpos.h).
 *
 * The scanner walks the text and the jansson tree together: the n-th member
 * of an object in the text is the n-th member jansson iterates (jansson
 * keeps insertion order, and defs are loaded with duplicate keys rejected),
 * the n-th element of an array is element n.  Containers are found again
 * through an open-addressing hash table keyed by node address, so every
 * lookup is O(1) for arrays and O(members) for objects.
 */
#include "jsonpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strbuf.h"

struct member {
	const char *key; /* borrowed from jansson; NULL in arrays */
	struct srcpos key_pos;
	struct srcpos value_pos;
};

struct container {
	json_t *node;
	struct srcpos pos;
	struct member *members;
	size_t n;
};

struct jsonpos {
	const char *file;
	struct srcpos root;
	struct container *slots; /* hash table, node == NULL means empty */
	size_t nslots;
	size_t used;
};

struct scanner {
	const char *p, *end;
	int line, col;
	struct jsonpos *jp;
};

static size_t hash_ptr(const void *p, size_t nslots)
{
	uintptr_t x = (uintptr_t)p;

	x ^= x >> 17;
	x *= (uintptr_t)0xed5ad4bbU;
	x ^= x >> 11;
	return (size_t)x & (nslots - 1);
}

static struct container *find_slot(const struct jsonpos *jp, const json_t *node)
{
	size_t i;

	if (!jp->nslots)
		return NULL;
	for (i = hash_ptr(node, jp->nslots);; i = (i + 1) & (jp->nslots - 1)) {
		if (jp->slots[i].node == node || !jp->slots[i].node)
			return &jp->slots[i];
	}
}

static void grow_table(struct jsonpos *jp)
{
	struct container *old = jp->slots;
	size_t oldn = jp->nslots, i;

	jp->nslots = oldn ? oldn * 2 : 64;
	jp->slots = xcalloc(jp->nslots, sizeof(*jp->slots));
	for (i = 0; i < oldn; i++)
		if (old[i].node)
			*find_slot(jp, old[i].node) = old[i];
	free(old);
}

static struct container *add_container(struct jsonpos *jp, json_t *node,
				       struct srcpos pos, size_t n)
{
	struct container *c;

	if ((jp->used + 1) * 2 > jp->nslots)
		grow_table(jp);
	c = find_slot(jp, node);
	c->node = node;
	c->pos = pos;
	c->n = n;
	c->members = n ? xcalloc(n, sizeof(*c->members)) : NULL;
	jp->used++;
	return c;
}

static struct srcpos here(const struct scanner *s)
{
	struct srcpos pos = { s->jp->file, s->line, s->col };
	return pos;
}

static void advance(struct scanner *s)
{
	unsigned char c = (unsigned char)*s->p++;

	if (c == '\n') {
		s->line++;
		s->col = 1;
	} else if ((c & 0xc0) != 0x80) {
		/* count characters, not UTF-8 continuation bytes */
		s->col++;
	}
}

static void skip_space(struct scanner *s)
{
	while (s->p < s->end && strchr(" \t\r\n", *s->p) && *s->p)
		advance(s);
}

static void skip_string(struct scanner *s)
{
	advance(s); /* opening quote */
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end)
			advance(s);
		advance(s);
	}
	if (s->p < s->end)
		advance(s);
}

static void scan_value(struct scanner *s, json_t *node);

static void scan_object(struct scanner *s, json_t *node)
{
	struct container *c = add_container(s->jp, node, here(s),
					    json_object_size(node));
	void *it = json_object_iter(node);
	size_t i = 0;

	advance(s); /* { */
	skip_space(s);
	while (s->p < s->end && *s->p != '}' && it && i < c->n) {
		json_t *child = json_object_iter_value(it);
		struct member *m = &c->members[i];

		m->key = json_object_iter_key(it);
		m->key_pos = here(s);
		skip_string(s);
		skip_space(s);
		if (s->p < s->end && *s->p == ':')
			advance(s);
		skip_space(s);
		m->value_pos = here(s);
		scan_value(s, child);
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
		it = json_object_iter_next(node, it);
		/* c may have moved when the table grew */
		c = find_slot(s->jp, node);
		i++;
	}
	if (s->p < s->end && *s->p == '}')
		advance(s);
}

static void scan_array(struct scanner *s, json_t *node)
{
	struct container *c = add_container(s->jp, node, here(s),
					    json_array_size(node));
	size_t i = 0;

	advance(s); /* [ */
	skip_space(s);
	while (s->p < s->end && *s->p != ']' && i < c->n) {
		c->members[i].value_pos = here(s);
		scan_value(s, json_array_get(node, i));
		skip_space(s);
		if (s->p < s->end && *s->p == ',')
			advance(s);
		skip_space(s);
		c = find_slot(s->jp, node);
		i++;
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
	struct jsonpos *jp = xcalloc(1, sizeof(*jp));
	struct scanner s = { text, text + len, 1, 1, jp };

	jp->file = file;
	/* a UTF-8 byte order mark is not part of the value */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		s.p += 3;
	skip_space(&s);
	jp->root = here(&s);
	scan_value(&s, root);
	return jp;
}

void jsonpos_free(struct jsonpos *jp)
{
	size_t i;

	if (!jp)
		return;
	for (i = 0; i < jp->nslots; i++)
		free(jp->slots[i].members);
	free(jp->slots);
	free(jp);
}

struct srcpos jsonpos_root(const struct jsonpos *jp)
{
	return jp->root;
}

struct srcpos jsonpos_node(const struct jsonpos *jp, json_t *node)
{
	const struct container *c = find_slot(jp, node);
	struct srcpos none = { jp->file, 0, 0 };

	return c && c->node ? c->pos : none;
}

static const struct member *find_member(const struct jsonpos *jp, json_t *obj,
					const char *key)
{
	const struct container *c = find_slot(jp, obj);
	size_t i;

	if (!c || !c->node)
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

struct srcpos jsonpos_elem(const struct jsonpos *jp, json_t *arr, size_t i)
{
	const struct container *c = find_slot(jp, arr);

	if (!c || !c->node || i >= c->n)
		return jsonpos_node(jp, arr);
	return c->members[i].value_pos;
}
