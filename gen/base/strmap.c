/*
 * strmap.c: open-addressing string hash map (see strmap.h).
 */
#include "base/strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/strbuf.h"

/* Open addressing stays quick up to three quarters full: the table is
 * grown past that (the hashes kept in the entries make probes cheap). */
#define FULL(used, nslots) ((used) * 4 > (nslots) * 3)

static uint32_t hash_key(const char *s, int fold)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (fold && c >= 'A' && c <= 'Z')
			c = (unsigned char)(c - 'A' + 'a');
		h = (h ^ c) * 1099511628211ULL;
	}
	return (uint32_t)(h ^ h >> 32);
}

static int same(const char *a, const char *b, int fold)
{
	return fold ? !strcasecmp(a, b) : !strcmp(a, b);
}

static struct strmap_entry *find(const struct strmap *map, const char *key,
				 uint32_t hash)
{
	size_t mask = map->nslots - 1;
	size_t i = hash & mask;

	while (map->slots[i].key && (map->slots[i].hash != hash ||
				     !same(map->slots[i].key, key, map->fold_case)))
		i = (i + 1) & mask;
	return &map->slots[i];
}

int strmap_get(const struct strmap *map, const char *key, size_t *value)
{
	struct strmap_entry *e;

	if (!map->nslots)
		return 0;
	e = find(map, key, hash_key(key, map->fold_case));
	if (!e->key)
		return 0;
	if (value)
		*value = e->value;
	return 1;
}

static void grow(struct strmap *map)
{
	struct strmap_entry *old = map->slots;
	size_t oldn = map->nslots, i;

	map->nslots = oldn ? oldn * 2 : 16;
	map->slots = xcalloc(map->nslots, sizeof(*map->slots));
	for (i = 0; i < oldn; i++) {
		size_t j = old[i].hash & (map->nslots - 1);

		if (!old[i].key)
			continue;
		/* keys are distinct: the first free slot is the place */
		while (map->slots[j].key)
			j = (j + 1) & (map->nslots - 1);
		map->slots[j] = old[i];
	}
	free(old);
}

void strmap_reserve(struct strmap *map, size_t n)
{
	while (FULL(n + 1, map->nslots))
		grow(map);
}

int strmap_add(struct strmap *map, const char *key, size_t value, size_t *existing)
{
	uint32_t hash = hash_key(key, map->fold_case);
	struct strmap_entry *e;

	assert(value <= UINT32_MAX);
	if (FULL(map->used + 1, map->nslots))
		grow(map);
	e = find(map, key, hash);
	if (e->key) {
		if (existing)
			*existing = e->value;
		return 0;
	}
	e->key = key;
	e->value = (uint32_t)value;
	e->hash = hash;
	map->used++;
	return 1;
}

void strmap_clear(struct strmap *map)
{
	free(map->slots);
	map->slots = NULL;
	map->nslots = map->used = 0;
}
