#!/bin/sh
# tests/tools/test-import.sh: "regdefgen import" turns target.xml into a
# def that regenerates an equivalent description.  Equivalent means GDB's
# own view is the same: importing, generating and loading the result into
# GDB gives the same 'maint print remote-registers' table as the original.
# Checked on every target.xml we generate, on what QEMU (x86_64, i386),
# gdbserver and lldb-server-16 serve on this machine (their content depends
# on the CPU: properties, not fixed bytes), and on the hand-written edge
# cases of tests/tools/data/import/.  Import keeps the stub's numbers: the
# LLDB file regenerated from what QEMU, gdbserver and lldb-server serve is
# the same layout as the live stub (regdefgen diff), and LLDB 16 with the
# one made from lldb-server's (sparse numbers, its own offsets) reads
# fctrl 0x037f and mxcsr 0x1f80 from a fresh process; negative control: the
# same def without its stated numbers does not.
. tests/lib/common.sh
. tests/tools/stubs.sh

sh tests/lib/ensure-packages gdb qemu-system-x86 gdbserver lldb-16 python3 >/dev/null ||
	fail "cannot install the test tools"
need gdb qemu-system-x86_64 qemu-system-i386 gdbserver lldb-server-16
make_tmpdir T
R=$REGDEFGEN
D=tests/tools/data/import

# gdb_table XML: GDB's remote-register table for a description (absolute path)
gdb_table() {
	with_timeout 60 gdb -nx -batch -ex "set tdesc filename $1" \
		-ex 'maint print remote-registers' 2>&1
}

# roundtrip LABEL XML: import, check, generate, compare GDB's tables
roundtrip() {
	_label=$1 _xml=$2 _name=$3
	if ! "$R" import -o "$T/$_name.json" "$_xml" 2>"$T/$_name.warn"; then
		fail "$_label: import failed"; sed 's/^/    /' "$T/$_name.warn" >&2; return
	fi
	ok "$_label: imported"
	"$R" check "$T/$_name.json" >/dev/null 2>&1 && ok "$_label: the def checks" || fail "$_label: the def does not check"
	if ! "$R" generate -o "$T/gen" "$T/$_name.json" >/dev/null 2>"$T/gen.err"; then
		fail "$_label: generate failed"; cat "$T/gen.err" >&2; return
	fi
	gdb_table "$(cd "$(dirname "$_xml")" && pwd)/$(basename "$_xml")" >"$T/a.tab"
	# a type defined differently in two features gets a new name in the
	# def (one name space for types; the importer warns): undo that here
	gdb_table "$T/gen/$_name/target.xml" |
		sed "$(sed -n "s/.*so this one is named '\(.*\)_\([0-9]*\)'.*/s\/ \1_\2 \/ \1   \//p" "$T/$_name.warn")" >"$T/b.tab"
	if grep -q warning "$T/a.tab"; then
		fail "$_label: GDB warns about the original"; head -5 "$T/a.tab" >&2
	elif cmp -s "$T/a.tab" "$T/b.tab"; then
		ok "$_label: GDB sees the same $(grep -c . "$T/a.tab")-line register table"
	else
		fail "$_label: GDB's tables differ"; diff "$T/a.tab" "$T/b.tab" | head -20 >&2
	fi
}

expect() { # WANT-RC LABEL CMD...
	_want=$1 _label=$2; shift 2
	"$@" >"$T/out" 2>"$T/err"; _rc=$?
	[ "$_rc" = "$_want" ] && ok "$_label" || { fail "$_label: exit $_rc, expected $_want"; cat "$T/err" >&2; }
}
has() { # FILE TEXT LABEL
	grep -qF -- "$2" "$1" && ok "$3" || { fail "$3: no '$2' in"; sed 's/^/    /' "$1" | head -20 >&2; }
}
hasnt() {
	grep -qF -- "$2" "$1" && { fail "$3: '$2' in"; sed 's/^/    /' "$1" | head -20 >&2; } || ok "$3"
}

