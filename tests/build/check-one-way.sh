#!/bin/sh
# check-one-way.sh [ROOT]: gen/ has one hash table (base/hashtab.h) and one
# way to grow an array (GROW_ARRAY, base/strbuf.h); outside gen/base/ no
# file reallocates by hand or writes its own table.  The signs looked for
# are what every hand-written table and growth had: a call to realloc or
# xrealloc, a linear-probing step "(i + 1) & mask", a function named
# hash-something.  Prints each finding as FILE:LINE: ...; exit 1 if any.
cd "${1:-$(dirname "$0")/../..}" || exit 2
bad=0
for f in gen/*/*.[ch] gen/*/*/*.[ch]; do
	[ -f "$f" ] || continue
	case $f in gen/base/*) continue ;; esac
	out=$(awk -v f="$f" '
		/(^|[^a-z_])x?realloc[ \t]*\(/ {
			print f ":" FNR ": grows an array by hand (use GROW_ARRAY, base/strbuf.h)" }
		/\+ 1\)[ \t]*&/ {
			print f ":" FNR ": probes a hand-written hash table (use base/hashtab.h)" }
		/^(static[ \t]+)?[a-z_0-9]+[ \t*]+[a-z_0-9]*hash[a-z_0-9]*[ \t]*\(/ {
			print f ":" FNR ": hashes for a hand-written table (use base/hashtab.h)" }
	' "$f")
	[ -n "$out" ] && { echo "$out"; bad=1; }
done
exit $bad
