#!/bin/sh
# tests/tools/test-diff.sh: "regdefgen diff" across every kind of source
# (defs, target.xml, LLDB target definition files, live stubs), the
# 536-versus-608 QEMU case users hit, JSON output and exit codes.
. tests/lib/common.sh
. tests/tools/stubs.sh

sh tests/lib/ensure-packages qemu-system-x86 python3 >/dev/null || fail "cannot install QEMU"
need qemu-system-x86_64 python3
make_tmpdir T
R=$REGDEFGEN
D=tests/tools/data/diff

expect() { # WANT-RC LABEL CMD...
	_want=$1 _label=$2; shift 2
	with_timeout 60 "$@" >"$T/out" 2>"$T/err"; _rc=$?
	[ "$_rc" = "$_want" ] && ok "$_label" || { fail "$_label: exit $_rc, expected $_want"; cat "$T/out" "$T/err" | head -30 >&2; }
}
has() { # FILE TEXT LABEL
	grep -qF -- "$2" "$1" && ok "$3" || { fail "$3: no '$2' in"; sed 's/^/    /' "$1" | head -30 >&2; }
}

expect 0 "diff --help" "$R" diff --help
has "$T/out" "HOST:PORT" "help names live stubs"
expect 2 "diff with one side" "$R" diff defs/x86_64.json
expect 2 "diff with three sides" "$R" diff defs/x86_64.json defs/i386.json defs/i386.json
expect 2 "diff with a bad --format" "$R" diff --format yaml defs/x86_64.json defs/i386.json
expect 2 "diff with a missing file (diff(1): trouble is 2)" "$R" diff defs/x86_64.json "$T/nothing.json"
has "$T/err" "cannot compare: $T/nothing.json could not be read" "the unreadable side is named"
expect 2 "diff with a missing first side" "$R" diff "$T/nothing.json" defs/x86_64.json
# the options parser: --opt=value and "--" as git takes them
expect 1 "diff --format=json --timeout=1 of two layouts that differ" "$R" diff --format=json --timeout=1 defs/i386.json defs/i386-qemu.json
has "$T/out" '"same": false' "--format=json gives JSON"
expect 2 "diff --timeout=x" "$R" diff --timeout=x defs/i386.json defs/i386.json
has "$T/err" "regdefgen diff: --timeout is a number of seconds, not 'x'" "a bad --timeout value is named"
expect 0 "diff -- A B" "$R" diff -- defs/i386.json defs/i386.json

# --- each layout agrees with the files generated from it ---
for layout in $LAYOUTS; do
	ident=$(ident_of "$layout")
	expect 0 "$layout: def = its target.xml" "$R" diff "defs/$layout.json" "out/$layout/target.xml"
	expect 0 "$layout: def = its LLDB file" "$R" diff "defs/$layout.json" "out/$layout/${ident}_target_definition.py"
	expect 0 "$layout: target.xml = LLDB file" "$R" diff "out/$layout/target.xml" "out/$layout/${ident}_target_definition.py"
done
expect 0 "an LLDB file with constants, a slice and a composite = its def" "$R" diff "$D/small.json" "$D/small.py"
# the composite is read, not dropped: a def that states it with its parts
# swapped differs, one that states it as the file does is the same
sed 's/"slices": \[/"slices": [{"name": "both", "composite": ["rip", "rax"]}, /' "$D/small.json" >"$T/both-swapped.json"
sed 's/"slices": \[/"slices": [{"name": "both", "composite": ["rax", "rip"]}, /' "$D/small.json" >"$T/both.json"
expect 0 "a def with the file's composite = the file" "$R" diff "$T/both.json" "$D/small.py"
expect 1 "negative control: a def with the composite's parts swapped" "$R" diff "$T/both-swapped.json" "$D/small.py"
has "$T/out" "both" "the differing composite is named"

# --- LLDB files LLDB itself would reject ---
expect 2 "a file whose get_dynamic_setting raises" "$R" diff "$D/small.json" "$D/raises.py"
has "$T/err" "RuntimeError: no registers for you" "the Python error is shown"
expect 2 "a file with a float offset" "$R" diff "$D/small.json" "$D/float_offset.py"
has "$T/err" "is a float, not an integer: LLDB rejects the file" "the float offset is named"

# --- 536 versus 608: the classic layout against QEMU's ---
# Like LLDB's upstream x86_64_qemu_target_definition.py: the 536-byte
# layout with QEMU's triple, breakpoint-pc-offset -1 and the stmm7 typo.
sed -e 's/"x86_64-apple-macosx"/"x86_64-*-linux"/' \
    -e 's/\("name": "stmm7".*"gcc": \)40, "dwarf": 40/\130, "dwarf": 30/' \
    out/x86_64/x86_64_target_definition.py >"$T/x86_64_qemu_upstream.py"
