#!/bin/sh
# tests/arm/test-arm-stub.sh: the AArch64 and ARM layouts behind the
# reference stub (tests/stub/stub.c built from each generated header), as
# tests/e2e/test-stub-gdb.sh and test-stub-lldb.sh do for x86, with
# gdb-multiarch:
#  - GDB with the stub's target.xml, then with `set tdesc filename` and the
#    stub refusing target.xml and p/P (GDB writes with G);
#  - LLDB 16 with the generated definition file, p/P and g/G (--no-p);
#  - LLDB 16 with no file through the stub's qRegisterInfo replies, p/P and
#    g/G; and the seed case: no file, no qRegisterInfo, no registers.
# Each reads the stub's pattern from every register (and LLDB's w/s/d
# sub-registers), writes every register, reads back, and the stub's dump of
# its register file must equal what the debugger wrote (tests/e2e/stubcheck.py).
# arm-m (xpsr is remote number 25 right after pc: numbers 16-24 unused) is
# checked on its own here (stubcheck.py takes it in tests/lldb/
# test-lldb-versions.sh): GDB and LLDB
# (file, qRegisterInfo) read xpsr as the stub's pattern of number 25, write
# it, read it back, the stub holds it at g byte 64, GDB shows Rmt Nr 25 at
# offset 64; negative control: the same layout numbered densely (xpsr 16)
# does not read the pattern.
cd "$(dirname "$0")/../.." || exit 2
ARM_STUB_LAYOUTS="aarch64 aarch64-qemu arm-m-qemu arm-qemu"
GDB=${GDB_MULTIARCH:-gdb-multiarch}
. tests/e2e/stublib.sh

for t in "$GDB" lldb-16 python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch lldb-16)"; exit 77; }
done
make_tmpdir T
if [ -z "$STUB_DIR" ]; then
	STUB_DIR=$ROOT/$BUILD/stub-arm
	_san=
	[ "${SANITIZE:-}" = 1 ] && _san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
	if ! with_timeout 300 make -s -C tests/stub REGDEFGEN="$REGDEFGEN" STUB_BUILD="$STUB_DIR" \
		STUB_LAYOUTS="$ARM_STUB_LAYOUTS arm-m" CFLAGS="$_san" LDFLAGS="$_san" >"$T/build.log" 2>&1; then
		fail "could not build the stubs: $(cat "$T/build.log")"
		finish
	fi
fi

gdb_case() { # NAME MODE(xml|tdesc)
	name=$1 mode=$2 log=$T/$1-$2
	if [ "$mode" = xml ]; then
		what="GDB with the stub's target.xml"
		start_stub pid port "$name" "$log.stub" --dump "$log.dump" || return
		stubcheck gdb-script "$OUT_DIR" "$name" "$port" >"$log.gdb"
	else
		what="GDB with set tdesc filename, stub --no-xml --no-p"
		start_stub pid port "$name" "$log.stub" --no-xml --no-p --dump "$log.dump" || return
		stubcheck gdb-script "$OUT_DIR" "$name" "$port" --tdesc >"$log.gdb"
	fi
	with_timeout 60 "$GDB" -nx -batch -x "$log.gdb" >"$log.out" 2>&1
	[ $? = 124 ] && fail "$name: $what: GDB timed out"
	wait_exit "$pid" 10 || fail "$name: $what: the stub did not exit cleanly after GDB disconnected: $(cat "$log.stub")"
	stubcheck gdb-check "$OUT_DIR" "$name" "$log.out" "$log.dump" "$what"
}

lldb_case() { # NAME LOG WHAT STUB-ARGS...
	_n=$1 _l=$2 _w=$3
	shift 3
	start_stub pid port "$_n" "$_l.stub" --no-xml --dump "$_l.dump" "$@" || return
	stubcheck lldb-script "$OUT_DIR" "$_n" "$port" >"$_l.lldb"
	with_timeout 60 lldb-16 -b -s "$_l.lldb" >"$_l.out" 2>&1
	[ $? = 124 ] && fail "$_n: $_w: LLDB timed out"
	wait_exit "$pid" 10 || fail "$_n: $_w: the stub did not exit cleanly after LLDB quit: $(cat "$_l.stub")"
	stubcheck lldb-check "$OUT_DIR" "$_n" "$_l.out" "$_l.dump" "$_w"
}

