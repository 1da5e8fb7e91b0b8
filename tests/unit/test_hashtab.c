/*
 * test_hashtab.c: unit tests of the one hash table (gen/base/hashtab.c).
 *
 * String keys (exact and case-folded, and lookups of a name inside a longer
 * text), number keys (0 is a key like any other: rax's DWARF number) and
 * pointers; keys that collide on one home slot form a probe run that
 * wraps past the last slot, and removing any of them leaves the others
 * reachable; growth keeps every entry and the table at most three
 * quarters full; reserve() makes later adds grow nothing; clear() leaves
 * a usable table.
 *
 * Usage: test_hashtab (arguments are ignored)
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/hashtab.h"

#define SMALLEST 64 /* slots of a table's first allocation */

/* Where number key sits alone in a fresh table: its home slot. */
static size_t home_of(uint64_t key)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);
	size_t i, home = (size_t)-1;

	hashtab_add_num(&t, key, 0, NULL);
	for (i = 0; i < t.nslots; i++)
		if (t.slots[i].hash)
			home = i;
	assert_int_equal(t.nslots, SMALLEST);
	hashtab_clear(&t);
	return home;
}

/* n number keys (from 1000 up) whose home slot in the smallest table is home. */
static void colliding_keys(size_t home, uint64_t *keys, size_t n)
{
	uint64_t k;
	size_t got = 0;

	for (k = 1000; got < n; k++)
		if (home_of(k) == home)
			keys[got++] = k;
}