expect 0 "import --help" "$R" import --help
expect 2 "import without a file" "$R" import
expect 2 "import with an unknown option" "$R" import --bogus x.xml

# --- every target.xml we generate ---
for layout in $LAYOUTS; do
	roundtrip "$layout" "out/$layout/target.xml" "$(ident_of "$layout")"
	# and the LLDB side: the imported def describes what the original def does
	expect 0 "$layout: diff imported def vs defs/$layout.json" "$R" diff "$T/$(ident_of "$layout").json" "defs/$layout.json"
done

# --- what the real stubs serve ---
for bits in 64 32; do
	port=$(free_port)
	start_qemu QPID $bits "$port"
	"$R" probe --save-xml "$T/qemu$bits" "127.0.0.1:$port" >/dev/null 2>&1 || fail "QEMU $bits: cannot save its XML"
	roundtrip "QEMU $bits" "$T/qemu$bits/target.xml" "qemu$bits"
	expect 0 "QEMU $bits: the imported def matches the live stub" "$R" diff "$T/qemu$bits.json" "127.0.0.1:$port"
	expect 0 "QEMU $bits: the regenerated LLDB file matches the live stub" \
		"$R" diff "$T/gen/qemu$bits/qemu${bits}_target_definition.py" "127.0.0.1:$port"
	has "$T/out" "Same layout" "QEMU $bits: diff says the same layout"
	kill "$QPID" 2>/dev/null
done

port=$(free_port)
start_gdbserver GPID "$port"
"$R" probe --save-xml "$T/gdbserver" "127.0.0.1:$port" >/dev/null 2>&1 || fail "gdbserver: cannot save its XML"
roundtrip "gdbserver" "$T/gdbserver/target.xml" "gdbserver"
has "$T/gdbserver.json" '"gdb_osabi": "GNU/Linux"' "gdbserver: osabi kept"
has "$T/gdbserver.json" '"name": "orig_rax"' "gdbserver: orig_rax kept"
expect 0 "gdbserver: imported def and its XML agree" "$R" diff "$T/gdbserver.json" "$T/gdbserver/target.xml"
port=$(free_port)
start_gdbserver GPID "$port"
expect 0 "gdbserver: the regenerated LLDB file matches the live stub" \
	"$R" diff "$T/gen/gdbserver/gdbserver_target_definition.py" "127.0.0.1:$port"
has "$T/out" "Same layout" "gdbserver: diff says the same layout"

port=$(free_port)
start_lldb_server LPID "$port"
"$R" probe --save-xml "$T/lldb-server" "127.0.0.1:$port" >/dev/null 2>&1 || fail "lldb-server: cannot save its XML"
# GDB cannot load lldb-server's description (<architecture>x86_64</architecture>),
# so check what the def must say
expect 0 "lldb-server: imported" "$R" import -o "$T/lldb.json" "$T/lldb-server/target.xml"
cp "$T/err" "$T/lldb.warn"
has "$T/lldb.warn" "the def uses 'i386:x86-64'" "lldb-server: its architecture name is mapped to GDB's"
has "$T/lldb.warn" 'the def states them ("g_offsets": "stated")' "lldb-server: says its offsets are not GDB's packing"
has "$T/lldb.warn" "GDB packs the g packet in remote-number order and would read 'rax' (remote number 0) at byte 0, where the stub has it at byte 80" \
	"lldb-server: check says what GDB would do with it"
has "$T/lldb.json" '"g_offsets": "stated"' "lldb-server: the def states its offsets"
grep -q '{"name": "fctrl", .*"regnum": 76, "offset": 224}' "$T/lldb.json" &&
	ok "lldb-server: fctrl keeps remote number 76 and offset 224" || fail "lldb-server: fctrl: $(grep '"fctrl"' "$T/lldb.json")"
