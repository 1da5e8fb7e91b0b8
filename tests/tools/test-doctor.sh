#!/bin/sh
# tests/tools/test-doctor.sh: "regdefgen probe --check", the stub doctor,
# against fake stubs (tests/tools/fakestub.py, mode 'file', serving
# out/x86_64-qemu/target.xml, 608 bytes of g) with one flaw each; every
# finding the doctor predicts is then shown with the real GDB:
#   clean     g reply 608 bytes as described: no findings, exit 0, and GDB
#             reads rip (negative control)
#   gmismatch g reply 616 bytes: finding, exit 1; GDB prints "Remote 'g'
#             packet reply is too long (expected 608 bytes, got 616 bytes)"
#   gchange   680 bytes until target.xml is read, 608 after (as QEMU arm):
#             finding, exit 1; GDB reading target.xml reads rip, GDB with
#             "set tdesc filename" prints the too-long error with 680
#   packetsize PacketSize=100 (256 bytes) for a 1220-byte G: finding (not
#             shown with a debugger here)
. tests/lib/common.sh
. tests/tools/stubs.sh

need python3 gdb
make_tmpdir T
R=$REGDEFGEN
FAKESTUB_XML=$ROOT/out/x86_64-qemu/target.xml
export FAKESTUB_XML

# run_fake BEFORE AFTER PACKETSIZE OUT CMD...: a fresh fake stub, then CMD
# with @PORT@ replaced by its port
run_fake() {
	FAKESTUB_G_BEFORE=$1 FAKESTUB_G_AFTER=$2 FAKESTUB_PACKETSIZE=$3
	export FAKESTUB_G_BEFORE FAKESTUB_G_AFTER FAKESTUB_PACKETSIZE
	_out=$4; shift 4
	port=$(free_port)
	start_fake FPID file "$port"
	_cmd=
	for a in "$@"; do _cmd="$_cmd '$(printf %s "$a" | sed "s/@PORT@/$port/g; s/'/'\\\\''/g")'"; done
	eval "with_timeout 60 $_cmd" >"$_out" 2>&1
	_rc=$?
	kill "$FPID" 2>/dev/null
	return $_rc
}
has() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then ok "$3"; else fail "$3: no '$2' in:"; sed 's/^/    /' "$1" | cut -c1-200 | head -20 >&2; fi
}
hasnt() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then fail "$3: '$2' in $1"; else ok "$3"; fi
}
gdb_rip() { # OUT [set tdesc]: GDB connects and reads rip
	_o=$1; shift
	run_fake "$B" "$A" "$P" "$_o" gdb -nx -batch "$@" -ex "target remote 127.0.0.1:@PORT@" -ex "info registers rip"
}

# --- clean ---
B=608 A=608 P=1000
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "clean: exit 0" || fail "clean: exit $rc"
has "$T/doc" "No findings" "clean: no findings"
gdb_rip "$T/gdb"
has "$T/gdb" "rip            0x0" "clean: GDB reads rip"

# --- g reply longer than described ---
B=616 A=616
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "gmismatch: exit 1" || fail "gmismatch: exit $rc"
has "$T/doc" "The g reply is 616 bytes; the description adds up to 608." "gmismatch: the finding"
has "$T/doc" "Remote 'g' packet reply is too long (expected 608 bytes, got 616 bytes)" "gmismatch: the predicted GDB message"
gdb_rip "$T/gdb"
has "$T/gdb" "Remote 'g' packet reply is too long (expected 608 bytes, got 616 bytes)" "gmismatch: GDB prints what the doctor said"
hasnt "$T/gdb" "rip            0x0" "gmismatch: GDB reads no rip"

# --- g reply changes once target.xml is read ---
B=680 A=608
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "gchange: exit 1" || fail "gchange: exit $rc"
has "$T/doc" "The g reply is 680 bytes until the client reads target.xml, 608 after." "gchange: the finding"
has "$T/doc" "(expected 608 bytes, got 680 bytes)" "gchange: the predicted GDB message"
gdb_rip "$T/gdb"
has "$T/gdb" "rip            0x0" "gchange: GDB that reads target.xml reads rip"
gdb_rip "$T/gdb2" -ex "set tdesc filename $FAKESTUB_XML"
has "$T/gdb2" "Remote 'g' packet reply is too long (expected 608 bytes, got 680 bytes)" "gchange: GDB with set tdesc filename prints what the doctor said"

# --- PacketSize too small for G ---
B=608 A=608 P=100
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "packetsize: exit 1" || fail "packetsize: exit $rc"
has "$T/doc" "PacketSize=100 (256 bytes) is smaller than a G packet of all registers" "packetsize: the finding"
has "$T/doc" "announce PacketSize=4c4 or more" "packetsize: the fix"

# --- usage ---
with_timeout 10 "$R" probe --check --def defs/x86_64-qemu.json 127.0.0.1:1 >"$T/out" 2>&1; rc=$?
[ "$rc" = 2 ] && ok "--check with --def: usage error" || fail "--check with --def: exit $rc"
finish
