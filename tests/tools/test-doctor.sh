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
#   packetsize PacketSize=100 (256 bytes) for a 1221-byte G: finding, exit
#             1; the fake refuses longer packets (E01) and P: GDB 13 and
#             LLDB 16 still write rax with one 1217-byte G and fail
#             ("Could not write registers; remote failure reply 'E01'",
#             "error: Failed to write register"); negative control:
#             PacketSize=4c5, no finding, both write and read rax back
#   rejected  target.xml without a name GDB requires in the architecture's
#             core feature (arch.json "required_feature"): x86_64-qemu
#             without eflags (gdb), riscv64-qemu without pc (gdb-multiarch):
#             finding, exit 1; GDB prints "warning: Architecture rejected
#             target-supplied description"; negative control: the whole
#             riscv64-qemu target.xml, no finding and no warning
#   roles     no pc/sp/fp role where LLDB cannot give it: riscv64-qemu
#             without its generic attributes (LLDB 16 has no RISC-V ABI):
#             finding, exit 1, LLDB 16 shows "frame #0: 0xffffffffffffffff";
#             x86_64-qemu without generic attributes: no finding, LLDB's
#             ABI finds rip by name ("frame #0: 0x0000000000000000");
#             x86_64 with rip named pc: finding, LLDB 0xffffffffffffffff;
#             negative control: the whole riscv64-qemu description, LLDB
#             shows frame 0 at 0x0000000000000000
#   qreginfo  a stub serving x86_64-qemu's target.xml and qRegisterInfo
#             (tests/tools/qreginfo-of.py) with rax and rbx trading offsets,
#             g bytes 00 01 02...: finding, exit 1; LLDB 16 asks no
#             qRegisterInfo and reads rax 0x0706050403020100 (target.xml's),
#             GDB too; the same stub offering no target.xml: LLDB reads rax
#             0x0f0e0d0c0b0a0908 (qRegisterInfo's); negative control: the
#             same qRegisterInfo without the swap, no finding
#   qhostinfo that stub (no target.xml, qRegisterInfo agreeing) refusing
#             qHostInfo: finding, exit 1; LLDB 16 shows no arch= and reads
#             rax byte-swapped, 0x0001020304050607; negative control: with
#             qHostInfo, no finding, rax 0x0706050403020100
. tests/lib/common.sh
. tests/tools/stubs.sh

need python3 gdb gdb-multiarch lldb-16
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
hasnt "$T/gdb" "Architecture rejected" "clean: GDB accepts the description"

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
has "$T/doc" "announce PacketSize=4c5 or more" "packetsize: the fix"
has "$T/doc" "GDB says \"Could not write registers; remote failure reply '...'\", LLDB \"error: Failed to write register\"." "packetsize: the predicted GDB and LLDB messages"
# the fake refuses packets longer than its PacketSize (E01), P too: GDB
# tries P, then sends all 608 registers in one G (1217 bytes of data)
FAKESTUB_LOG=$T/ps-packets; export FAKESTUB_LOG
: >"$FAKESTUB_LOG"
write_rax() { # OUT: GDB, then LLDB 16, write rax and read it back
	run_fake $B $A $P "$1.gdb" gdb -nx -batch -ex "target remote 127.0.0.1:@PORT@" \
		-ex 'set $rax = 0x1122334455667788' -ex 'info registers rax'
	run_fake $B $A $P "$1.lldb" lldb-16 --no-lldbinit --batch -o "gdb-remote 127.0.0.1:@PORT@" \
		-o 'register write rax 0x1122334455667788' -o 'register read rax'
}
write_rax "$T/ps"
has "$T/ps.gdb" "Could not write registers; remote failure reply 'E01'" "packetsize: GDB cannot write rax, as the doctor said"
has "$T/ps.lldb" "error: Failed to write register 'rax' with value '0x1122334455667788'" "packetsize: LLDB 16 cannot write rax, as the doctor said"
[ "$(grep -c '^G' "$FAKESTUB_LOG")" = 2 ] && [ "$(grep '^G' "$FAKESTUB_LOG" | awk '{ print length($0) }' | sort -u)" = 1217 ] &&
	ok "packetsize: GDB and LLDB each sent one 1217-byte G packet (PacketSize 256 disregarded)" ||
	fail "packetsize: G packets sent: $(grep '^G' "$FAKESTUB_LOG" | awk '{ print length($0) }')"
