#!/bin/sh
# tests/xml/test-import-facts.sh: import keeps what a description says
# (issue 15, finding 6):
#   groups   every group that is an identifier is kept (QEMU's cp_regs,
#            s390x's psw), so the regenerated target.xml carries it; diff
#            notices a group that differs or that only one side states
#            (negative control: a description diffs the same as itself)
#   sets     sets made from groups come after the general set, so LLDB's
#            bare "register read" starts with the general registers
#   x32      i386:x64-32 is x86-64's registers and DWARF numbers with 32-bit
#            pointers: an x86_64 x32 triple, not i386's
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
R=$REGDEFGEN

cat >"$T/grp.xml" <<'XML'
<?xml version="1.0"?>
<target><architecture>i386:x86-64</architecture>
<feature name="org.gnu.gdb.i386.core">
  <reg name="cpx" bitsize="64" type="int64" group="cp_regs"/>
  <reg name="psw" bitsize="64" type="int64" group="psw"/>
  <reg name="rax" bitsize="64" type="int64"/>
  <reg name="rip" bitsize="64" type="code_ptr"/>
</feature></target>
XML
with_timeout 30 "$R" import -o "$T/grp.json" "$T/grp.xml" >"$T/out" 2>"$T/err" || { fail "import of groups"; cat "$T/err" >&2; }
grep -q '"group": "cp_regs"' "$T/grp.json" && grep -q '"group": "psw"' "$T/grp.json" &&
	ok "groups cp_regs and psw kept in the def" || fail "groups lost: $(grep -c group "$T/grp.json")"
mkdir -p "$T/gen"
with_timeout 30 "$R" generate --templates templates -o "$T/gen" "$T/grp.json" >/dev/null 2>"$T/err" || { fail "generate"; cat "$T/err" >&2; }
grep -rq 'group="cp_regs"' "$T/gen" && ok "the regenerated target.xml carries group cp_regs" || fail "no cp_regs in the generated XML"
python3 - "$T/grp.json" <<'PY' && ok "the general set comes first" || fail "set order"
import json, sys
d = json.load(open(sys.argv[1]))
ids = [s["id"] if isinstance(s, dict) else s for s in d["sets"]]
names = [s.get("name", "") if isinstance(s, dict) else s for s in d["sets"]]
first = (ids[0], names[0])
assert "gpr" in first or "general" in first or "General Purpose Registers" in first, d["sets"]
PY
# diff: the same description is the same; a changed group is noticed
with_timeout 30 "$R" diff "$T/grp.xml" "$T/grp.xml" >"$T/out" 2>&1; rc=$?
[ "$rc" = 0 ] && ok "negative control: a description diffs the same as itself" || { fail "self diff: exit $rc"; cat "$T/out" >&2; }
sed 's/group="cp_regs"/group="system"/' "$T/grp.xml" >"$T/grp2.xml"
with_timeout 30 "$R" diff "$T/grp.xml" "$T/grp2.xml" >"$T/out" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -q "group: cp_regs in A, system in B" "$T/out" &&
	ok "diff notices cp_regs against system" || { fail "group diff: exit $rc"; cat "$T/out" >&2; }
sed 's/ group="psw"//' "$T/grp.xml" >"$T/grp3.xml"
with_timeout 30 "$R" diff "$T/grp.xml" "$T/grp3.xml" >"$T/out" 2>&1; rc=$?
[ "$rc" = 1 ] && grep -q "group: psw in A, (none) in B" "$T/out" &&
	ok "diff notices a group only one side states" || { fail "group dropped diff: exit $rc"; cat "$T/out" >&2; }

# x32
sed 's/i386:x86-64/i386:x64-32/' "$T/grp.xml" >"$T/x32.xml"
with_timeout 30 "$R" import -o "$T/x32.json" "$T/x32.xml" >"$T/out" 2>"$T/err" || { fail "import x32"; cat "$T/err" >&2; }
grep -q '"lldb_triple": "x86_64-\*-linux-gnux32"' "$T/x32.json" && ok "x32: x86_64 gnux32 triple" ||
	{ fail "x32 triple"; grep triple "$T/x32.json" >&2; }
grep -q '"gdb_architecture": "i386:x64-32"' "$T/x32.json" && ok "x32: architecture kept" || fail "x32 architecture"
python3 - "$T/x32.json" <<'PY' && ok "x32: rip has x86-64's DWARF number 16" || fail "x32 DWARF numbers"
import json, sys
d = json.load(open(sys.argv[1]))
rip = [r for r in d["registers"] if r["name"] == "rip"][0]
assert rip.get("dwarf") == 16, rip
PY
finish
