#!/bin/sh
# tests/build/test-one-way.sh: gen/ keeps one hash table and one growth
# idiom (tests/build/check-one-way.sh); and the check can fail: a copy of
# gen/ given a hand-grown array, a linear probe and a hash function of its
# own (the shapes of the tables and growths it replaced) is refused with
# the exact messages, while the same code in gen/base/ is not.
. tests/lib/common.sh
out=$(sh tests/build/check-one-way.sh 2>&1) && ok "gen/ has one hash table and one growth idiom" ||
	fail "hand-written tables or growth in gen/: $out"

make_tmpdir T
cp -r gen "$T/gen"
code='static size_t key_hash(const char *s) { return (size_t)*s; }
static void more(int **a, size_t n) { *a = xrealloc(*a, (n + 1) * sizeof(**a)); }
static size_t next(size_t i, size_t mask) { return (i + 1) & mask; }'
printf '%s\n' "$code" >>"$T/gen/base/os.c"
out=$(sh tests/build/check-one-way.sh "$T" 2>&1)
[ $? = 0 ] && ok "gen/base/ may hold them" || fail "gen/base/ was refused: $out"
n=$(wc -l <"$T/gen/output/view.c")
printf '%s\n' "$code" >>"$T/gen/output/view.c"
out=$(sh tests/build/check-one-way.sh "$T" 2>&1)
[ $? = 1 ] && ok "a copy with its own table and growth fails the check" ||
	fail "the check passed a violating copy"
want="gen/output/view.c:$((n + 1)): hashes for a hand-written table (use base/hashtab.h)
gen/output/view.c:$((n + 2)): grows an array by hand (use GROW_ARRAY, base/strbuf.h)
gen/output/view.c:$((n + 3)): probes a hand-written hash table (use base/hashtab.h)"
[ "$out" = "$want" ] && ok "exact messages" || fail "messages: got
$out
want
$want"
finish
