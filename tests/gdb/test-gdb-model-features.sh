#!/bin/sh
# tests/gdb/test-gdb-model-features.sh: the def keywords for what GDB's
# target.xml can say and no shipped layout uses, proven with GDB 13 on a
# toy layout (x86_64 plus a feature of two registers):
#   * an enum type ("kind": "enum", GDB's <enum>/<evalue>) as the type of a
#     flags field: GDB, talking to the reference stub built from the
#     generated header (which serves the generated target.xml), writes 0x5
#     to ctl and prints "[ EN RC=up ]", ptype shows the enum's names, and
#     the stub's own register file then holds 05000000 at ctl's offset;
#     negative control: the same description without the field's enum type
#     prints "RC=2";
#   * "save_restore": false: target.xml says save-restore="no", and GDB
#     (gdb-multiarch, the same feature on the aarch64 layout) leaves scratch
#     out of its save and restore register groups; negative control: ctl,
#     without it, is in both.  (GDB's x86 register-group rules ignore the
#     attribute: there only `maint print xml-tdesc` shows GDB read it.)
#   * a type of the feature's own ("feature": "ctl"): a vec128 that is two
#     int64s, beside the SSE feature's union vec128 of the same id: each
#     feature of target.xml defines its own and GDB reads both (xml-tdesc),
#     but GDB 13 makes one GDB type per id: ptype $wide0 shows the SSE
#     union, as check's warning says (measured here, so a change in GDB
#     shows up);
#   * import of the generated target.xml keeps all three, and the def it
#     writes regenerates the same lines.
#
# Run from the repository root: sh tests/gdb/test-gdb-model-features.sh
. tests/lib/common.sh

GDB=${GDB:-gdb}
for tool in "$GDB" gdb-multiarch python3; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool not found (Debian packages gdb, gdb-multiarch, python3)"
		exit 77
	fi
done
make_tmpdir TMP

# the toy feature on top of a shipped layout (BASE), as a def of its own
toy_def() {
	cat >"$TMP/$1.json" <<EOF
{
  "include": ["$ROOT/defs/$2.json"],
  "features": [{"id": "ctl", "name": "org.regdefgen.test.ctl"}],
  "types": [
    {"id": "rc_mode", "kind": "enum", "size": 4,
     "fields": [{"name": "nearest", "value": 0}, {"name": "down", "value": 1},
                {"name": "up", "value": 2}, {"name": "zero", "value": 3}]},
    {"id": "toy_ctl", "kind": "flags", "size": 4,
     "fields": [{"name": "EN", "start": 0, "end": 0},
                {"name": "RC", "start": 1, "end": 2, "type": "rc_mode"}]},
    {"id": "vec128", "kind": "vector", "feature": "ctl", "type": "int64", "count": 2}
  ],
  "registers": [
    {"name": "ctl", "bitsize": 32, "type": "toy_ctl", "feature": "ctl", "set": "gpr", "format": "hex"},
    {"name": "scratch", "bitsize": 64, "type": "int64", "feature": "ctl", "set": "gpr", "save_restore": false},
    {"name": "wide0", "bitsize": 128, "type": "vec128", "feature": "ctl", "set": "gpr", "encoding": "vector", "format": "uint8_t[]"}
  ]
}
EOF
}
toy_def toy-x86 x86_64
toy_def toy-a64 aarch64
case $TMP in *\'*|*' '*) fail "temporary path with a quote or space: $TMP"; finish ;; esac

if "$REGDEFGEN" generate -o "$TMP/out" "$TMP/toy-x86.json" "$TMP/toy-a64.json" 2>"$TMP/gen.err"; then
	ok "the toy defs generate"
	if grep -q "toy-x86.json:[0-9]*:[0-9]*: warning: type 'vec128' of feature 'ctl' has the id of a layout-wide type" "$TMP/gen.err"; then
		ok "check warns that GDB makes one type of vec128"
	else
		fail "no warning about the feature's own vec128: $(cat "$TMP/gen.err")"
	fi
else
	fail "generate: $(cat "$TMP/gen.err")"
	finish
