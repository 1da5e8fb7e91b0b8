#!/bin/sh
# tests/buildstep/test-run-rules.sh: check accepts exactly what generate
# does for the defs of one run (one list of rules, gen/model/runcheck.c
# and check.c).
#
#  1. two defs of one layout name (a/toy.json b/toy.json), two layouts whose
#     headers would share an include guard and prefixes (a-b and a_b, Foo
#     and foo), a layout name too long for its temporaries' names: check
#     and generate both exit 1 with the same error, generate writes nothing;
#     The same for 65 nested parts and a 10,000,001-byte string (libxml2's
#     default limit for target.xml); 64 nested parts pass check.
#  2. negative control: distinct layouts (toy, toy2) pass both.
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
TOY=tests/bad/set-name-empty.json
mk() { # PATH: a valid def there
	mkdir -p "$(dirname "$1")"
	sed 's/"name": ""/"name": "General"/' "$TOY" >"$1"
}
# both WHAT MESSAGE DEF...: check and generate exit 1 with MESSAGE, nothing written
both() {
	_what=$1 _msg=$2; shift 2
	"$REGDEFGEN" check "$@" >/dev/null 2>"$T/check.err"; _c=$?
	"$REGDEFGEN" generate -o "$T/out" "$@" 2>"$T/gen.err"; _g=$?
	if [ "$_c" = 1 ] && [ "$_g" = 1 ] && grep -qF -- "$_msg" "$T/check.err" &&
	   grep -qF -- "$_msg" "$T/gen.err" && [ ! -e "$T/out" ]; then
		ok "$_what: check and generate refuse it ($(grep -F -- "$_msg" "$T/gen.err" | head -n 1))"
	else
		fail "$_what: check exit $_c, generate exit $_g:"
		cat "$T/check.err" "$T/gen.err" | sed 's/^/    /' >&2
		[ -e "$T/out" ] && fail "$_what: generate wrote $T/out"
	fi
	rm -rf "$T/out"
}
mk "$T/a/toy.json"; mk "$T/b/toy.json"
both "one layout name twice" "layout 'toy' is given twice" "$T/a/toy.json" "$T/b/toy.json"
mk "$T/c/a-b.json"; mk "$T/c/a_b.json"
both "a-b and a_b" "cannot share a translation unit" "$T/c/a-b.json" "$T/c/a_b.json"
mk "$T/c/Foo.json"; mk "$T/c/foo.json"
both "Foo and foo" "cannot share a translation unit" "$T/c/Foo.json" "$T/c/foo.json"
long=$(printf 'a%.0s' $(seq 1 230))
mk "$T/d/$long.json"
both "a 230-letter layout name" "is longer than 200 characters" "$T/d/$long.json"
# includes: a chain of 64 parts is accepted (README: "up to 64 deep"), 65 is not
mkdir -p "$T/inc64" "$T/inc65" && python3 tests/faults/mkdef.py includes 64 "$T/inc64/inc.json" && python3 tests/faults/mkdef.py includes 65 "$T/inc65/inc.json" ||
	fail "mkdef.py failed"
"$REGDEFGEN" check "$T/inc64/inc.json" >/dev/null 2>"$T/err" && ok "64 nested parts: accepted" ||
	fail "64 nested parts refused: $(cat "$T/err")"
both "65 nested parts" "includes nested deeper than 64" "$T/inc65/inc.json"
# a string target.xml would carry beyond libxml2's default limit (10,000,000 bytes)
python3 - "$TOY" "$T/big/toy.json" <<'PY'
import os, sys
s = open(sys.argv[1]).read().replace('"name": ""', '"name": "General"')
os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
open(sys.argv[2], "w").write(s.replace("{", '{"description": "%s",' % ("d" * 10000001), 1))
PY
both "a 10,000,001-byte description" "string is longer than 10000000 bytes" "$T/big/toy.json"
mk "$T/c/toy.json"; mk "$T/c/toy2.json"
"$REGDEFGEN" check "$T/c/toy.json" "$T/c/toy2.json" >/dev/null 2>&1 &&
	"$REGDEFGEN" generate -o "$T/out" "$T/c/toy.json" "$T/c/toy2.json" &&
	[ -f "$T/out/toy2/toy2_regs.h" ] && ok "control: toy and toy2 pass check and generate" ||
	fail "control: toy and toy2 are refused"
finish