has "$T/lldb.json" '{"name": "eax", "parent": "rax", "msb": 31, "lsb": 0' "lldb-server: value_regnums sub-register eax = rax[31:0]"
has "$T/lldb.json" '{"name": "ah", "parent": "rax", "msb": 15, "lsb": 8' "lldb-server: ah = rax[15:8] from its offset"
has "$T/lldb.json" '{"name": "rax", "bitsize": 64, "set": "gpr", "dwarf": 0, "offset": 80}' "lldb-server: DWARF numbers from dwarf_regnum"
has "$T/lldb.json" '"name": "General Purpose Registers"' "lldb-server: LLDB sets from its group attributes"
has "$T/lldb.json" '"type": "i387_ext"' "lldb-server: 80-bit registers become i387_ext"
"$R" check "$T/lldb.json" >/dev/null 2>&1 && ok "lldb-server: the def checks" || fail "lldb-server: the def does not check"
if "$R" generate -o "$T/gen" "$T/lldb.json" >/dev/null 2>&1; then
	LFILE=$T/gen/lldb/lldb_target_definition.py
	port=$(free_port)
	start_lldb_server LPID "$port"
	expect 0 "lldb-server: the regenerated LLDB file matches the live stub" "$R" diff "$LFILE" "127.0.0.1:$port"
	has "$T/out" "Same layout: 72 registers" "lldb-server: diff says the same layout"
	# lldb_fpu FILE LOG: LLDB 16 with FILE reads fctrl and mxcsr of a
	# fresh process under lldb-server (the kernel starts it with the
	# x87 and SSE control words at 0x037f and 0x1f80)
	lldb_fpu() {
		_port=$(free_port)
		start_lldb_server LPID "$_port"
		with_timeout 60 lldb-16 -x -b \
			-o "settings set plugin.process.gdb-remote.target-definition-file $1" \
			-o "gdb-remote 127.0.0.1:$_port" -o 'register read fctrl mxcsr' -o kill >"$2" 2>&1
	}
	lldb_fpu "$LFILE" "$T/lldb-fpu.out"
	has "$T/lldb-fpu.out" "fctrl = 0x037f" "lldb-server: LLDB 16 with the regenerated file reads fctrl 0x037f"
	has "$T/lldb-fpu.out" "mxcsr = 0x00001f80" "lldb-server: LLDB 16 with the regenerated file reads mxcsr 0x1f80"
	# negative control: the numbers made 0, 1, 2... (the offsets kept)
	sed 's/, "regnum": [0-9]*//' "$T/lldb.json" >"$T/lldbdense.json"
	if grep -q '"regnum"' "$T/lldbdense.json" || ! "$R" generate -o "$T/gen" "$T/lldbdense.json" >/dev/null 2>&1; then
		fail "lldb-server: negative control: cannot make the dense def"
	else
		lldb_fpu "$T/gen/lldbdense/lldbdense_target_definition.py" "$T/lldb-dense.out"
		if grep -q "fctrl = " "$T/lldb-dense.out" && ! grep -q "fctrl = 0x037f" "$T/lldb-dense.out"; then
			ok "lldb-server: negative control: numbered 0, 1, 2... LLDB reads $(grep -o 'fctrl = .*' "$T/lldb-dense.out")"
		else
			fail "lldb-server: negative control: $(cat "$T/lldb-dense.out")"
		fi
	fi
else
	fail "lldb-server: generate failed"
fi

# --- hand-written edge cases ---
expect 0 "order: imported" "$R" import "$D/order.xml"
tr -d ' \n' <"$T/out" | grep -q '"a0".*"a1".*"b2".*"b3".*"a4".*"a5"' &&
	ok "order: registers in regnum order, not document order" || fail "order: wrong order"
hasnt "$T/err" "remote number" "order: nothing renumbered"

expect 0 "jump: imported" "$R" import "$D/jump.xml"
has "$T/out" '{"name": "j5", "bitsize": 32, "regnum": 5}' "jump: the def states the number where it jumps"
has "$T/out" '{"name": "j6", "bitsize": 64}' "jump: and derives the next"
hasnt "$T/err" "remote number" "jump: nothing renumbered"