static void test_strings(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_STRINGS);
	size_t v = 99;

	(void)state;
	assert_int_equal(hashtab_get(&t, "rax", &v), 0); /* an empty table */
	assert_int_equal(v, 99);
	assert_int_equal(hashtab_add(&t, "rax", 0, NULL), 1);
	assert_int_equal(hashtab_add(&t, "rbx", 1, NULL), 1);
	assert_int_equal(hashtab_add(&t, "rax", 7, &v), 0); /* kept, not replaced */
	assert_int_equal(v, 0);
	assert_int_equal(hashtab_get(&t, "rax", &v), 1);
	assert_int_equal(v, 0);
	assert_int_equal(hashtab_get(&t, "rbx", &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(hashtab_get(&t, "RAX", NULL), 0); /* case matters here */
	assert_int_equal(hashtab_get(&t, "ra", NULL), 0);
	assert_int_equal(hashtab_get(&t, "raxx", NULL), 0);
	assert_int_equal(hashtab_get(&t, "", NULL), 0);
	assert_int_equal(t.used, 2);
	/* keys are compared, not their addresses */
	{
		char copy[] = "rbx";

		assert_int_equal(hashtab_get(&t, copy, &v), 1);
		assert_int_equal(v, 1);
	}
	v = 99;
	assert_int_equal(hashtab_remove(&t, "rax", &v), 1);
	assert_int_equal(v, 0); /* what it held */
	assert_int_equal(hashtab_remove(&t, "rax", &v), 0);
	assert_int_equal(hashtab_get(&t, "rax", NULL), 0);
	assert_int_equal(hashtab_get(&t, "rbx", &v), 1);
	assert_int_equal(t.used, 1);
	hashtab_clear(&t);
}

static void test_strings_fold(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_STRINGS_FOLD);
	size_t v = 0;

	(void)state;
	assert_int_equal(hashtab_add(&t, "Xmm0", 4, NULL), 1);
	assert_int_equal(hashtab_get(&t, "XMM0", &v), 1);
	assert_int_equal(v, 4);
	assert_int_equal(hashtab_get(&t, "xmm0", &v), 1);
	assert_int_equal(hashtab_add(&t, "xMM0", 5, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(hashtab_get(&t, "xmm1", NULL), 0);
	hashtab_clear(&t);
}

static void test_get_len(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_STRINGS);
	const char *text = "{{name}}{{names}}";
	size_t v = 0;

	(void)state;
	assert_int_equal(hashtab_add(&t, "name", 1, NULL), 1);
	assert_int_equal(hashtab_add(&t, "nam", 2, NULL), 1);
	assert_int_equal(hashtab_get_len(&t, text + 2, 4, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(hashtab_get_len(&t, text + 2, 3, &v), 1);
	assert_int_equal(v, 2);
	assert_int_equal(hashtab_get_len(&t, text + 10, 5, NULL), 0); /* "names" */
	assert_int_equal(hashtab_get_len(&t, text + 2, 2, NULL), 0);  /* "na" */
	/* a NUL inside the looked-for name matches no stored key, not even
	 * the stored prefix before it (the stored key is "nam") */
	assert_int_equal(hashtab_get_len(&t, "nam\0x", 5, NULL), 0);
	assert_int_equal(hashtab_get_len(&t, "nam\0", 4, NULL), 0);
	hashtab_clear(&t);
}

static void test_numbers_and_pointers(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);
	int a, b;
	size_t v = 99;

	(void)state;
	/* 0 is a key, not an empty slot */
	assert_int_equal(hashtab_get_num(&t, 0, &v), 0);
	assert_int_equal(hashtab_add_num(&t, 0, 17, NULL), 1);
	assert_int_equal(hashtab_get_num(&t, 0, &v), 1);
	assert_int_equal(v, 17);
	assert_int_equal(hashtab_add_num(&t, 0, 18, &v), 0);
	assert_int_equal(v, 17);
	assert_int_equal(hashtab_add_num(&t, UINT64_MAX, UINT32_MAX, NULL), 1);
	assert_int_equal(hashtab_get_num(&t, UINT64_MAX, &v), 1);
	assert_int_equal(v, UINT32_MAX);
	assert_int_equal(hashtab_get_num(&t, (uint64_t)-2, NULL), 0);
	/* DWARF numbers are int64_t; -1 is its own key */
	assert_int_equal(hashtab_add_num(&t, (uint64_t)(int64_t)-1, 3, &v), 0);
	assert_int_equal(v, UINT32_MAX); /* -1 is UINT64_MAX */
	assert_int_equal(hashtab_add_num(&t, (uintptr_t)&a, 1, NULL), 1);
	assert_int_equal(hashtab_add_num(&t, (uintptr_t)&b, 2, NULL), 1);
	assert_int_equal(hashtab_get_num(&t, (uintptr_t)&a, &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(hashtab_get_num(&t, (uintptr_t)&b, &v), 1);
	assert_int_equal(v, 2);
	assert_int_equal(t.used, 4);
	hashtab_clear(&t);
	assert_int_equal(hashtab_get_num(&t, 0, NULL), 0);
	assert_int_equal(t.used, 0);
	/* cleared tables are reusable */
	assert_int_equal(hashtab_add_num(&t, 5, 6, NULL), 1);
	assert_int_equal(hashtab_get_num(&t, 5, &v), 1);
	assert_int_equal(v, 6);
	hashtab_clear(&t);
}

/* Keys that share a home slot sit one after another; removing any one
 * (first, middle, last of the run) leaves the others reachable. */
static void test_collisions_and_removal(void **state)
{
	uint64_t keys[5];
	size_t gone, i, v;

	(void)state;
	colliding_keys(SMALLEST - 2, keys, 5); /* the run wraps: 62, 63, 0, 1, 2 */
	for (gone = 0; gone < 5; gone++) {
		struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);

		for (i = 0; i < 5; i++)
			assert_int_equal(hashtab_add_num(&t, keys[i], i, NULL), 1);
		assert_int_equal(t.nslots, SMALLEST); /* no growth hid the collisions */
		for (i = 0; i < 5; i++)
			assert_int_equal(t.slots[(SMALLEST - 2 + i) % SMALLEST].key, keys[i]);
		assert_int_equal(hashtab_remove_num(&t, keys[gone], &v), 1);
		assert_int_equal(v, gone);
		assert_int_equal(hashtab_remove_num(&t, keys[gone], NULL), 0);
		assert_int_equal(t.used, 4);
		for (i = 0; i < 5; i++) {
			v = 99;
			assert_int_equal(hashtab_get_num(&t, keys[i], &v), i != gone);
			assert_int_equal(v, i != gone ? i : 99);
		}
		/* the run closed up: slot 2, its old end, is empty again */
		assert_int_equal(t.slots[2].hash, 0);
		/* and the key can come back */
		assert_int_equal(hashtab_add_num(&t, keys[gone], 42, NULL), 1);
		assert_int_equal(hashtab_get_num(&t, keys[gone], &v), 1);
		assert_int_equal(v, 42);
		hashtab_clear(&t);
	}
}

/* A removal moves an entry back only as far as its home slot: one homed
 * after the hole stays where it is, one homed at or before it moves in. */
static void test_removal_keeps_other_homes(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);
	uint64_t at3[2], at4[1];
	size_t v;

	(void)state;
	colliding_keys(3, at3, 2);
	colliding_keys(4, at4, 1);
	/* 3: at3[0], 4: at4[0] (its home), 5: at3[1] (pushed on twice) */
	hashtab_add_num(&t, at3[0], 0, NULL);
	hashtab_add_num(&t, at4[0], 1, NULL);
	hashtab_add_num(&t, at3[1], 2, NULL);
	assert_int_equal(t.slots[4].key, at4[0]);
	assert_int_equal(t.slots[5].key, at3[1]);
	assert_int_equal(hashtab_remove_num(&t, at3[0], NULL), 1);
	/* at4[0] stays at its home 4; at3[1] moves into the hole at 3 */
	assert_int_equal(t.slots[3].key, at3[1]);
	assert_int_equal(t.slots[4].key, at4[0]);
	assert_int_equal(t.slots[5].hash, 0);
	assert_int_equal(hashtab_get_num(&t, at4[0], &v), 1);
	assert_int_equal(v, 1);
	assert_int_equal(hashtab_get_num(&t, at3[1], &v), 1);
	assert_int_equal(v, 2);
	hashtab_clear(&t);
}

static void test_growth(void **state)
{
	enum { N = 100000 };
	struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);
	struct hashtab s = HASHTAB_INIT(HASHTAB_STRINGS);
	char (*names)[16] = calloc(N, sizeof(*names));
	size_t i, v;

	(void)state;
	assert_non_null(names);
	for (i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "r%zu", i);
		assert_int_equal(hashtab_add_num(&t, i * 8, i, NULL), 1);
		assert_int_equal(hashtab_add(&s, names[i], i, NULL), 1);
		/* a power of two, at most three quarters full */
		assert_int_equal(t.nslots & (t.nslots - 1), 0);
		assert_true(t.used * 4 <= t.nslots * 3);
	}
	assert_int_equal(t.used, N);
	assert_int_equal(t.nslots, 262144); /* 131072 would be over 3/4 */
	for (i = 0; i < N; i++) {
		assert_int_equal(hashtab_get_num(&t, i * 8, &v), 1);
		assert_int_equal(v, i);
		assert_int_equal(hashtab_get(&s, names[i], &v), 1);
		assert_int_equal(v, i);
	}
	assert_int_equal(hashtab_get_num(&t, 4, NULL), 0);
	assert_int_equal(hashtab_get(&s, "r100000", NULL), 0);
	/* removing every other key keeps the rest */
	for (i = 0; i < N; i += 2)
		assert_int_equal(hashtab_remove_num(&t, i * 8, NULL), 1);
	for (i = 0; i < N; i++)
		assert_int_equal(hashtab_get_num(&t, i * 8, NULL), (int)(i & 1));
	assert_int_equal(t.used, N / 2);
	hashtab_clear(&t);
	hashtab_clear(&s);
	free(names);
}