unset FAKESTUB_LOG
# negative control: PacketSize=4c5, the size the doctor asks for: no finding,
# and both debuggers write rax and read it back
P=4c5
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "packetsize 4c5: exit 0" || fail "packetsize 4c5: exit $rc"
hasnt "$T/doc" "PacketSize" "packetsize 4c5: no finding"
write_rax "$T/ps4c4"
has "$T/ps4c4.gdb" "rax            0x1122334455667788" "packetsize 4c5: GDB writes rax and reads it back"
has "$T/ps4c4.lldb" "rax = 0x1122334455667788" "packetsize 4c5: LLDB 16 writes rax and reads it back"
P=1000

# --- a description GDB rejects (a required core name missing) ---
REJECTED="warning: Architecture rejected target-supplied description"
grep -v '<reg name="eflags"' "$ROOT/out/x86_64-qemu/target.xml" >"$T/noeflags.xml"
FAKESTUB_XML=$T/noeflags.xml
B=604 A=604 P=1000
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "rejected x86_64: exit 1" || fail "rejected x86_64: exit $rc"
has "$T/doc" "target.xml's org.gnu.gdb.i386.core lacks eflags (1 of the names GDB requires there for x86_64)." "rejected x86_64: the finding"
has "$T/doc" "GDB prints \"$REJECTED\"" "rejected x86_64: the predicted GDB message"
has "$T/doc" "Fix: serve eflags in <feature name=\"org.gnu.gdb.i386.core\">" "rejected x86_64: the fix"
gdb_rip "$T/gdb"
has "$T/gdb" "$REJECTED" "rejected x86_64: GDB prints what the doctor said"
has "$T/gdb" "Remote 'g' packet reply is too long (expected 312 bytes, got 604 bytes)" "rejected x86_64: GDB falls back to its default layout"

# riscv64 (gdb-multiarch): QEMU's description without pc, 256 bytes of g
grep -v '<reg name="pc"' "$ROOT/out/riscv64-qemu/target.xml" >"$T/nopc.xml"
FAKESTUB_XML=$T/nopc.xml
B=256 A=256
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "rejected riscv64: exit 1" || fail "rejected riscv64: exit $rc"
has "$T/doc" "target.xml's org.gnu.gdb.riscv.cpu lacks pc (1 of the names GDB requires there for riscv64)." "rejected riscv64: the finding"
has "$T/doc" "GDB prints \"$REJECTED\"" "rejected riscv64: the predicted GDB message"
run_fake $B $A $P "$T/gdb" gdb-multiarch -nx -batch -ex "target remote 127.0.0.1:@PORT@" -ex "info registers pc"
has "$T/gdb" "$REJECTED" "rejected riscv64: gdb-multiarch prints what the doctor said"
# negative control: the whole description, 264 bytes
FAKESTUB_XML=$ROOT/out/riscv64-qemu/target.xml
B=264 A=264
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "riscv64 whole: exit 0" || fail "riscv64 whole: exit $rc"
hasnt "$T/doc" "GDB requires" "riscv64 whole: no rejection finding"
run_fake $B $A $P "$T/gdb" gdb-multiarch -nx -batch -ex "target remote 127.0.0.1:@PORT@" -ex "info registers pc"
hasnt "$T/gdb" "$REJECTED" "riscv64 whole: gdb-multiarch accepts it"
has "$T/gdb" "pc             0x0" "riscv64 whole: gdb-multiarch reads pc"
run_fake $B $A $P "$T/lldb" lldb-16 --no-lldbinit --batch -o "settings set target.default-arch riscv64" \
	-o "gdb-remote 127.0.0.1:@PORT@" -o "register read pc"
has "$T/lldb" "frame #0: 0x0000000000000000" "riscv64 whole: LLDB finds the pc (negative control of roles)"
has "$T/lldb" "pc = 0x0000000000000000" "riscv64 whole: LLDB reads pc"