expect 0 "include: imported" "$R" import "$D/include/target.xml"
tr -d ' \n' <"$T/out" | grep -q '"in_b".*"in_a".*"after"' &&
	ok "include: nested include resolved relative to the including file" || fail "include: $(cat "$T/out")"

expect 1 "cycle: refused" "$R" import "$D/cycle.xml"
has "$T/err" "include cycle" "cycle: says so"
expect 1 "missing include: refused" "$R" import "$D/missing-include.xml"
has "$T/err" "cannot read included document 'no-such-part.xml'" "missing include: names it"
expect 1 "malformed XML: refused" "$R" import "$D/malformed.xml"
has "$T/err" "malformed.xml:8:" "malformed XML: says where"
expect 1 "not a target: refused" "$R" import "$D/notarget.xml"
has "$T/err" "not a GDB target description" "not a target: says so"

expect 0 "types: imported" "$R" import -o "$T/types.json" "$D/types.xml"
has "$T/types.json" '{"id": "mode", "kind": "enum", "size": 4' "types: enum kept"
has "$T/types.json" '{"name": "on", "value": 1}' "types: enum values kept"
has "$T/types.json" '{"name": "MODE", "type": "mode", "start": 1, "end": 2}' "types: the flags field keeps its enum type"
has "$T/err" "the def gives feature 'two' its own" "types: a clashing type id becomes the feature's own"
has "$T/types.json" '{"id": "v2d", "kind": "vector", "feature": "two", "type": "int64", "count": 2}' "types: feature two's own v2d"
has "$T/types.json" '{"id": "vec128", "kind": "union"' "types: union kept"
has "$T/types.json" '{"id": "pair", "kind": "struct", "size": 8' "types: struct kept"
has "$T/types.json" '{"name": "u", "bitsize": 128, "type": "v2d", "feature": "two"' "types: its user names it by its id, in its feature"
# GDB equivalence with types: the edge-case features after a real x86_64 core
python3 - "$D/types.xml" out/x86_64/target.xml "$T/types-x86.xml" <<'PY'
import re, sys
types, base, out = (open(p).read() for p in sys.argv[1:3]) , None, sys.argv[3]
t, b = types
feats = re.findall(r'<feature .*?</feature>', t, re.S)
open(out, 'w').write(b.replace('</target>', '\n'.join(feats) + '\n</target>'))
PY
roundtrip "types after an x86_64 core" "$T/types-x86.xml" "types_x86"

expect 0 "lldb attributes: imported" "$R" import "$D/lldb.xml"
has "$T/out" '{"name": "acc", "bitsize": 64, "encoding": "sint", "format": "decimal", "dwarf": 100, "ehframe": 101}' "lldb: numbers, encoding, format"
has "$T/out" '"generic": "pc", "altname": "pc"' "lldb: generic role and alternate name"
has "$T/out" '{"id": "vector_registers", "name": "Vector Registers"}' "lldb: sets from <groups>"
has "$T/out" '"format": "uint32_t[]"' "lldb: vector-uint32 becomes uint32_t[]"
has "$T/out" '{"name": "acc_b1", "parent": "acc", "msb": 15, "lsb": 8}' "lldb: value_regnums + offset make a slice"

expect 0 "bitsize/type: imported" "$R" import "$D/bitsize-type.xml"
has "$T/err" "GDB uses the type's size" "bitsize/type: warned"
has "$T/out" '{"name": "big", "bitsize": 64' "bitsize/type: the type's size wins"

expect 0 "no architecture: imported" "$R" import "$D/noarch.xml"
has "$T/out" '"gdb_architecture": "i386"' "no architecture: i386, as GDB assumes"
has "$T/out" '{"name": "eip", "bitsize": 32, "type": "code_ptr", "format": "address", "generic": "pc", "dwarf": 8}' "no architecture: SysV DWARF and roles filled"
finish
