/*
 * hashtab.c: the one hash table (see hashtab.h): open addressing, linear
 * probing, backward-shift removal.
 */
#include "base/hashtab.h"

#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"

/* Linear probing stays quick up to three quarters full: the table grows
 * past that (the hashes kept in the slots make probes cheap). */
#define FULL(used, nslots) ((used) * 4 > (nslots) * 3)
/* 1 KiB: the small tables (a few keys, often looked up: jsonpos's live
 * containers, a layout's features) stay sparse, found at the first probe. */
#define MIN_SLOTS 64

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME 1099511628211ULL

/* 0 marks an empty slot: no key hashes to it.  The high half is folded
 * into the low bits, which pick the slot. */
static uint32_t finish(uint64_t h)
{
	uint32_t x = (uint32_t)(h ^ h >> 32);

	return x ? x : 1;
}

static unsigned char lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/* FNV-1a over key[0..len), ASCII letters lowered in a case-folding table. */
static uint32_t hash_mem(const struct hashtab *t, const char *key, size_t len)
{
	const unsigned char *p = (const unsigned char *)key, *end = p + len;
	uint64_t h = FNV_OFFSET;

	assert(t->keys != HASHTAB_NUMBERS);
	if (t->keys == HASHTAB_STRINGS_FOLD)
		for (; p < end; p++)
			h = (h ^ lower(*p)) * FNV_PRIME;
	else
		for (; p < end; p++)
			h = (h ^ *p) * FNV_PRIME;
	return finish(h);
}

/* The same hash of the C string key, and its length, in one pass. */
static uint32_t hash_cstr(const struct hashtab *t, const char *key, size_t *len)
{
	const unsigned char *p = (const unsigned char *)key;
	uint64_t h = FNV_OFFSET;

	assert(t->keys != HASHTAB_NUMBERS);
	if (t->keys == HASHTAB_STRINGS_FOLD)
		for (; *p; p++)
			h = (h ^ lower(*p)) * FNV_PRIME;
	else
		for (; *p; p++)
			h = (h ^ *p) * FNV_PRIME;
	*len = (size_t)(p - (const unsigned char *)key);
	return finish(h);
}

/* Fibonacci hashing: the multiplication spreads every bit of the key
 * over the high half, which finish() folds into the slot-picking low
 * bits (addresses differ only above their alignment, small numbers only
 * in their low bits). */
static uint32_t hash_num(const struct hashtab *t, uint64_t key)
{
	assert(t->keys == HASHTAB_NUMBERS);
	return finish(key * 0x9e3779b97f4a7c15ULL);
}

/* Whether the stored string is exactly key[0..len).  Its length is
 * measured first, reading no further than len + 1 bytes: a shorter one
 * differs (even from a key with a NUL inside, from a template's text),
 * and no byte past its end is read. */
static int same_str(const struct hashtab *t, uint64_t stored, const char *key,
		    size_t len)
{
	const char *s = (const char *)(uintptr_t)stored;

	if (strnlen(s, len + 1) != len)
		return 0;
	if (t->keys == HASHTAB_STRINGS_FOLD)
		return !strncasecmp(s, key, len);
	return !memcmp(s, key, len);
}

/* The slot holding the key, or the empty slot where it would go (the
 * table has slots: nslots is a power of two). */
static size_t find_str(const struct hashtab *t, uint32_t hash, const char *key,
		       size_t len)
{
	size_t mask = t->nslots - 1, i;

	for (i = hash & mask; t->slots[i].hash; i = (i + 1) & mask)
		if (t->slots[i].hash == hash && same_str(t, t->slots[i].key, key, len))
			break;
	return i;
}

static size_t find_num(const struct hashtab *t, uint32_t hash, uint64_t key)
{
	size_t mask = t->nslots - 1, i;

	for (i = hash & mask; t->slots[i].hash; i = (i + 1) & mask)
		if (t->slots[i].hash == hash && t->slots[i].key == key)
			break;
	return i;
}

/* Moves every entry into a table of nslots slots (a power of two with
 * room for them); keys are distinct, so the first free slot is the place. */
