#!/bin/sh
# tests/xml/test-import-errors.sh: import's errors point at the input the
# user gave (issue 15, finding 4).  For each description of
# tests/xml/bad-import/ (cases.tsv lists them), "regdefgen import -o" must
# exit 1, print exactly the errors cases.tsv lists, each naming the
# description (or the document it includes) at the line and column of the
# element's "<" (one-line.xml: a one-line document, as QEMU serves them,
# with a comment holding a <reg> before the register), write
# nothing, and never name the temporary def it checks
# (/tmp/regdefgen-import.X/NAME.json, deleted by then) nor advise editing a
# def that was not written.  Before, the checker's errors named the
# temporary def ("/tmp/regdefgen-import.8Ez8AO/top.json:12:61: error: ...")
# and an unknown architecture got "set target.lldb_triple in the def".
# What an importer makes (an LLDB set from a group) is placed at the first
# register it came from; a feature at its <feature> element.
# Negative controls: a valid description imports (exit 0, def written) and
# an unknown architecture's def that checks gets the advice, as it is
# written; the manifest lists every case and every case has rows.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
R=$REGDEFGEN
D=tests/xml/bad-import
TAB=$(printf '\t')

# every description has rows, every row a description
for f in "$D"/*.xml; do
	c=${f##*/}
	grep -q "^$c$TAB" "$D/cases.tsv" || fail "$c: not in $D/cases.tsv"
done
cases=$(grep -v '^#' "$D/cases.tsv" | cut -f1 | awk '!seen[$0]++')
[ -n "$cases" ] || fail "no cases in $D/cases.tsv"

for c in $cases; do
	[ -f "$D/$c" ] || { fail "$c: listed but no $D/$c"; continue; }
	grep "^$c$TAB" "$D/cases.tsv" | cut -f2- >"$T/want"
	rm -f "$T/out.json"
	with_timeout 30 "$R" import -o "$T/out.json" "$D/$c" >"$T/out" 2>"$T/err"; rc=$?
	[ "$rc" = 1 ] && ok "$c: exit 1" || fail "$c: exit $rc, expected 1"
	grep -E ': error: |^regdefgen import:' "$T/err" >"$T/got"
	if cmp -s "$T/want" "$T/got"; then ok "$c: the errors, at the description's lines"; else
		fail "$c: errors differ (- expected, + printed):"; diff -u "$T/want" "$T/got" | sed '1,2d; s/^/    /' >&2
	fi
	[ ! -e "$T/out.json" ] && ok "$c: nothing written" || fail "$c: a def was written"
	[ ! -s "$T/out" ] || fail "$c: output on stdout"
	if grep -q 'regdefgen-import\.' "$T/err"; then fail "$c: names the temporary def:"; grep 'regdefgen-import\.' "$T/err" >&2
	else ok "$c: the temporary def is not named"; fi
	if grep -q 'in the def\|def lacks' "$T/err"; then fail "$c: advice about a def never written:"; grep 'in the def\|def lacks' "$T/err" >&2
	else ok "$c: no advice about a def never written"; fi
done

# --- negative controls ---
# the same descriptions made valid import, and a def is written
sed 's/bitsize="12" type="int"/bitsize="16" type="int"/' "$D/bitsize-not-bytes.xml" >"$T/good.xml"
with_timeout 30 "$R" import -o "$T/good.json" "$T/good.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && grep -q '"name": "odd", "bitsize": 16' "$T/good.json" &&
	ok "negative control: bitsize 16 imports, def written" || { fail "control: exit $rc"; cat "$T/err" >&2; }
sed 's/bitsize="12"/bitsize="16"/' "$D/unknown-arch.xml" >"$T/m68k.xml"
with_timeout 30 "$R" import -o "$T/m68k.json" "$T/m68k.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && [ -s "$T/m68k.json" ] &&
	grep -qxF "$T/m68k.xml: warning: the def lacks target.endian and target.lldb_triple (regdefgen does not know the architecture 'm68k'): add them before generating from it (regdefgen supports little-endian only: a big-endian architecture's def is refused)" "$T/err" &&
	ok "negative control: an unknown architecture's def that checks is written, with the advice" ||
	{ fail "unknown-architecture control: exit $rc"; cat "$T/err" >&2; }
finish
