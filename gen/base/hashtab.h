/*
 * hashtab.h: the one hash table of regdefgen.  Every lookup by key goes
 * through it: registers, types and sets by name (the checker, the loader,
 * the view), architectures' register names, written paths, DWARF and
 * eh_frame numbers, jansson nodes by address (jsonpos), template key names.
 *
 * A table maps keys to indices (size_t values up to UINT32_MAX, usually a
 * position in the caller's array, which holds the records).  Its keys are
 * of one kind, chosen when it is set up:
 *
 *   HASHTAB_STRINGS       C strings, compared byte for byte
 *   HASHTAB_STRINGS_FOLD  C strings, ASCII letters compared without case
 *   HASHTAB_NUMBERS       64-bit integers; a pointer is the number
 *                         (uintptr_t)p
 *
 * Open addressing with linear probing, at most three quarters full, so a
 * lookup or an insert is O(1) on average whatever the size; each slot
 * keeps its key's hash, so probing and growing compare no strings.
 * Removal shifts the rest of the probe run back (no tombstones).
 *
 * Ownership: the table copies no key; string keys are borrowed and must
 * outlive the table (or their removal).  hashtab_clear() frees the slots.
 */
#ifndef REGDEFGEN_HASHTAB_H
#define REGDEFGEN_HASHTAB_H

#include <stddef.h>
#include <stdint.h>

enum hashtab_keys { HASHTAB_STRINGS, HASHTAB_STRINGS_FOLD, HASHTAB_NUMBERS };

/* 16 bytes: a table of every register's name is one of the largest
 * allocations of a large layout. */
struct hashtab_slot {
	uint64_t key;   /* the number, or the string's address */
	uint32_t hash;  /* of the key; 0 marks an empty slot (hashes never are) */
	uint32_t value;
};

struct hashtab {
	struct hashtab_slot *slots;
	size_t nslots; /* 0 or a power of two */
	size_t used;
	enum hashtab_keys keys;
};

/* A zeroed struct hashtab is an empty HASHTAB_STRINGS table too. */
#define HASHTAB_INIT(keys) { NULL, 0, 0, (keys) }

/* String keys (a HASHTAB_STRINGS or HASHTAB_STRINGS_FOLD table).
 * get: returns 1 and sets *value (if value is not NULL) if key is
 * present, else 0.  add: adds key -> value unless key is present; returns
 * 1 if added, 0 if it was there (then *existing, if not NULL, gets its
 * value).  remove: returns 1 if key was there (and sets *value, if value
 * is not NULL, to what it held), else 0. */
int hashtab_get(const struct hashtab *t, const char *key, size_t *value);
int hashtab_add(struct hashtab *t, const char *key, size_t value, size_t *existing);
int hashtab_remove(struct hashtab *t, const char *key, size_t *value);
/* The same lookup for key[0..len), which need not be NUL-terminated (a
 * name inside a template's text); it matches a stored key of exactly len
 * bytes. */
int hashtab_get_len(const struct hashtab *t, const char *key, size_t len,
		    size_t *value);

/* Number keys (a HASHTAB_NUMBERS table): the same three. */
int hashtab_get_num(const struct hashtab *t, uint64_t key, size_t *value);
int hashtab_add_num(struct hashtab *t, uint64_t key, size_t value, size_t *existing);
int hashtab_remove_num(struct hashtab *t, uint64_t key, size_t *value);

/* Makes room for n keys in all, so that adding them grows nothing (saves
 * the rehashing of a table whose size is known). */
void hashtab_reserve(struct hashtab *t, size_t n);
/* Frees the slots; the table is empty, of the same kind, and reusable. */
void hashtab_clear(struct hashtab *t);

#endif