qreginfo_case() { # NAME LOG WHAT STUB-ARGS...: no definition file at all
	_n=$1 _l=$2 _w=$3
	shift 3
	start_stub pid port "$_n" "$_l.stub" --qregisterinfo --dump "$_l.dump" "$@" || return
	stubcheck lldb-qreginfo-script "$_n" "$port" >"$_l.lldb"
	with_timeout 60 lldb-16 -x -b -s "$_l.lldb" >"$_l.out" 2>&1
	[ $? = 124 ] && fail "$_n: $_w: LLDB timed out"
	wait_exit "$pid" 10 || fail "$_n: $_w: the stub did not exit cleanly after LLDB quit: $(cat "$_l.stub")"
	stubcheck lldb-qreginfo-check "$_n" "$_l.out" "$_l.dump" "$_w"
}

for name in $ARM_STUB_LAYOUTS; do
	stubcheck layout-check "$OUT_DIR" "$name"
	gdb_case "$name" xml
	gdb_case "$name" tdesc
	lldb_case "$name" "$T/$name-p" "LLDB with the definition file (p/P)"
	lldb_case "$name" "$T/$name-g" "LLDB with the definition file (g/G, stub --no-p)" --no-p

	log=$T/$name-nofile
	start_stub pid port "$name" "$log.stub" --no-xml || continue
	with_timeout 60 lldb-16 -b -o "gdb-remote 127.0.0.1:$port" -o 'register read --all' >"$log.out" 2>&1
	[ $? = 124 ] && fail "$name: LLDB without the definition file timed out"
	wait_exit "$pid" 10 || fail "$name: the stub did not exit cleanly after LLDB quit: $(cat "$log.stub")"
	stubcheck lldb-nofile-check "$name" "$log.out"

	qreginfo_case "$name" "$T/$name-qri-p" "LLDB through qRegisterInfo (p/P)"
	qreginfo_case "$name" "$T/$name-qri-g" "LLDB through qRegisterInfo (g/G, stub --no-p)" --no-p
