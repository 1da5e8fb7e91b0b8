#!/bin/sh
# tests/e2e/test-stub-lldb.sh: LLDB 16 against the reference stub running
# with --no-xml (no target.xml, no qRegisterInfo: like VMware's stubs), per
# layout.
#
#  2. With the generated out/NAME/IDENT_target_definition.py: `register read
#     --all` shows the stub's pattern for every register and every slice
#     (eax, ax, ah, al, r8d, ...); then every register and slice is written,
#     everything is read again, and the stub's dump of its register file
#     must equal what LLDB wrote.
#     Seed case: the same stub without the file leaves LLDB with no
#     registers at all (asserted as LLDB 16 prints it).
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh

build_stubs || { fail "could not build the stubs"; finish; }
make_tmpdir T

for name in $LAYOUTS; do
	log=$T/$name
	start_stub pid port "$name" "$log.stub" --no-xml --dump "$log.dump" || continue
	stubcheck lldb-script "$OUT_DIR" "$name" "$port" >"$log.lldb"
	with_timeout 60 lldb-16 -b -s "$log.lldb" >"$log.out" 2>&1
	[ $? = 124 ] && fail "$name: LLDB timed out"
	wait_exit "$pid" 10 || fail "$name: the stub did not exit cleanly after LLDB quit: $(cat "$log.stub")"
	stubcheck lldb-check "$OUT_DIR" "$name" "$log.out" "$log.dump"

	start_stub pid port "$name" "$log.nofile.stub" --no-xml || continue
	with_timeout 60 lldb-16 -b -o "gdb-remote 127.0.0.1:$port" -o 'register read --all' \
		>"$log.nofile.out" 2>&1
	[ $? = 124 ] && fail "$name: LLDB without the definition file timed out"
	wait_exit "$pid" 10 || fail "$name: the stub did not exit cleanly after LLDB quit: $(cat "$log.nofile.stub")"
	stubcheck lldb-nofile-check "$name" "$log.nofile.out"
done
finish