# --- no pc/sp/fp role where LLDB cannot give it ---
lldb_frame() { # OUT [ARCH]: LLDB 16 connects, shows frame 0 and reads the pc
	_o=$1
	run_fake $B $A $P "$_o" lldb-16 --no-lldbinit --batch -o "settings set target.default-arch ${2:-x86_64}" \
		-o "gdb-remote 127.0.0.1:@PORT@" -o "register read pc"
}
NOFRAME="frame #0: 0xffffffffffffffff"
sed 's/ generic="[^"]*"//' "$ROOT/out/riscv64-qemu/target.xml" >"$T/rv-noroles.xml"
FAKESTUB_XML=$T/rv-noroles.xml
B=264 A=264
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "roles riscv64: exit 1" || fail "roles riscv64: exit $rc"
has "$T/doc" "No register has the LLDB role pc, sp, fp, and LLDB 16 has no riscv64 ABI to give them by name." "roles riscv64: the finding"
has "$T/doc" "\"$NOFRAME\"" "roles riscv64: the predicted LLDB frame"
has "$T/doc" 'Fix: serve generic="pc" on pc, generic="sp" on sp, generic="fp" on fp' "roles riscv64: the fix"
hasnt "$T/doc" "GDB requires" "roles riscv64: GDB accepts it (no rejection finding)"
lldb_frame "$T/lldb" riscv64
has "$T/lldb" "$NOFRAME" "roles riscv64: LLDB 16 shows what the doctor said"

sed 's/ generic="[^"]*"//' "$ROOT/out/x86_64-qemu/target.xml" >"$T/x86-noroles.xml"
FAKESTUB_XML=$T/x86-noroles.xml
B=608 A=608
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "roles x86_64 by ABI names: exit 0" || fail "roles x86_64 by ABI names: exit $rc"
has "$T/doc" "No findings" "roles x86_64 by ABI names: no findings"
lldb_frame "$T/lldb"
has "$T/lldb" "frame #0: 0x0000000000000000" "roles x86_64 by ABI names: LLDB's ABI gives rip the pc role"
has "$T/lldb" "rip = 0x0000000000000000" "roles x86_64 by ABI names: register read pc reads rip"

sed 's/ generic="[^"]*"//; s/<reg name="rip"/<reg name="pc"/' "$ROOT/out/x86_64-qemu/target.xml" >"$T/x86-pc.xml"
FAKESTUB_XML=$T/x86-pc.xml
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "roles x86_64 rip named pc: exit 1" || fail "roles x86_64 rip named pc: exit $rc"
has "$T/doc" "No register has the LLDB role pc, and none has the name LLDB's x86 ABI gives it by (rip)." "roles x86_64 rip named pc: the finding"
has "$T/doc" 'Fix: serve generic="pc" on rip' "roles x86_64 rip named pc: the fix"
lldb_frame "$T/lldb"
has "$T/lldb" "$NOFRAME" "roles x86_64 rip named pc: LLDB 16 shows what the doctor said"
FAKESTUB_XML=$ROOT/out/x86_64-qemu/target.xml

