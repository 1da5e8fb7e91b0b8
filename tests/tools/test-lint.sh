#!/bin/sh
# tests/tools/test-lint.sh: "regdefgen check" looks beyond structure for x86
# layouts (lint.c): warnings for what is legal but suspicious, errors with
# --strict.  The shipped defs must be clean even with --strict.
. tests/lib/common.sh
make_tmpdir T
R=$REGDEFGEN
D=tests/tools/data/lint

expect() { # WANT-RC LABEL CMD...
	_want=$1 _label=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; _rc=$?
	[ "$_rc" = "$_want" ] && ok "$_label" || { fail "$_label: exit $_rc, expected $_want"; cat "$T/out" "$T/err" >&2; }
}
has() { # FILE TEXT LABEL
	grep -qF -- "$2" "$1" && ok "$3" || { fail "$3: no '$2' in"; sed 's/^/    /' "$1" >&2; }
}

expect 0 "check --help mentions --strict" "$R" check --help
has "$T/out" "--strict" "help: --strict"

for layout in $LAYOUTS; do
	expect 0 "$layout: clean with --strict" "$R" check --strict "defs/$layout.json"
	[ -s "$T/err" ] && fail "$layout: lint said: $(cat "$T/err")" || ok "$layout: no warnings"
done

expect 0 "wrong DWARF number: valid" "$R" check "$D/wrong-dwarf.json"
has "$T/err" "warning: 'rbx' has DWARF number 70; the SysV psABI numbers it 3" "wrong DWARF number: warned, at the override"
has "$T/err" "wrong-dwarf.json:4:" "wrong DWARF number: position of the override"
has "$T/out" "(with warnings)" "the summary says there were warnings"
expect 1 "wrong DWARF number: --strict fails" "$R" check --strict "$D/wrong-dwarf.json"
has "$T/err" "error: 'rbx' has DWARF number 70" "--strict makes it an error"

expect 0 "x86_64 core problems: valid" "$R" check "$D/missing-core.json"
has "$T/err" "org.gnu.gdb.i386.core lacks fop" "GDB's required core name missing"
has "$T/err" "'xmm0' is not in org.gnu.gdb.i386.sse" "SSE register outside the sse feature"
has "$T/err" "'eflags' has 64 bits; on x86_64 it has 32" "non-standard size"
has "$T/err" "'rcx' has no DWARF number; the SysV psABI gives it 2" "missing SysV DWARF number"
has "$T/err" "no register has the generic role 'pc'" "missing generic role"
has "$T/err" "triple 'i386-*-linux' names another architecture" "triple of another architecture"
has "$T/err" "no slices: LLDB's x86 sub-registers" "no sub-registers for LLDB"
expect 1 "x86_64 core problems: --strict fails" "$R" check --strict "$D/missing-core.json"

expect 0 "i386 with the segments feature: valid" "$R" check "$D/i386-segments.json"
has "$T/err" "GDB 13 aborts" "i386 + segments: warned"
expect 1 "i386 with the segments feature: --strict fails" "$R" check --strict "$D/i386-segments.json"
finish