fi
xml=$TMP/out/toy-x86/target.xml
cat >"$TMP/want-enum" <<'EOF'
    <enum id="rc_mode" size="4">
      <evalue name="nearest" value="0"/>
      <evalue name="down" value="1"/>
      <evalue name="up" value="2"/>
      <evalue name="zero" value="3"/>
    </enum>
    <flags id="toy_ctl" size="4">
      <field name="EN" start="0" end="0"/>
      <field name="RC" start="1" end="2" type="rc_mode"/>
    </flags>
    <vector id="vec128" type="int64" count="2"/>
    <reg name="ctl" bitsize="32" regnum="57" type="toy_ctl"/>
    <reg name="scratch" bitsize="64" regnum="58" type="int64" save-restore="no"/>
    <reg name="wide0" bitsize="128" regnum="59" type="vec128"/>
EOF
sed -n '/<feature name="org.regdefgen.test.ctl">/,/<\/feature>/p' "$xml" | sed '1d;$d' >"$TMP/got-enum"
if cmp -s "$TMP/want-enum" "$TMP/got-enum"; then
	ok "target.xml: the enum before the flags that use it, save-restore=\"no\" on scratch only, the feature's own vec128"
else
	fail "target.xml's toy feature differs: $(diff "$TMP/want-enum" "$TMP/got-enum")"
fi

# GDB reads the description as written (xml-tdesc is GDB's own printout)
with_timeout 60 "$GDB" -nx -batch -ex "set tdesc filename $xml" -ex 'maint print xml-tdesc' \
	>"$TMP/tdesc" 2>&1
for want in '<evalue name="up" value="2"/>' '<field name="RC" start="1" end="2" type="rc_mode"/>' \
	'<reg name="scratch" bitsize="64" type="int64" regnum="58" save-restore="no"/>' \
	'<reg name="ctl" bitsize="32" type="toy_ctl" regnum="57"/>' \
	'<vector id="vec128" type="int64" count="2"/>' '<union id="vec128">'; do
	if grep -qF "$want" "$TMP/tdesc"; then
		ok "GDB's maint print xml-tdesc: $want"
	else
		fail "GDB's maint print xml-tdesc lacks $want: $(grep -i 'warning\|error' "$TMP/tdesc")"
	fi
done

# the enum's names through a live stub that serves this target.xml
if ! stub_make "$TMP/stub" DEFS="$TMP" STUB_LAYOUTS=toy-x86 >"$TMP/stub-build.log" 2>&1; then
	fail "the reference stub does not build from the toy header: $(tail -5 "$TMP/stub-build.log")"
	finish
fi
# session MODE XML: GDB writes ctl and scratch, prints ctl; the stub dumps
# its register file to $TMP/dump-MODE
session() {
	port=$(free_port)
	start_bg spid with_timeout 60 "$TMP/stub/stub-toy-x86" --timeout 30 \
		--dump "$TMP/dump-$1" ${3:-} "$port"
	sleep 0.3
	set -- "$1" "$2"
	if [ -n "$2" ]; then set -- "$1" -ex "set tdesc filename $2"; else set -- "$1"; fi
	with_timeout 60 "$GDB" -nx -batch "$@" -ex "target remote 127.0.0.1:$port" \
		-ex 'set $ctl = 0x5' -ex 'p $ctl' -ex 'ptype $ctl' \
		-ex 'ptype $wide0' -ex 'ptype $xmm0' \
		-ex 'set $scratch = 0x1122334455667788' -ex detach >"$TMP/gdb-$1" 2>&1
	wait "$spid" 2>/dev/null
}
session served ""
if grep -qF '$1 = [ EN RC=up ]' "$TMP/gdb-served"; then
	ok "GDB with the served target.xml: ctl = 0x5 prints [ EN RC=up ]"
else
	fail "GDB does not print RC=up: $(cat "$TMP/gdb-served")"
fi
if grep -qF 'enum rc_mode {nearest, down, up, zero} RC @1-2;' "$TMP/gdb-served"; then
	ok "GDB's ptype \$ctl: enum rc_mode {nearest, down, up, zero} RC @1-2"
