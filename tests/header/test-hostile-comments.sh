#!/bin/sh
# tests/header/test-hostile-comments.sh: free text of a def (its
# description) in the comments of every output language.
#
# A def whose description holds "/*", "*/", "--", a trailing "??/" (a
# trigraph that splices lines), U+202E (right-to-left override) and an
# unterminated U+2067 (right-to-left isolate) must pass check, and then:
# the header compiles with -Wall -Wextra -Wpedantic -Werror under gcc and
# clang (-std=c99, -std=c11, where trigraphs are on) and g++/clang++
# (-std=c++17); the LLDB definition file compiles under python3; target.xml
# is well-formed (xmllint).  Negative control: each hostile piece is in
# the description check accepted.
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
cp -R defs "$T/defs"
python3 - "$T/defs/x86_64.json" <<'PY' || fail "cannot write the hostile description"
import json, re, sys
p = sys.argv[1]
s = open(p).read()
hostile = "a /* nested */ comment -- here \u202e evil \u2067 open ??/"
new, n = re.subn(r'"description": "[^"]*"', lambda m: '"description": ' + json.dumps(hostile), s, count=1)
if not n:
    sys.exit(1)
open(p, "w").write(new)
PY
"$REGDEFGEN" check "$T/defs/x86_64.json" >/dev/null || fail "check refuses the hostile description"
"$REGDEFGEN" generate -o "$T/gen" "$T/defs/x86_64.json" || { fail "generate failed"; finish; }
H=$T/gen/x86_64/x86_64_regs.h
grep -q 'nested' "$H" || fail "negative control: the description is not in the header"
printf '#include "x86_64_regs.h"\nint main(void) { return x86_64_reg_descs()[0].bitsize == 0; }\n' >"$T/main.c"
for mode in "gcc -std=c99" "gcc -std=c11" "clang -std=c99" "clang -std=c11" \
	"g++ -x c++ -std=c++17" "clang++ -x c++ -std=c++17"; do
	set -- $mode
	command -v "$1" >/dev/null 2>&1 || { echo "SKIP: $1 is not installed"; continue; }
	if "$@" -Wall -Wextra -Wpedantic -Werror -I"$T/gen/x86_64" -c "$T/main.c" -o "$T/main.o" 2>"$T/cc.err"; then
		ok "$mode: the header compiles with -Werror"
	else
		fail "$mode: the header does not compile:"
		head -n 5 "$T/cc.err" | sed 's/^/    /' >&2
	fi
done
python3 -c 'import sys; compile(open(sys.argv[1]).read(), sys.argv[1], "exec")' \
	"$T/gen/x86_64/x86_64_target_definition.py" && ok "the LLDB definition file compiles" ||
	fail "the LLDB definition file does not compile"
if command -v xmllint >/dev/null 2>&1; then
	xmllint --noout "$T/gen/x86_64/target.xml" && ok "target.xml is well-formed" ||
		fail "target.xml is not well-formed"
else
	echo "SKIP: xmllint is not installed (target.xml not checked)"
fi
finish
