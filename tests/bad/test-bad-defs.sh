#!/bin/sh
# tests/bad/test-bad-defs.sh: regdefgen must reject every bad input of the
# corpus in tests/bad with exactly the diagnostics tests/bad/cases.tsv lists,
# exit 1, and leave the output folder exactly as it was.
#
# For each case NAME.json both "regdefgen check" and "regdefgen generate" run
# on tests/bad/NAME.json; for each case templates/NAME, "check" must accept
# the folder's valid def (tmpl.json) and "generate --templates" must reject
# the folder's templates.  generate writes into a folder pre-populated with
# files (one of them an output of the same layout name) whose listing,
# inodes, sizes, modes, timestamps and checksums must not change: nothing
# created, changed, renamed over or left behind, no temporary file either
# (creating and removing one would change its folder's timestamps).
#
# Then usage errors: unknown options, missing option arguments, no defs and
# unknown commands must exit 2 with "usage:" text and write nothing.
#
# Run from the repository root (tests/run does).  BAD_CASES overrides the
# manifest (to check that this test can fail).
. tests/lib/common.sh

CASES=${BAD_CASES:-tests/bad/cases.tsv}
TAB=$(printf '\t')
make_tmpdir WORK

[ -x "$REGDEFGEN" ] || { fail "no regdefgen at $REGDEFGEN (run make)"; finish; }
[ -r "$CASES" ] || { fail "no manifest $CASES"; finish; }

# snapshot DIR: one line per entry below DIR (DIR included): type, inode,
# size, mode, modification and change times, checksum, path.
snapshot() {
	(cd "$1" && find . -print | LC_ALL=C sort | while IFS= read -r p; do
		if [ -f "$p" ]; then sum=$(cksum <"$p"); else sum=-; fi
		printf '%s | %s | %s\n' "$(stat -c '%F %i %s %a %y %z' "$p")" "$sum" "$p"
	done)
}

# populate DIR LAYOUT: an output folder that already holds files, one of them
# an output of LAYOUT, all dated in the past so a rewrite would show.
populate() {
	mkdir -p "$1/$2" "$1/other"
	printf 'stale target.xml of %s\n' "$2" >"$1/$2/target.xml"
	printf '/* another layout */\n' >"$1/other/other_regs.h"
	printf 'not regdefgen output\n' >"$1/README"
	find "$1" -exec touch -t 200101010000 {} +
}

# The output folder must not have changed since snapshot $WORK/before.
check_untouched() { # DIR WHAT
	snapshot "$1" >"$WORK/after"
	if ! cmp -s "$WORK/before" "$WORK/after"; then
		fail "$2: the output folder changed:"
		diff "$WORK/before" "$WORK/after" | sed 's/^/    /' >&2
	fi
}

# expect NAME WANT_RC GOT_RC EXPECTED_STDERR_FILE: compares the last run
# ($WORK/out, $WORK/err) with the expectation.
expect() {
	_ok=1
	if [ "$3" != "$2" ]; then
		fail "$1: exit status $3, expected $2"
		_ok=0
	fi
	if ! cmp -s "$4" "$WORK/err"; then
		fail "$1: stderr differs (- expected, + actual):"
		diff -u "$4" "$WORK/err" | sed '1,2d; s/^/    /' >&2
		_ok=0
	fi
	if [ -s "$WORK/out" ]; then
		fail "$1: unexpected stdout:"
		sed 's/^/    /' "$WORK/out" >&2
		_ok=0
	fi
	return $((1 - _ok))
}

# ---- the manifest itself ----

# Every row has three fields; a case's rows are consecutive and agree on the
# exit status; the exit status is 1.
awk -F"$TAB" '
	/^#/ || /^$/ { next }
	NF != 3 { printf "%s:%d: expected 3 tab-separated fields, got %d\n", FILENAME, NR, NF; bad = 1; next }
	$2 != 1 { printf "%s:%d: case %s: exit status must be 1, not %s\n", FILENAME, NR, $1, $2; bad = 1 }
	$1 != prev && ($1 in seen) { printf "%s:%d: rows of case %s are not consecutive\n", FILENAME, NR, $1; bad = 1 }
	{ seen[$1] = 1; prev = $1 }
	END { exit bad }
' "$CASES" >"$WORK/lint" || fail "malformed manifest: $(cat "$WORK/lint")"

awk -F"$TAB" '!/^#/ && NF == 3 && !seen[$1]++ { print $1 }' "$CASES" >"$WORK/cases"

# Every corpus file is a case (an unlisted one would never run) and every
# case exists (except the one about a missing def).
for f in tests/bad/*.json tests/bad/templates/*/; do
	[ -e "$f" ] || continue
	name=${f#tests/bad/}
	name=${name%/}
	grep -qxF "$name" "$WORK/cases" || fail "$f is not listed in $CASES"
done
while IFS= read -r name; do
	case $name in
	no-such-*) ;;
	*) [ -e "tests/bad/$name" ] || fail "case $name: tests/bad/$name does not exist" ;;
	esac
done <"$WORK/cases"

# ---- the cases ----

