#!/bin/sh
# tests/e2e/test-stub-sparse.sh: sparse remote numbers and p/P-only registers,
# end to end, on tests/data/sparse-x86_64.json: x86_64-linux whose orig_rax
# has remote number 60 (57-59 unused) and whose fs_base (64) and gs_base (65)
# are not in the g packet ("g": false).
#
# The reference stub is built from that def's header (it finds registers by
# remote number and keeps the p/P-only ones after the g bytes); its pattern
# gives byte i of remote number r the value ((r*16+i) ^ (0x33*(r/16))) & 255.
#
#  1. GDB 13 with the stub's target.xml: reads orig_rax, fs_base, gs_base
#     (the pattern of numbers 60, 64, 65), writes orig_rax and fs_base, reads
#     them back after flushing its cache; `maint print remote-registers`
#     shows Rmt Nr 60 at g offset 536 and fs_base numbered 64 outside g; the
#     stub's dump holds the written values at bytes 536 and 544.
#  2. LLDB 16 with the generated definition file (stub without target.xml):
#     the same reads and writes (fs_base and gs_base through p/P, from
#     offsets past the g reply), and a filler entry reads as unavailable.
#  3. LLDB 16 with no file, from the header's qRegisterInfo replies.
#  4. Negative control: the same def without the stated numbers (orig_rax
#     57, fs_base 58): LLDB with its file must not read the pattern.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh

for tool in gdb lldb-16; do
	if ! command -v "$tool" >/dev/null 2>&1; then
		echo "SKIP: $tool is not installed (make check installs it)"
		exit 77
	fi
done

NAME=sparse-x86_64
DEF=tests/data/$NAME.json
make_tmpdir T
STUB_DIR=$ROOT/$BUILD/stub-sparse
if ! with_timeout 300 make -s -C tests/stub REGDEFGEN="$REGDEFGEN" STUB_BUILD="$STUB_DIR" \
	DEFS="$ROOT/tests/data" STUB_LAYOUTS="$NAME" >"$T/build.log" 2>&1; then
	fail "could not build the stub for $DEF: $(cat "$T/build.log")"
	finish
fi
"$REGDEFGEN" generate -o "$T/out" "$DEF" >/dev/null || { fail "generate $DEF"; finish; }
PYFILE=$T/out/$NAME/sparse_x86_64_target_definition.py

