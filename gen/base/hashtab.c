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
#define MIN_SLOTS 16

/* 0 marks an empty slot: no key hashes to it. */
static uint32_t finish(uint64_t h)
{
	uint32_t x = (uint32_t)(h ^ h >> 32);

	return x ? x : 1;
}

/* FNV-1a over key[0..len), with ASCII letters lowered if fold. */
static uint32_t hash_str(const char *key, size_t len, int fold)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)key[i];

		if (fold && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return finish(h);
}

/* MurmurHash3's 64-bit finaliser: every bit of the key moves the low bits
 * that pick the slot (addresses differ only above their alignment, small
 * numbers only in their low bits). */
static uint32_t hash_num(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return finish(k);
}

static const char *str_of(uint64_t key)
{
	return (const char *)(uintptr_t)key;
}

/* Whether the stored string is exactly key[0..len) (no NUL inside it):
 * strncmp stops at the stored string's end, so a shorter one differs. */
static int same_str(const struct hashtab *t, uint64_t stored, const char *key,
		    size_t len)
{
	const char *s = str_of(stored);

	if (t->keys == HASHTAB_STRINGS_FOLD)
		return !strncasecmp(s, key, len) && !s[len];
	return !strncmp(s, key, len) && !s[len];
}

/* The slot holding the key (str[0..len) for string tables, else num), or
 * the empty slot where it would go.  The table has slots. */
static size_t find(const struct hashtab *t, uint32_t hash, uint64_t num,
		   const char *str, size_t len)
{
	size_t mask = t->nslots - 1, i;

	assert(t->nslots && !(t->nslots & mask));
	for (i = hash & mask;; i = (i + 1) & mask) {
		const struct hashtab_slot *s = &t->slots[i];

		if (!s->hash)
			return i;
		if (s->hash == hash &&
		    (str ? same_str(t, s->key, str, len) : s->key == num))
			return i;
	}
}

/* Moves every entry into a table of nslots slots (a power of two with
 * room for them); keys are distinct, so the first free slot is the place. */
static void resize(struct hashtab *t, size_t nslots)
{
	struct hashtab_slot *old = t->slots;
	size_t oldn = t->nslots, i;

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

static int get(const struct hashtab *t, uint32_t hash, uint64_t num,
	       const char *str, size_t len, size_t *value)
{
	const struct hashtab_slot *s;

	if (!t->nslots)
		return 0;
	s = &t->slots[find(t, hash, num, str, len)];
	if (!s->hash)
		return 0;
	if (value)
		*value = s->value;
	return 1;
}

static int add(struct hashtab *t, uint32_t hash, uint64_t key, const char *str,
	       size_t len, size_t value, size_t *existing)
{
	struct hashtab_slot *s;

	assert(value <= UINT32_MAX);
	hashtab_reserve(t, t->used + 1);
	s = &t->slots[find(t, hash, key, str, len)];
	if (s->hash) {
		if (existing)
			*existing = s->value;
		return 0;
	}
	s->key = key;
	s->hash = hash;
	s->value = (uint32_t)value;
	t->used++;
	return 1;
}

/* Empties the slot of the key and moves later entries of its probe run
 * back, so that every entry stays reachable from its home slot. */
static int remove_key(struct hashtab *t, uint32_t hash, uint64_t num,
		      const char *str, size_t len)
{
	size_t mask = t->nslots - 1, hole, i;

	if (!t->nslots)
		return 0;
	hole = find(t, hash, num, str, len);
	if (!t->slots[hole].hash)
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

static int is_strings(const struct hashtab *t)
{
	return t->keys == HASHTAB_STRINGS || t->keys == HASHTAB_STRINGS_FOLD;
}

static uint32_t hash_of(const struct hashtab *t, const char *key, size_t len)
{
	assert(is_strings(t) && key);
	return hash_str(key, len, t->keys == HASHTAB_STRINGS_FOLD);
}

int hashtab_get_len(const struct hashtab *t, const char *key, size_t len,
		    size_t *value)
{
	return get(t, hash_of(t, key, len), 0, key, len, value);
}

int hashtab_get(const struct hashtab *t, const char *key, size_t *value)
{
	return hashtab_get_len(t, key, strlen(key), value);
}

int hashtab_add(struct hashtab *t, const char *key, size_t value, size_t *existing)
{
	size_t len = strlen(key);

	return add(t, hash_of(t, key, len), (uint64_t)(uintptr_t)key, key, len,
		   value, existing);
}

int hashtab_remove(struct hashtab *t, const char *key)
{
	size_t len = strlen(key);

	return remove_key(t, hash_of(t, key, len), 0, key, len);
}

int hashtab_get_num(const struct hashtab *t, uint64_t key, size_t *value)
{
	assert(t->keys == HASHTAB_NUMBERS);
	return get(t, hash_num(key), key, NULL, 0, value);
}

int hashtab_add_num(struct hashtab *t, uint64_t key, size_t value, size_t *existing)
{
	assert(t->keys == HASHTAB_NUMBERS);
	return add(t, hash_num(key), key, NULL, 0, value, existing);
}

int hashtab_remove_num(struct hashtab *t, uint64_t key)
{
	assert(t->keys == HASHTAB_NUMBERS);
	return remove_key(t, hash_num(key), key, NULL, 0);
}

void hashtab_clear(struct hashtab *t)
{
	free(t->slots);
	t->slots = NULL;
	t->nslots = t->used = 0;
}