ncases=0
while IFS= read -r name; do
	ncases=$((ncases + 1))
	awk -F"$TAB" -v c="$name" '$1 == c && !/^#/ {
		sub("^[^\t]*\t[^\t]*\t", ""); print }' "$CASES" >"$WORK/expected"
	want=$(awk -F"$TAB" -v c="$name" '$1 == c && !/^#/ { print $2; exit }' "$CASES")
	out=$WORK/out.$ncases
	case $name in
	templates/*)
		dir=tests/bad/$name
		def=$dir/tmpl.json
		layout=tmpl
		# the def is valid: check accepts it and says so (it may warn)
		"$REGDEFGEN" check "$def" >"$WORK/out" 2>"$WORK/err"
		rc=$?
		if [ "$rc" != 0 ] || grep -q ': error: ' "$WORK/err" ||
		   ! grep -q "^$def: ok: " "$WORK/out"; then
			fail "$name: check rejects the valid def $def (exit $rc):"
			sed 's/^/    /' "$WORK/err" >&2
		fi
		set -- --templates "$dir"
		;;
	*)
		def=tests/bad/$name
		layout=$(basename "$name" .json)
		"$REGDEFGEN" check "$def" >"$WORK/out" 2>"$WORK/err"
		expect "check $name" "$want" $? "$WORK/expected"
		set --
		;;
	esac
	populate "$out" "$layout"
	snapshot "$out" >"$WORK/before"
	"$REGDEFGEN" generate -o "$out" --depfile "$out/$layout.d" "$@" "$def" \
		>"$WORK/out" 2>"$WORK/err"
	expect "generate $name" "$want" $? "$WORK/expected" && ok "$name"
	check_untouched "$out" "generate $name"
	rm -rf "$out"
done <"$WORK/cases"
[ "$ncases" -gt 0 ] || fail "no cases in $CASES"
ok "$ncases bad-input cases"

# ---- usage errors: exit 2, "usage:" on stderr, nothing on stdout or disk ----

# usage NAME FIRST ARGS...: the first stderr line must start with FIRST.
out=$WORK/usage-out
populate "$out" i386
usage() {
	_name=$1 _first=$2
	shift 2
	snapshot "$out" >"$WORK/before"
	"$REGDEFGEN" "$@" >"$WORK/out" 2>"$WORK/err"
	_rc=$?
	_ok=1
	[ "$_rc" = 2 ] || { fail "$_name: exit status $_rc, expected 2"; _ok=0; }
	if ! grep -q '^usage: regdefgen' "$WORK/err"; then
		fail "$_name: no usage text on stderr:"
		sed 's/^/    /' "$WORK/err" >&2
		_ok=0
	fi
	case $(sed -n 1p "$WORK/err") in
	"$_first"*) ;;
	*)
		fail "$_name: first stderr line is '$(sed -n 1p "$WORK/err")', expected '$_first...'"
		_ok=0
		;;
	esac
	[ -s "$WORK/out" ] && { fail "$_name: unexpected stdout: $(cat "$WORK/out")"; _ok=0; }
	check_untouched "$out" "$_name"
	[ "$_ok" = 1 ] && ok "usage error: $_name"
}

usage "no command" "usage: regdefgen <command>"
usage "unknown command" "regdefgen: 'frobnicate' is not a regdefgen command" \
	frobnicate defs/i386.json
usage "check without defs" "usage: regdefgen check " check
usage "check, unknown option" "regdefgen check: unknown option '--bogus'" \
	check --bogus defs/i386.json
usage "generate without defs" "usage: regdefgen generate " \
	generate -o "$out"
usage "generate, unknown option" "regdefgen generate: unknown option '--bogus'" \
	generate -o "$out" --bogus defs/i386.json
usage "generate, unknown short option" "regdefgen generate: unknown option '-x'" \
	generate -x -o "$out" defs/i386.json
usage "generate, -o without argument" "regdefgen generate: '-o' needs an argument" \
	generate defs/i386.json -o
usage "generate, --templates without argument" "regdefgen generate: '--templates' needs an argument" \
	generate -o "$out" defs/i386.json --templates
usage "generate, --depfile without argument" "regdefgen generate: '--depfile' needs an argument" \
	generate -o "$out" defs/i386.json --depfile
# an empty path would write into "/NAME/", or write outputs and then fail
usage "generate, empty -o" "regdefgen generate: '-o' needs a non-empty argument" \
	generate -o '' defs/i386.json
usage "generate, empty --depfile" "regdefgen generate: '--depfile' needs a non-empty argument" \
	generate -o "$out" --depfile '' defs/i386.json
usage "import, empty -o" "regdefgen import: '-o' needs a non-empty argument" \
	import -o "" tests/tools/data/import/jump.xml
usage "generate, empty --depfile=" "regdefgen generate: '--depfile' needs a non-empty argument" \
	generate -o "$out" --depfile= defs/i386.json
usage "check, --strict=1" "regdefgen check: '--strict' takes no argument" \
	check --strict=1 defs/i386.json
usage "probe, --timeout=x" "regdefgen probe: --timeout is a number of seconds, not 'x'" \
	probe --timeout=x 127.0.0.1:1

# ---- every spelling the one option parser takes (gen/base/parse-options.c) ----
sp=$WORK/spell
if "$REGDEFGEN" generate -o"$sp/a" --depfile="$sp/a.d" --templates="$ROOT/templates" -- defs/i386.json &&
   "$REGDEFGEN" generate defs/i386.json -o "$sp/b" --depfile "$sp/b.d" &&
   cmp -s "$sp/a/i386/target.xml" out/i386/target.xml &&
   cmp -s "$sp/b/i386/target.xml" out/i386/target.xml &&
   grep -q "^$sp/a/i386/target.xml" "$sp/a.d" && grep -q "^$sp/b/i386/target.xml" "$sp/b.d"; then
	ok "generate -oDIR --depfile=F --templates=D -- DEF and DEF -o DIR --depfile F: same outputs, depfiles"
else
	fail "generate with -oDIR/--opt=value/--: outputs or depfiles missing or different"
fi

finish