# --- qRegisterInfo and target.xml that disagree ---
python3 tests/tools/qreginfo-of.py "$FAKESTUB_XML" >"$T/q-same"
python3 tests/tools/qreginfo-of.py "$FAKESTUB_XML" swap >"$T/q-swap"
FAKESTUB_G_PATTERN=1 FAKESTUB_QREGINFO=$T/q-same
export FAKESTUB_G_PATTERN FAKESTUB_QREGINFO
B=608 A=608
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "qreginfo agreeing: exit 0" || fail "qreginfo agreeing: exit $rc"
has "$T/doc" "No findings" "qreginfo agreeing: no findings (negative control)"
FAKESTUB_QREGINFO=$T/q-swap
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "qreginfo disagreeing: exit 1" || fail "qreginfo disagreeing: exit $rc"
has "$T/doc" "target.xml and qRegisterInfo disagree on 2 registers (rax: target.xml 64 bits at byte 0, qRegisterInfo 64 bits at byte 8; rbx: target.xml 64 bits at byte 8, qRegisterInfo 64 bits at byte 0)." "qreginfo disagreeing: the finding"
has "$T/doc" "GDB and LLDB 16 both use target.xml (LLDB asks qRegisterInfo only of a stub that does not offer qXfer:features:read" "qreginfo disagreeing: who sees which"
FAKESTUB_LOG=$T/lldb-packets; export FAKESTUB_LOG
: >"$FAKESTUB_LOG"
run_fake $B $A $P "$T/lldb" lldb-16 --no-lldbinit --batch -o "gdb-remote 127.0.0.1:@PORT@" -o "register read rax"
has "$T/lldb" "rax = 0x0706050403020100" "qreginfo disagreeing: LLDB 16 reads rax where target.xml puts it"
grep -q '^qXfer:features:read:target.xml' "$FAKESTUB_LOG" && ok "qreginfo disagreeing: LLDB 16 read target.xml" || fail "qreginfo disagreeing: LLDB read no target.xml"
hasnt "$FAKESTUB_LOG" "qRegisterInfo" "qreginfo disagreeing: LLDB 16 asked no qRegisterInfo"
unset FAKESTUB_LOG
run_fake $B $A $P "$T/gdb" gdb -nx -batch -ex "target remote 127.0.0.1:@PORT@" -ex "info registers rax"
has "$T/gdb" "rax            0x706050403020100" "qreginfo disagreeing: GDB reads rax where target.xml puts it"
FAKESTUB_NOXML=1; export FAKESTUB_NOXML
run_fake $B $A $P "$T/lldb" lldb-16 --no-lldbinit --batch -o "gdb-remote 127.0.0.1:@PORT@" -o "register read rax"
has "$T/lldb" "rax = 0x0f0e0d0c0b0a0908" "qreginfo, no target.xml offered: LLDB 16 reads rax where qRegisterInfo puts it"

# --- qRegisterInfo without qHostInfo: no triple ---
# the same stub (no target.xml, qRegisterInfo agreeing with it, g bytes 00
# 01 02...) refusing qHostInfo: finding, exit 1, and LLDB 16 knows no
# architecture and reads rax byte-swapped; negative control: with qHostInfo
# (x86_64-pc-linux-gnu) no finding, LLDB reads rax 0x0706050403020100
FAKESTUB_QREGINFO=$T/q-same
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 0 ] && ok "qHostInfo served: exit 0" || fail "qHostInfo served: exit $rc"
has "$T/doc" "No findings" "qHostInfo served: no findings (negative control)"
run_fake $B $A $P "$T/lldb" lldb-16 --no-lldbinit --batch -o "gdb-remote 127.0.0.1:@PORT@" -o "register read rax" -o "target list"
has "$T/lldb" "rax = 0x0706050403020100" "qHostInfo served: LLDB 16 reads rax 0x0706050403020100"
has "$T/lldb" "arch=x86_64-pc-linux-gnu" "qHostInfo served: LLDB 16 knows the architecture"
FAKESTUB_NOHOSTINFO=1; export FAKESTUB_NOHOSTINFO
run_fake $B $A $P "$T/doc" "$R" probe --check "127.0.0.1:@PORT@"; rc=$?
[ "$rc" = 1 ] && ok "no qHostInfo: exit 1" || fail "no qHostInfo: exit $rc"
has "$T/doc" "No qHostInfo triple: the stub names no architecture." "no qHostInfo: the finding"
has "$T/doc" "shows every register byte-swapped (g bytes 00 01 02 ... 07 as 0x0001020304050607)" "no qHostInfo: the predicted LLDB value"
has "$T/doc" "Fix: answer qHostInfo with triple:<hex of the target's CPU-VENDOR-OS triple>;ptrsize:8;endian:little;" "no qHostInfo: the fix"
run_fake $B $A $P "$T/lldb" lldb-16 --no-lldbinit --batch -o "gdb-remote 127.0.0.1:@PORT@" -o "register read rax" -o "target list"
has "$T/lldb" "rax = 0x0001020304050607" "no qHostInfo: LLDB 16 reads rax byte-swapped, as the doctor said"
hasnt "$T/lldb" "arch=" "no qHostInfo: LLDB 16 knows no architecture"
unset FAKESTUB_NOHOSTINFO FAKESTUB_NOXML FAKESTUB_QREGINFO FAKESTUB_G_PATTERN

# --- usage ---
with_timeout 10 "$R" probe --check --def defs/x86_64-qemu.json 127.0.0.1:1 >"$T/out" 2>&1; rc=$?
[ "$rc" = 2 ] && ok "--check with --def: usage error" || fail "--check with --def: exit $rc"
finish
