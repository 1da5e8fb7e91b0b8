#!/bin/sh
# After make install PREFIX=..., the installed tool names layouts: "regdefgen
# list" prints the installed ones, "generate NAME" and "check NAME" find
# share/regdefgen/defs/NAME.json, and a file called NAME in the current
# folder wins over the installed layout.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (install uses the default build)"; finish; }

make_tmpdir T
with_timeout 120 make -s install PREFIX="$T/prefix" >/dev/null || { fail "make install failed"; finish; }
R="$T/prefix/bin/regdefgen"
mkdir "$T/work" && cd "$T/work" || exit 1

# list: one line per top-level def, sorted, figures the checker agrees with
want_names=$(cd "$ROOT/defs" && ls *.json | sed 's/\.json$//' | LC_ALL=C sort)
with_timeout 30 "$R" list >list.txt 2>list.err || fail "list failed: $(cat list.err)"
[ "$(awk '{print $1}' list.txt)" = "$want_names" ] && ok "list names every installed layout, sorted" ||
	fail "list names $(awk '{print $1}' list.txt | tr '\n' ' '), want $(echo $want_names)"
w=$(awk '{ if (length($1) > w) w = length($1) } END { print w }' list.txt)
grep -qx "x86_64-qemu$(printf '%*s' $((w - 11)) '')   66 registers    608-byte g packet  QEMU 7.2 qemu-system-x86_64 layout.*" list.txt &&
	grep -qx "i386$(printf '%*s' $((w - 4)) '')   41 registers    308-byte g packet  Classic GDB i386 layout.*" list.txt &&
	ok "list prints register count, g size and description" || fail "list lines: $(cat list.txt)"
# the columns line up: every line has "registers" at the same place
[ "$(awk '{ print index($0, " registers ") }' list.txt | sort -u | wc -l)" = 1 ] &&
	ok "list's columns line up" || fail "list's columns do not line up: $(cat list.txt)"
for n in $want_names; do
	c=$(with_timeout 30 "$R" check "$n" | sed -n 's/.*: ok: \([0-9]*\) registers, .* \([0-9]*\)-byte g packet.*/\1 \2/p')
	l=$(awk -v n="$n" '$1 == n {print $2, $4}' list.txt | sed 's/-byte//')
	[ -n "$c" ] && [ "$c" = "$l" ] || fail "$n: list says '$l', check says '$c'"
done
ok "list's figures match 'check NAME' for every layout"

with_timeout 30 "$R" list --format json >list.json || fail "list --format json failed"
python3 - list.json "$T/prefix/share/regdefgen/defs" <<'PY' && ok "list --format json" || fail "list --format json is wrong"
import json, sys
a = json.load(open(sys.argv[1]))
by = {e["name"]: e for e in a}
assert [e["name"] for e in a] == sorted(by), [e["name"] for e in a]
q = by["x86_64-qemu"]
assert (q["registers"], q["g_packet_bytes"], q["lldb_triple"]) == (66, 608, "x86_64-*-linux"), q
assert q["path"] == sys.argv[2] + "/x86_64-qemu.json", q["path"]
assert by["x86_64"]["g_packet_bytes"] == 536 and q["description"].startswith("QEMU 7.2")
PY
"$R" list --format yaml >/dev/null 2>err; rc=$?
[ $rc -eq 2 ] && grep -q "format is text or json" err && ok "list rejects --format yaml (exit 2)" ||
	fail "list --format yaml: exit $rc, $(cat err)"

# generate by name: exactly the repository's out/ files
with_timeout 30 "$R" generate x86_64-qemu -o . --depfile dep.d || fail "generate x86_64-qemu failed"
for f in target.xml x86_64_qemu_regs.h x86_64_qemu_target_definition.py; do
	cmp -s "x86_64-qemu/$f" "$ROOT/out/x86_64-qemu/$f" || fail "x86_64-qemu/$f differs from out/"
done
grep -q "^  $T/prefix/share/regdefgen/defs/x86_64-qemu.json \\\\\$" dep.d &&
	grep -q "$T/prefix/share/regdefgen/templates/target.xml.mustache" dep.d &&
	ok "generate NAME uses the installed def and templates, depfile names them" ||
	fail "depfile does not name the installed def: $(head -3 dep.d)"

# ./x86_64-qemu/ now exists: a folder named like a layout does not hide it
with_timeout 30 "$R" generate x86_64-qemu -o . 2>err && ok "generate NAME again beside ./NAME/" ||
	fail "generate x86_64-qemu beside ./x86_64-qemu/: $(cat err)"

# a file named like a layout in the current folder wins
mkdir -p mine && ln -s "$T/prefix/share/regdefgen/defs/x86" x86 &&
	cp "$T/prefix/share/regdefgen/defs/i386.json" x86_64
with_timeout 30 "$R" generate x86_64 -o mine || fail "generate x86_64 (a local file) failed"
grep -q '<architecture>i386</architecture>' mine/x86_64/target.xml &&
	ok "a file in the current folder wins over the installed layout" ||
	fail "the installed x86_64 was used instead of ./x86_64"
# negative control: the same command without the local file takes the installed one
rm x86_64 && with_timeout 30 "$R" generate x86_64 -o mine2 &&
	grep -q '<architecture>i386:x86-64</architecture>' mine2/x86_64/target.xml &&
	ok "without the local file the installed x86_64 is used" || fail "installed x86_64 not used"

# an unknown name: an error naming it, exit 1, nothing written
"$R" generate nosuch -o none 2>err; rc=$?
[ $rc -eq 1 ] && grep -q "^nosuch: error: cannot open" err && [ ! -e none ] &&
	ok "unknown layout name: error, exit 1, nothing written" || fail "nosuch: exit $rc, $(cat err)"
finish