done
# arm-m: xpsr is remote number 25 at g offset 64.
NAME=arm-m
# the stub's pattern of remote number $1, $2 bytes, as a hex number
pattern() {
	python3 -c 'import sys; r, n = int(sys.argv[1]), int(sys.argv[2])
print("0x" + "".join("%02x" % (((r * 16 + i) ^ (0x33 * (r // 16))) & 255) for i in reversed(range(n))))' "$1" "$2"
}
XPSR=$(pattern 25 4) PC=$(pattern 15 4) W_XPSR=0x81000000
expect_line() { # FILE WHAT REGEX
	if grep -Eq "$3" "$1"; then ok "$2"; else fail "$2: no line matching '$3' in $1:"; sed 's/^/    /' "$1" | head -40 >&2; fi
}
dump_has() { # DUMP OFFSET VALUE WHAT: 4 bytes at OFFSET of the stub's register file
	_got=$(python3 -c 'import sys; h = open(sys.argv[1]).read().strip(); o = int(sys.argv[2])
print("0x" + bytes.fromhex(h[2 * o:2 * o + 8])[::-1].hex())' "$1" "$2")
	if [ "$_got" = "$3" ]; then ok "$4: the stub holds $3 at byte $2"; else fail "$4: the stub holds $_got at byte $2, not $3"; fi
}
for mode in xml tdesc; do
	if [ $mode = xml ]; then
		what="arm-m: GDB with the stub's target.xml"
		start_stub pid port "$NAME" "$T/m-$mode.stub" --dump "$T/m-$mode.dump" || continue
		set --
	else
		what="arm-m: GDB with set tdesc filename, stub --no-xml --no-p"
		start_stub pid port "$NAME" "$T/m-$mode.stub" --no-xml --no-p --dump "$T/m-$mode.dump" || continue
		set -- -ex "set tdesc filename $ROOT/$OUT_DIR/arm-m/target.xml"
	fi
	with_timeout 60 "$GDB" -nx -batch -ex 'set pagination off' -ex 'set width 0' "$@" \
		-ex "target remote 127.0.0.1:$port" \
		-ex 'echo READ\n' -ex 'p/x $pc' -ex 'p/x $xpsr' \
		-ex "set \$xpsr = $W_XPSR" -ex 'maint flush register-cache' \
		-ex 'echo AGAIN\n' -ex 'p/x $xpsr' \
		-ex 'maint print remote-registers' -ex disconnect >"$T/m-$mode.out" 2>&1
	wait_exit "$pid" 10 || fail "$what: the stub did not exit cleanly: $(cat "$T/m-$mode.stub")"
	sed -n '/^READ/,/^AGAIN/p' "$T/m-$mode.out" >"$T/m-$mode.read"
	expect_line "$T/m-$mode.read" "$what: pc = $PC" "^\\\$1 = $PC\$"
	expect_line "$T/m-$mode.read" "$what: xpsr (remote number 25) = $XPSR" "^\\\$2 = $XPSR\$"
	expect_line "$T/m-$mode.out" "$what: reads back xpsr = $W_XPSR" "^\\\$3 = $W_XPSR\$"
	expect_line "$T/m-$mode.out" "$what: xpsr is Rmt Nr 25 at g offset 64" "^ xpsr +[0-9]+ +[0-9]+ +[0-9]+ +4 +[a-z0-9_]+ +25 +64\$"
	dump_has "$T/m-$mode.dump" 64 "$W_XPSR" "$what: the write of xpsr"
done
m_lldb() { # TAG WHAT FILE STUB-ARGS...
	_tag=$1 _what=$2 _file=$3
	shift 3
	start_stub pid port "$NAME" "$T/m-$_tag.stub" --dump "$T/m-$_tag.dump" "$@" || return 1
	with_timeout 60 lldb-16 -x -b ${_file:+-o "settings set plugin.process.gdb-remote.target-definition-file $_file"} \
		-o "gdb-remote 127.0.0.1:$port" -o 'register read pc xpsr' \
		-o "register write xpsr $W_XPSR" -o 'register read xpsr' -o 'process detach' >"$T/m-$_tag.out" 2>&1
	[ $? = 124 ] && fail "$_what: LLDB timed out"
	wait_exit "$pid" 10 || fail "$_what: the stub did not exit cleanly: $(cat "$T/m-$_tag.stub")"
	sed -n '/register read pc xpsr$/,/register write/p' "$T/m-$_tag.out" >"$T/m-$_tag.read"
	sed -n '/register write/,$p' "$T/m-$_tag.out" >"$T/m-$_tag.again"
}
for mode in p g; do
	if [ $mode = p ]; then set -- --no-xml; else set -- --no-xml --no-p; fi
	what="arm-m: LLDB 16 with the generated file ($mode)"
	m_lldb "file-$mode" "$what" "$ROOT/$OUT_DIR/arm-m/arm_m_target_definition.py" "$@" || continue
	expect_line "$T/m-file-$mode.read" "$what: pc = $PC" "^ *pc = $PC\$"
	expect_line "$T/m-file-$mode.read" "$what: xpsr (25) = $XPSR" "^ *xpsr = $XPSR\$"
	# g mode: the filler entries of numbers 16-24 lie at offset 0, inside
	# g, so LLDB's G is 68 bytes and the stub takes it (they lay at 68
	# before: a 69-byte G, refused with E03, xpsr unchanged)
	expect_line "$T/m-file-$mode.again" "$what: reads back xpsr = $W_XPSR" "^ *xpsr = $W_XPSR\$"
	dump_has "$T/m-file-$mode.dump" 64 "$W_XPSR" "$what: the write of xpsr"
done
what="arm-m: LLDB 16 through qRegisterInfo (no file)"
if m_lldb qreg "$what" "" --qregisterinfo; then
	expect_line "$T/m-qreg.read" "$what: xpsr (25) = $XPSR" "^ *xpsr = $XPSR\$"
	expect_line "$T/m-qreg.again" "$what: reads back xpsr = $W_XPSR" "^ *xpsr = $W_XPSR\$"
	dump_has "$T/m-qreg.dump" 64 "$W_XPSR" "$what: the write of xpsr"
fi
# negative control: arm-m numbered densely (xpsr 16)
mkdir -p "$T/dense"
cp defs/arm/common.json defs/arm/gpr.json defs/arm/m-core.json "$T/dense/"
sed 's/"regnum": 25, //' defs/arm/m-xpsr.json >"$T/dense/m-xpsr.json"
printf '{"include": ["m-core.json", "m-xpsr.json"], "target": {"lldb_triple": "thumbv7m-unknown-none-eabi"}}\n' >"$T/dense/arm-m.json"
if "$REGDEFGEN" generate -o "$T/dense/out" "$T/dense/arm-m.json" >/dev/null 2>&1 &&
	m_lldb dense "negative control" "$T/dense/out/arm-m/arm_m_target_definition.py" --no-xml; then
	if grep -Eq "^ *xpsr = $XPSR\$" "$T/m-dense.read"; then
		fail "negative control: with xpsr numbered 16, LLDB still read the pattern of number 25"
	else
		ok "negative control: with xpsr numbered 16 LLDB reads '$(sed -n 's/^ *xpsr *= //p' "$T/m-dense.read" | head -1)', not $XPSR"
	fi
else
	fail "negative control: could not generate or run the densely numbered arm-m"
fi
finish