static void resize(struct hashtab *t, size_t nslots)
{
	struct hashtab_slot *old = t->slots;
	size_t oldn = t->nslots, i;

	assert(nslots && !(nslots & (nslots - 1)) && !FULL(t->used, nslots));
	t->nslots = nslots;
	t->slots = xcalloc(nslots, sizeof(*t->slots));
	for (i = 0; i < oldn; i++) {
		size_t j = old[i].hash & (nslots - 1);

		if (!old[i].hash)
			continue;
		while (t->slots[j].hash)
			j = (j + 1) & (nslots - 1);
		t->slots[j] = old[i];
	}
	free(old);
}

void hashtab_reserve(struct hashtab *t, size_t n)
{
	size_t nslots = t->nslots;

	if (!n)
		return;
	if (!nslots)
		nslots = MIN_SLOTS;
	while (FULL(n, nslots))
		nslots *= 2;
	if (nslots != t->nslots)
		resize(t, nslots);
}

/* Room for one more key before it is looked for (growing moves slots). */
static void make_room(struct hashtab *t)
{
	if (FULL(t->used + 1, t->nslots))
		resize(t, t->nslots ? 2 * t->nslots : MIN_SLOTS);
}

/* What get() answers for slot i. */
static int found(const struct hashtab *t, size_t i, size_t *value)
{
	if (!t->slots[i].hash)
		return 0;
	if (value)
		*value = t->slots[i].value;
	return 1;
}

/* What add() does with slot i, where the key is or would go. */
static int put(struct hashtab *t, size_t i, uint32_t hash, uint64_t key,
	       size_t value, size_t *existing)
{
	struct hashtab_slot *s = &t->slots[i];

	if (s->hash) {
		if (existing)
			*existing = s->value;
		return 0;
	}
	assert(value <= UINT32_MAX);
	s->key = key;
	s->hash = hash;
	s->value = (uint32_t)value;
	t->used++;
	return 1;
}

/* Empties slot hole and moves later entries of its probe run back, so
 * that every entry stays reachable from its home slot. */
static int remove_at(struct hashtab *t, size_t hole, size_t *value)
{
	size_t mask = t->nslots - 1, i;

	if (!found(t, hole, value))
		return 0;
	t->slots[hole].hash = 0;
	t->used--;
	for (i = (hole + 1) & mask; t->slots[i].hash; i = (i + 1) & mask) {
		size_t home = t->slots[i].hash & mask;

		/* the entry at i may fill the hole unless its home is in (hole, i] */
		if (((i - home) & mask) >= ((i - hole) & mask)) {
			t->slots[hole] = t->slots[i];
			t->slots[i].hash = 0;
			hole = i;
		}
	}
	return 1;
}

int hashtab_get_len(const struct hashtab *t, const char *key, size_t len,
		    size_t *value)
{
	uint32_t hash = hash_mem(t, key, len);

	return t->nslots && found(t, find_str(t, hash, key, len), value);
}

int hashtab_get(const struct hashtab *t, const char *key, size_t *value)
{
	size_t len;
	uint32_t hash = hash_cstr(t, key, &len);

	return t->nslots && found(t, find_str(t, hash, key, len), value);
}

int hashtab_add(struct hashtab *t, const char *key, size_t value, size_t *existing)
{
	size_t len;
	uint32_t hash = hash_cstr(t, key, &len);

	make_room(t);
	return put(t, find_str(t, hash, key, len), hash, (uint64_t)(uintptr_t)key,
		   value, existing);
}

int hashtab_remove(struct hashtab *t, const char *key, size_t *value)
{
	size_t len;
	uint32_t hash = hash_cstr(t, key, &len);

	return t->nslots && remove_at(t, find_str(t, hash, key, len), value);
}

int hashtab_get_num(const struct hashtab *t, uint64_t key, size_t *value)
{
	uint32_t hash = hash_num(t, key);

	return t->nslots && found(t, find_num(t, hash, key), value);
}

int hashtab_add_num(struct hashtab *t, uint64_t key, size_t value, size_t *existing)
{
	uint32_t hash = hash_num(t, key);

	make_room(t);
	return put(t, find_num(t, hash, key), hash, key, value, existing);
}

int hashtab_remove_num(struct hashtab *t, uint64_t key, size_t *value)
{
	uint32_t hash = hash_num(t, key);

	return t->nslots && remove_at(t, find_num(t, hash, key), value);
}

void hashtab_clear(struct hashtab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->nslots = t->used = 0;
}