static void test_reserve(void **state)
{
	struct hashtab t = HASHTAB_INIT(HASHTAB_NUMBERS);
	struct hashtab_slot *slots;
	size_t i, nslots;

	(void)state;
	hashtab_reserve(&t, 0);
	assert_int_equal(t.nslots, 0); /* nothing asked, nothing allocated */
	hashtab_reserve(&t, 1000);
	slots = t.slots;
	nslots = t.nslots;
	assert_int_equal(nslots, 2048); /* 1024 slots hold at most 768 */
	for (i = 0; i < 1000; i++)
		hashtab_add_num(&t, i, i, NULL);
	assert_ptr_equal(t.slots, slots);
	assert_int_equal(t.nslots, nslots);
	/* the 1537th key grows it: 1536 is three quarters of 2048 */
	for (; i < 1536; i++)
		hashtab_add_num(&t, i, i, NULL);
	assert_int_equal(t.nslots, 2048);
	hashtab_add_num(&t, i, i, NULL);
	assert_int_equal(t.nslots, 4096);
	hashtab_clear(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_strings_fold),
		cmocka_unit_test(test_get_len),
		cmocka_unit_test(test_numbers_and_pointers),
		cmocka_unit_test(test_collisions_and_removal),
		cmocka_unit_test(test_removal_keeps_other_homes),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_reserve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