grep -q '"dwarf": 30}' "$T/x86_64_qemu_upstream.py" || fail "could not plant the stmm7 typo"
expect 1 "536-byte file vs the 608-byte def" "$R" diff "$T/x86_64_qemu_upstream.py" defs/x86_64-qemu.json
head -12 "$T/out" >"$T/head"
has "$T/head" "First difference on the wire: byte 164 of the g packet." "leads with the first difference on the wire"
has "$T/head" "A has stmm0 (10 bytes, 164..173)" "says what A has there"
has "$T/head" "B has fs_base (8 bytes, 164..171)" "says what B has there"
has "$T/head" "reads stmm0 from the bytes where B has fs_base and gs_base" "says why LLDB reads garbage"
has "$T/head" "g packet: A 536 bytes, B 608 bytes (B has 72 more)." "gives both g-packet sizes"
has "$T/out" "fs_base      only in B (remote number 24, bytes 164..171, 64 bits)" "lists what only B has"
has "$T/out" "stmm7        offset: byte 234 in A, 306 in B; remote number: 31 in A, 40 in B; DWARF number: 30 in A, 40 in B" "stmm7: offset, number and the DWARF typo"

port=$(free_port)
start_qemu QPID 64 "$port"
expect 1 "536-byte file vs live QEMU" "$R" diff "$T/x86_64_qemu_upstream.py" "127.0.0.1:$port"
has "$T/out" "First difference on the wire: byte 164 of the g packet." "live: first difference at byte 164"
has "$T/out" "B's stub really sent 608 bytes in reply to 'g'." "live: the real reply size"
expect 0 "the generated x86_64-qemu LLDB file vs live QEMU" "$R" diff out/x86_64-qemu/x86_64_qemu_target_definition.py "127.0.0.1:$port"
has "$T/out" "Same layout: 66 registers, 608-byte g packet." "live: same layout"
expect 1 "JSON: 536-byte file vs live QEMU" "$R" diff --format json "$T/x86_64_qemu_upstream.py" "127.0.0.1:$port"
python3 - "$T/out" <<'PY' && ok "JSON: first difference, sizes and per-register kinds" || fail "JSON output"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["same"] is False
assert d["a"]["g_packet_size"] == 536 and d["b"]["g_packet_size"] == 608, d
assert d["b"]["g_reply_bytes"] == 608 and d["a"]["g_reply_bytes"] is None
w = d["first_wire_difference"]
assert w["offset"] == 164 and w["a"]["name"] == "stmm0" and w["b"]["name"] == "fs_base", w
kinds = {(x["register"], x["kind"]) for x in d["differences"]}
for k in [("fs_base", "missing_in_a"), ("stmm0", "offset"), ("stmm7", "dwarf"), ("xmm0", "regnum")]:
    assert k in kinds, k
PY
kill "$QPID" 2>/dev/null

# --- i386: the classic 308-byte layout against QEMU's 344 ---
expect 1 "i386 vs i386-qemu" "$R" diff defs/i386.json defs/i386-qemu.json
has "$T/out" "First difference on the wire: byte 64 of the g packet." "i386: first difference after gs"
has "$T/out" "g packet: A 308 bytes, B 344 bytes" "i386: sizes"
# a renamed register: same place, other name
sed 's/name="orig_eax"/name="orig_ax"/' out/i386-linux/target.xml >"$T/renamed.xml"
expect 1 "a renamed register" "$R" diff out/i386-linux/target.xml "$T/renamed.xml"
has "$T/out" "renamed: 'orig_eax' in A, 'orig_ax' in B (remote number 41)" "renamed: said as such"
# a type a debugger reads otherwise: rax as a double, xmm1 (a union type of
# the description's own) as an integer
sed 's/name="rax" bitsize="64" regnum="0" type="int64"/name="rax" bitsize="64" regnum="0" type="ieee_double"/;
     s/name="xmm1" bitsize="128" regnum="41" type="vec128"/name="xmm1" bitsize="128" regnum="41" type="uint128"/' \
	out/x86_64/target.xml >"$T/retyped.xml"
expect 1 "registers of other types" "$R" diff out/x86_64/target.xml "$T/retyped.xml"
has "$T/out" "type: int64 (integer) in A, ieee_double (float) in B" "type: each side's type and what a debugger makes of it"
has "$T/out" "type: vec128 (vector) in A, uint128 (integer) in B" "type: a description's own union against a predefined type"
# negative control: the same description, no type difference
expect 0 "a description against itself" "$R" diff out/x86_64/target.xml out/x86_64/target.xml
finish