else
	fail "GDB's ptype lacks the enum: $(cat "$TMP/gdb-served")"
fi
# the same id, two types: GDB 13 makes one type per id (the union)
if [ "$(grep -c '^type = union vec128 {' "$TMP/gdb-served")" = 2 ] &&
   ! grep -q 'vector_size(2)' "$TMP/gdb-served"; then
	ok "GDB 13's ptype \$wide0 and \$xmm0: both union vec128 (one GDB type per id, as check warns)"
else
	fail "GDB's ptype of wide0/xmm0 changed: $(grep -A2 '^type = ' "$TMP/gdb-served")"
fi
# ctl at byte 536, scratch at 540 (after the 536-byte x86_64 g packet)
dump=$(cut -c1073-1096 "$TMP/dump-served" 2>/dev/null)
if [ "$dump" = 050000008877665544332211 ]; then
	ok "the stub holds what GDB wrote: ctl 05000000, scratch 8877665544332211"
else
	fail "the stub's register file at ctl/scratch: '$dump'"
fi
# negative control: no enum type on the field, GDB shows the number
sed 's/ type="rc_mode"//' "$xml" >"$TMP/noenum.xml"
session noenum "$TMP/noenum.xml" --no-xml
if grep -qF '$1 = [ EN RC=2 ]' "$TMP/gdb-noenum"; then
	ok "negative control: without the enum type GDB prints [ EN RC=2 ]"
else
	fail "negative control: $(cat "$TMP/gdb-noenum")"
fi

# save-restore: GDB's register groups (AArch64 honours the attribute)
a64=$TMP/out/toy-a64/target.xml
with_timeout 60 gdb-multiarch -nx -batch -ex "set tdesc filename $a64" \
	-ex 'maint print register-groups' >"$TMP/groups" 2>&1
scratch=$(awk '$1 == "scratch" { print $NF }' "$TMP/groups")
ctl=$(awk '$1 == "ctl" { print $NF }' "$TMP/groups")
case ",$scratch," in
*,save,*|*,restore,*|,,) fail "scratch's GDB groups: '$scratch' (want no save/restore)" ;;
*) ok "GDB (aarch64): scratch in groups $scratch, not save or restore" ;;
esac
case ",$ctl," in
*,save,*restore,*) ok "negative control: ctl, without save_restore, in groups $ctl" ;;
*) fail "ctl's GDB groups: '$ctl' (want save and restore)" ;;
esac

# import keeps both, and the def it writes regenerates the same lines
if "$REGDEFGEN" import -o "$TMP/imported.json" "$xml" 2>"$TMP/import.err"; then
	if grep -q '"kind": "enum"' "$TMP/imported.json" &&
	   grep -q '"name": "up", "value": 2' "$TMP/imported.json" &&
	   grep -q '"save_restore": false' "$TMP/imported.json" &&
	   grep -q '{"id": "vec128", "kind": "vector", "feature": "ctl", "type": "int64", "count": 2}' "$TMP/imported.json"; then
		ok "import keeps the enum, save_restore and the feature's own vec128 in the def"
	else
		fail "import lost the enum, save_restore or the feature's type: $(grep -n 'enum\|value\|save_restore\|vec128' "$TMP/imported.json")"
	fi
	"$REGDEFGEN" generate -o "$TMP/again" "$TMP/imported.json" 2>"$TMP/again.err"
	sed -n '/<feature name="org.regdefgen.test.ctl">/,/<\/feature>/p' \
		"$TMP/again/imported/target.xml" | sed '1d;$d' | grep -v dwarf_regnum >"$TMP/got-again"
	if cmp -s "$TMP/want-enum" "$TMP/got-again"; then
		ok "regenerated from the import: the same enum, flags and save-restore lines"
	else
		fail "regenerated toy feature differs: $(diff "$TMP/want-enum" "$TMP/got-again") $(cat "$TMP/again.err")"
	fi
else
	fail "import: $(cat "$TMP/import.err")"
fi
finish
