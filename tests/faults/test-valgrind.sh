#!/bin/sh
# tests/faults/test-valgrind.sh: the generator under valgrind (memcheck)
# on every shipped def: no error, no definite or indirect leak.
#
#   generate -o TMP defs/*.json     every layout, one run
#   check defs/*.json
#   check tests/bad/*.json          the error paths (exit 1 expected), when
#                                   the bad-input corpus is there
#   generate into a read-only folder (the write error path), when not root
#                                   or when setpriv can run it as nobody
# valgrind's own failure is exit status 99, told apart from the tool's 1.
# Skipped under SANITIZE=1 (valgrind cannot run ASan binaries; the plain
# build's make check runs it) and when valgrind is missing.
. tests/lib/common.sh

if [ "${SANITIZE:-}" = 1 ]; then
	echo "skipped: valgrind cannot run an ASan build; make check without SANITIZE=1 runs this"
	finish
fi
if ! command -v valgrind >/dev/null 2>&1; then
	echo "skipped: no valgrind (Debian: apt-get install valgrind)"
	finish
fi
[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
chmod 755 "$T"

VG="valgrind -q --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --error-exitcode=99"

# vg WHAT EXPECTED_STATUS CMD...: CMD under valgrind (run as $VG_USER's
# command prefix, if set)
vg() {
	_what=$1 _want=$2; shift 2
	# shellcheck disable=SC2086
	${VG_USER:-} $VG "$@" >"$T/out.log" 2>"$T/vg.log"
	_rc=$?
	if [ "$_rc" -eq 99 ] || grep -q '^==[0-9]*== ' "$T/vg.log"; then
		fail "$_what: valgrind reports errors or leaks:"
		grep '^==[0-9]*== ' "$T/vg.log" | head -n 40 >&2
	elif [ "$_rc" -ne "$_want" ]; then
		fail "$_what: exit status $_rc, expected $_want"
		head -n 10 "$T/vg.log" >&2
	else
		ok "$_what: valgrind clean (exit $_rc)"
	fi
}

vg "generate $(echo defs/*.json | wc -w) shipped defs" 0 "$REGDEFGEN" generate -o "$T/out" defs/*.json
"$REGDEFGEN" generate -o "$T/plain" defs/*.json
diff -r "$T/plain" "$T/out" >/dev/null || fail "the outputs made under valgrind differ from a plain run's"
vg "check shipped defs" 0 "$REGDEFGEN" check defs/*.json
# a second generate: every file unchanged (the compare-and-skip path)
vg "generate again, nothing changes" 0 "$REGDEFGEN" generate -o "$T/out" defs/*.json

if ls tests/bad/*.json >/dev/null 2>&1; then
	vg "check $(ls tests/bad/*.json | wc -l) bad defs (tests/bad)" 1 "$REGDEFGEN" check tests/bad/*.json
	# generate stops before writing; its error paths free everything too
	vg "generate bad defs (tests/bad)" 1 "$REGDEFGEN" generate -o "$T/bad-out" tests/bad/*.json
fi

as_nobody=
if [ "$(id -u)" != 0 ]; then
	as_nobody=" "
elif command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
fi
if [ -n "$as_nobody" ]; then
	mkdir -p "$T/ro" && chmod 555 "$T/ro"
	REGDEFGEN_ABS=$(cd "$(dirname "$REGDEFGEN")" && pwd)/$(basename "$REGDEFGEN")
	VG_USER=$as_nobody vg "generate into a read-only folder" 1 "$REGDEFGEN_ABS" generate -o "$T/ro" defs/x86_64.json
else
	echo "skipped: generate into a read-only folder: running as root without setpriv"
fi
finish
