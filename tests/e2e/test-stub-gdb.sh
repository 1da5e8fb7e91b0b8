#!/bin/sh
# tests/e2e/test-stub-gdb.sh: GDB 13 against the reference stub, per layout.
#
#  1. The stub serves its target.xml (from the generated IDENT_regs.h) and
#     GDB has no description of its own.
#  3. The stub runs with --no-xml (like VMware's stubs) and GDB is given
#     `set tdesc filename out/NAME/target.xml`.  The stub also refuses p/P
#     here (--no-p, as QEMU does), so GDB writes with G: every offset of the
#     file is exercised in both directions.
#
# In both, GDB reads every register (maint print raw-registers: the stub's
# pattern, byte for byte), writes a new value into every register with
# `set $reg = ...` (integers; st0-7 as floats; xmm as two v2_int64 halves),
# drops its register cache, reads everything back, and disconnects; the
# stub's dump of its register file must equal what GDB wrote.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh

build_stubs || { fail "could not build the stubs"; finish; }
make_tmpdir T

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
	with_timeout 60 "$(gdb_for "$name")" -nx -batch -x "$log.gdb" >"$log.out" 2>&1
	rc=$?
	[ "$rc" = 124 ] && fail "$name: $what: GDB timed out"
	if ! wait_exit "$pid" 10; then
		fail "$name: $what: the stub did not exit cleanly after GDB disconnected: $(cat "$log.stub")"
	fi
	stubcheck gdb-check "$OUT_DIR" "$name" "$log.out" "$log.dump" "$what"
}

for name in $STUB_LAYOUTS; do
	gdb_case "$name" xml
	gdb_case "$name" tdesc
done
finish
