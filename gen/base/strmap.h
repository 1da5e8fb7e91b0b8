/*
 * strmap.h: a string-keyed hash map to size_t, for the name lookups of the
 * checker and the view (register by name, type by id, ...).  Lookups and
 * inserts are O(1) on average, so no check is quadratic in the number of
 * registers.
 *
 * Ownership: the map copies nothing; keys are borrowed and must outlive it.
 */
#ifndef REGDEFGEN_STRMAP_H
#define REGDEFGEN_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* 16 bytes: a map of every register's name is one of the largest tables
 * of a large layout. */
struct strmap_entry {
	const char *key;
	uint32_t value; /* values are indices: at most UINT32_MAX */
	uint32_t hash;  /* of key, so probes and growth compare no strings */
};

struct strmap {
	struct strmap_entry *slots;
	size_t nslots;
	size_t used;
	int fold_case; /* compare keys ASCII-case-insensitively */
};

#define STRMAP_INIT { NULL, 0, 0, 0 }

/* Returns 1 and sets *value if key is present, else 0. */
int strmap_get(const struct strmap *map, const char *key, size_t *value);
/* Adds key -> value unless key is present; returns 1 if added, 0 if it
 * was already there (then *existing, if not NULL, gets its value). */
int strmap_add(struct strmap *map, const char *key, size_t value, size_t *existing);
/* Makes room for n keys at once (saves rehashing a map whose size is known). */
void strmap_reserve(struct strmap *map, size_t n);
void strmap_clear(struct strmap *map);

#endif
