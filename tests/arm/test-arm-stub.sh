#!/bin/sh
# tests/arm/test-arm-stub.sh: the AArch64 and Cortex-M layouts behind the
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
cd "$(dirname "$0")/../.." || exit 2
ARM_STUB_LAYOUTS="aarch64 aarch64-qemu arm-m-qemu"
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
		STUB_LAYOUTS="$ARM_STUB_LAYOUTS" CFLAGS="$_san" LDFLAGS="$_san" >"$T/build.log" 2>&1; then
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
finish
