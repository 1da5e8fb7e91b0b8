#!/bin/sh
# tests/e2e/test-stub-lldb.sh: LLDB 16 against the reference stub, per
# layout: with --no-xml (no target.xml, no qRegisterInfo: like VMware's
# stubs) and with --qregisterinfo (no target.xml; LLDB's qHostInfo and
# qRegisterInfo answered from the header, as lldb-server does).
#
#  2. With the generated out/NAME/IDENT_target_definition.py: `register read
#     --all` shows the stub's pattern for every register and every slice
#     (eax, ax, ah, al, r8d, ...); then every register and slice is written,
#     everything is read again from the stub, and the stub's dump of its
#     register file must equal what LLDB wrote.  Run twice: once with p/P
#     (LLDB addresses registers by list index), once with the stub refusing
#     them (--no-p, as QEMU does), so LLDB uses g/G and the file's offsets.
#     Seed case: the same stub without the file leaves LLDB with no
#     registers at all (asserted as LLDB 16 prints it).
#  3. The stub with --qregisterinfo and LLDB with NO definition file: every
#     register of the layout, by the name its qRegisterInfo reply gives
#     (rflags, stmm0, ...), and every sub-register LLDB shows (those the
#     replies list and any LLDB adds itself) reads the stub's pattern, with
#     no register unavailable; then all are written and read back, and the
#     stub's dump must equal what LLDB wrote.  Twice again: p/P, then g/G
#     (--no-p), where the replies' offsets matter.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh

build_stubs || { fail "could not build the stubs"; finish; }
make_tmpdir T

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
	# -x: no ~/.lldbinit either, so nothing can name a definition file
	with_timeout 60 lldb-16 -x -b -s "$_l.lldb" >"$_l.out" 2>&1
	[ $? = 124 ] && fail "$_n: $_w: LLDB timed out"
	wait_exit "$pid" 10 || fail "$_n: $_w: the stub did not exit cleanly after LLDB quit: $(cat "$_l.stub")"
	stubcheck lldb-qreginfo-check "$_n" "$_l.out" "$_l.dump" "$_w"
}

for name in $STUB_LAYOUTS; do
	lldb_case "$name" "$T/$name-p" "LLDB with the definition file (p/P)"
	lldb_case "$name" "$T/$name-g" "LLDB with the definition file (g/G, stub --no-p)" --no-p

	log=$T/$name-nofile
	start_stub pid port "$name" "$log.stub" --no-xml || continue
	with_timeout 60 lldb-16 -b -o "gdb-remote 127.0.0.1:$port" -o 'register read --all' \
		>"$log.out" 2>&1
	[ $? = 124 ] && fail "$name: LLDB without the definition file timed out"
	wait_exit "$pid" 10 || fail "$name: the stub did not exit cleanly after LLDB quit: $(cat "$log.stub")"
	stubcheck lldb-nofile-check "$name" "$log.out"

	qreginfo_case "$name" "$T/$name-qri-p" "LLDB through qRegisterInfo (p/P)"
	qreginfo_case "$name" "$T/$name-qri-g" "LLDB through qRegisterInfo (g/G, stub --no-p)" --no-p
done
finish