# the stub's pattern of remote number $1, $2 bytes, as a hex number
pattern() {
	python3 -c 'import sys; r, n = int(sys.argv[1]), int(sys.argv[2])
print("0x" + "".join("%02x" % (((r * 16 + i) ^ (0x33 * (r // 16))) & 255) for i in reversed(range(n))))' "$1" "$2"
}
ORIG=$(pattern 60 8) FS=$(pattern 64 8) GS=$(pattern 65 8)
W_ORIG=0x1122334455667788 W_FS=0x0102030405060708 W_GS=0x0a0b0c0d0e0f0102

# expect FILE WHAT REGEX: the output must hold a line matching REGEX
expect() {
	if grep -Eq "$3" "$1"; then
		ok "$2"
	else
		fail "$2: no line matching '$3' in $1:"
		sed 's/^/    /' "$1" | head -40 >&2
	fi
}

# the dump (g bytes, then fs_base, gs_base) holds $2 (8 bytes) at byte $1
dump_has() { # DUMP OFFSET VALUE WHAT
	_got=$(python3 -c 'import sys; h = open(sys.argv[1]).read().strip(); o = int(sys.argv[2])
print("0x" + bytes.fromhex(h[2 * o:2 * o + 16])[::-1].hex())' "$1" "$2")
	if [ "$_got" = "$3" ]; then
		ok "$4: the stub holds $3 at byte $2"
	else
		fail "$4: the stub holds $_got at byte $2, not $3"
	fi
}

# 1. GDB with the stub's target.xml
start_stub pid port "$NAME" "$T/gdb.stub" --dump "$T/gdb.dump" || finish
with_timeout 60 gdb -nx -batch -ex 'set pagination off' -ex 'set width 0' \
	-ex "target remote 127.0.0.1:$port" \
	-ex 'echo READ\n' -ex 'p/x $orig_rax' -ex 'p/x $fs_base' -ex 'p/x $gs_base' \
	-ex "set \$orig_rax = $W_ORIG" -ex "set \$fs_base = $W_FS" \
	-ex 'maint flush register-cache' \
	-ex 'echo AGAIN\n' -ex 'p/x $orig_rax' -ex 'p/x $fs_base' \
	-ex 'maint print remote-registers' -ex disconnect >"$T/gdb.out" 2>&1
wait_exit "$pid" 10 || fail "GDB: the stub did not exit cleanly: $(cat "$T/gdb.stub")"
sed -n '/^READ/,/^AGAIN/p' "$T/gdb.out" >"$T/gdb.read"
sed -n '/^AGAIN/,$p' "$T/gdb.out" >"$T/gdb.again"
expect "$T/gdb.read" "GDB reads orig_rax (remote number 60, after the gap) = $ORIG" "^\\\$1 = $ORIG\$"
expect "$T/gdb.read" "GDB reads p-only fs_base (64) = $FS" "^\\\$2 = $FS\$"
expect "$T/gdb.read" "GDB reads p-only gs_base (65) = $GS" "^\\\$3 = $GS\$"
expect "$T/gdb.again" "GDB reads back orig_rax = $W_ORIG" "^\\\$4 = $W_ORIG\$"
expect "$T/gdb.again" "GDB reads back fs_base = $W_FS" "^\\\$5 = 0x102030405060708\$"
expect "$T/gdb.out" "GDB: orig_rax is remote number 60 at g offset 536" "^ orig_rax +[0-9]+ +[0-9]+ +[0-9]+ +8 +[a-z0-9_]+ +60 +536\$"
expect "$T/gdb.out" "GDB: fs_base is remote number 64, read with p (past the 544-byte g reply)" "^ fs_base +[0-9]+ +[0-9]+ +[0-9]+ +8 +[a-z0-9_]+ +64 +(544)?\$"
dump_has "$T/gdb.dump" 536 "$W_ORIG" "GDB's write of orig_rax"
dump_has "$T/gdb.dump" 544 "$W_FS" "GDB's write of fs_base (P)"
dump_has "$T/gdb.dump" 552 "$GS" "gs_base, not written by GDB,"

# 2. LLDB with the generated file, 3. LLDB with qRegisterInfo
lldb_case() { # TAG WHAT STUB-ARGS... (the LLDB commands are in $T/TAG.lldb)
	_tag=$1 _what=$2
	shift 2
	start_stub pid port "$NAME" "$T/$_tag.stub" --dump "$T/$_tag.dump" "$@" || return 1
	sed "s/PORT/$port/" "$T/$_tag.lldb" >"$T/$_tag.cmds"
	with_timeout 60 lldb-16 -x -b -s "$T/$_tag.cmds" >"$T/$_tag.out" 2>&1
	[ $? = 124 ] && fail "$_what: LLDB timed out"
	wait_exit "$pid" 10 || fail "$_what: the stub did not exit cleanly: $(cat "$T/$_tag.stub")"
	sed -n '/register read orig_rax fs_base gs_base$/,/register write/p' "$T/$_tag.out" >"$T/$_tag.read"
	sed -n '/register write gs_base/,$p' "$T/$_tag.out" >"$T/$_tag.again"
	expect "$T/$_tag.read" "$_what: orig_rax (60) = $ORIG" "^ *orig_rax = $ORIG\$"
	expect "$T/$_tag.read" "$_what: p-only fs_base (64) = $FS" "^ *fs_base = $FS\$"
	expect "$T/$_tag.read" "$_what: p-only gs_base (65) = $GS" "^ *gs_base = $GS\$"
	expect "$T/$_tag.again" "$_what: reads back orig_rax = $W_ORIG" "^ *orig_rax = $W_ORIG\$"
	expect "$T/$_tag.again" "$_what: reads back fs_base = $W_FS" "^ *fs_base = $W_FS\$"
	expect "$T/$_tag.again" "$_what: reads back gs_base = $W_GS" "^ *gs_base = $W_GS\$"
	dump_has "$T/$_tag.dump" 536 "$W_ORIG" "$_what: write of orig_rax"
	dump_has "$T/$_tag.dump" 544 "$W_FS" "$_what: write of fs_base"
	dump_has "$T/$_tag.dump" 552 "$W_GS" "$_what: write of gs_base"
}
lldb_cmds() { # [FILE]
	[ -n "${1:-}" ] && echo "settings set plugin.process.gdb-remote.target-definition-file $1"
	cat <<EOF
gdb-remote 127.0.0.1:PORT
register read orig_rax fs_base gs_base
register write orig_rax $W_ORIG
register write fs_base $W_FS
register write gs_base $W_GS
register read orig_rax fs_base gs_base
register read unused_regnum_58
process detach
EOF
}
lldb_cmds "$PYFILE" >"$T/file.lldb"
lldb_case file "LLDB 16 with the generated file" --no-xml
expect "$T/file.out" "LLDB 16 with the generated file: the filler of number 58 reads as unavailable" "^unused_regnum_58 = error: unavailable"
lldb_cmds >"$T/qreg.lldb"
lldb_case qreg "LLDB 16 with qRegisterInfo (no file)" --qregisterinfo

# 4. negative control: the same def, registers numbered 0, 1, 2...
sed -e "s|\\.\\./\\.\\./defs|$ROOT/defs|g" -e 's/, "regnum": 60//' -e 's/"regnum": 64, //' \
	"$DEF" >"$T/$NAME.json"
if grep -q regnum "$T/$NAME.json"; then
	fail "negative control: could not remove the stated numbers"
else
	"$REGDEFGEN" generate -o "$T/dense" "$T/$NAME.json" >/dev/null || fail "generate the control def"
	lldb_cmds "$T/dense/$NAME/sparse_x86_64_target_definition.py" >"$T/ctl.lldb"
	start_stub pid port "$NAME" "$T/ctl.stub" --no-xml || finish
	sed "s/PORT/$port/" "$T/ctl.lldb" >"$T/ctl.cmds"
	with_timeout 60 lldb-16 -x -b -s "$T/ctl.cmds" >"$T/ctl.out" 2>&1
	wait_exit "$pid" 10 || fail "control: the stub did not exit cleanly"
	sed -n '/register read orig_rax fs_base gs_base$/,/register write/p' "$T/ctl.out" >"$T/ctl.read"
	if grep -Eq "^ *orig_rax +=" "$T/ctl.read" && ! grep -Eq "^ *orig_rax += $ORIG\$" "$T/ctl.read"; then
		ok "negative control: without the gap LLDB reads orig_rax as '$(sed -n 's/^ *orig_rax *= //p' "$T/ctl.read")', not $ORIG"
	else
		fail "negative control: the dense numbering read orig_rax right, or LLDB printed nothing: $(cat "$T/ctl.read")"
	fi
fi
finish
