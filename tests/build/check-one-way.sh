#!/bin/sh
# check-one-way.sh [ROOT]: gen/ has one hash table (base/hashtab.h) and one
# way to grow an array (GROW_ARRAY, base/strbuf.h); outside gen/base/ no
# file reallocates by hand or writes its own table.  The signs looked for
# are what every hand-written table and growth had: a call to realloc or
# xrealloc, a linear-probing step "(i + 1) & mask", a function named
# hash-something.  Also one place for LLDB's constants (model/known.c:
# no other file of gen/ spells one in a string, no template spells one)
# and no error count in diag (a stage returns its errors to its caller).
# Prints each finding as FILE:LINE: ...; exit 1 if any.
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
		f !~ /^gen\/model\/known\.[ch]$/ && /"(eFormat|eEncoding|eByteOrder|LLDB_REGNUM_|LLDB_INVALID_REGNUM)/ {
			print f ":" FNR ": spells an LLDB constant (they are in model/known.c)" }
		f ~ /^gen\/model\/diag\.[ch]$/ && /_count[ \t]*\(/ {
			print f ":" FNR ": diag counts errors (return them to the caller)" }
	' "$f")
	[ -n "$out" ] && { echo "$out"; bad=1; }
done
for f in templates/*.mustache; do
	[ -f "$f" ] || continue
	out=$(awk -v f="$f" '
		/(eFormat|eEncoding|eByteOrder|LLDB_REGNUM_|LLDB_INVALID_REGNUM)/ {
			print f ":" FNR ": spells an LLDB constant (use the view'"'"'s lldb_* keys)" }
	' "$f")
	[ -n "$out" ] && { echo "$out"; bad=1; }
done
exit $bad
