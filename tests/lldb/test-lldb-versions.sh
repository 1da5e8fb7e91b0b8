#!/bin/sh
# tests/lldb/test-lldb-versions.sh: every LLDB Debian 12 ships, not only 16.
# LLDB 13, 14 and 15 are unpacked from their Debian packages into
# $BUILD/lldb-cache/N/ (tests/lldb/lldb-unpacked.sh; fetched once, reused),
# then for each version and each layout:
#   1. LLDB's embedded Python loads the generated target definition file and
#      its dict equals the reference facts (tests/lldb/test-lldb-tables.sh,
#      run with that LLDB);
#   2. for every shipped layout, against the reference stub serving no
#      target.xml, with the generated file: every register and slice reads the stub's pattern, every one is
#      written and read back, and the stub's register file equals what LLDB
#      wrote (stubcheck.py lldb-script/lldb-check, as tests/e2e/ does for
#      LLDB 16), with p/P and with g/G (stub --no-p; not for a layout whose
#      G packet is larger than the stub takes: that is noted); layouts with
#      unused remote numbers (arm-m) too, their LLDB fillers left out.
# LLDB 16 is held to the same by tests/lldb/test-lldb-tables.sh and
# tests/e2e/test-stub-lldb.sh.  A version that cannot be fetched or run
# here is reported as SKIP with the reason, and the test does not pass.
# LLDB_VERSIONS="13 14 15" picks the versions.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh
. tests/lldb/lldb-unpacked.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (the LLDB runs do not involve regdefgen's code)"; finish; }

# every shipped layout, not only the six with reference tables
ALL_LAYOUTS=$(cd defs && ls *.json | sed 's/\.json$//' | LC_ALL=C sort | tr '\n' ' ')
# layouts with unused remote numbers (arm-m: xpsr 25) too: stubcheck.py
# leaves the LLDB file's filler entries out of what it reads and writes
STUB_DIR=$ROOT/$BUILD/stub
stub_make "$STUB_DIR" STUB_LAYOUTS="$ALL_LAYOUTS" ||
	{ fail "could not build the stubs"; finish; }
# the reference stub takes packets up to this size (its qSupported PacketSize)
stub_packet=$(sed -n 's/^#define STUB_PACKET_SIZE \([0-9]*\)$/\1/p' tests/stub/stub.c)
make_tmpdir T
skipped=

for v in ${LLDB_VERSIONS:-13 14 15}; do
	if ! lldb=$(lldb_unpacked "$v" 2>"$T/why"); then
		echo "SKIP: LLDB $v: $(cat "$T/why")"
		skipped="$skipped $v"
		continue
	fi
	ok "LLDB $v: $("$lldb" --version | head -1) runs from $(dirname "$lldb")"
	: "${neg_lldb:=$lldb}"
	LLDB=$lldb sh tests/lldb/test-lldb-tables.sh >"$T/tables-$v" 2>&1 || fail "LLDB $v: tables: $(cat "$T/tables-$v")"
	sed "s/^ok: /ok: LLDB $v: /" "$T/tables-$v" | grep '^ok:'
	for name in $ALL_LAYOUTS; do
		uc=$(ident_of "$name" | tr a-z A-Z)
		gsize=$(sed -n "s/^#define ${uc}_G_PACKET_SIZE \([0-9]*\)$/\1/p" "out/$name/$(ident_of "$name")_regs.h")
		for mode in p g; do
			# a G packet is 'G' and two hex digits a byte
			if [ $mode = g ] && [ $((1 + 2 * gsize)) -gt "$stub_packet" ]; then
				echo "note: LLDB $v: $name: g/G not run: a $gsize-byte G packet exceeds the reference stub's $stub_packet-byte packets"
				continue
			fi
			l=$T/$v-$name-$mode
			what="LLDB $v with the definition file ($mode/$(echo $mode | tr pg PG))"
			if [ $mode = g ]; then set -- --no-p; else set --; fi
			start_stub pid port "$name" "$l.stub" --no-xml --dump "$l.dump" "$@" || continue
			stubcheck lldb-script "$OUT_DIR" "$name" "$port" >"$l.lldb"
			with_timeout 60 "$lldb" --no-lldbinit -b -s "$l.lldb" >"$l.out" 2>&1
			[ $? = 124 ] && fail "$name: $what: LLDB timed out"
			wait_exit "$pid" 10 || fail "$name: $what: the stub did not exit cleanly after LLDB quit: $(cat "$l.stub")"
			stubcheck lldb-check "$OUT_DIR" "$name" "$l.out" "$l.dump" "$what"
		done
	done
done
# Negative control, with the oldest LLDB that ran: LLDB's classic 536-byte
# file against the 608-byte QEMU layout's stub must be caught.
if [ -n "${neg_lldb:-}" ]; then
	mkdir -p "$T/bad/x86_64-qemu" && cp out/x86_64/x86_64_target_definition.py "$T/bad/x86_64-qemu/x86_64_qemu_target_definition.py"
	l=$T/neg
	if start_stub pid port x86_64-qemu "$l.stub" --no-xml --no-p --dump "$l.dump"; then
		stubcheck lldb-script "$T/bad" x86_64-qemu "$port" >"$l.lldb"
		with_timeout 60 "$neg_lldb" --no-lldbinit -b -s "$l.lldb" >"$l.out" 2>&1
		wait_exit "$pid" 10
		if STUB_DIR=$STUB_DIR STUB_GEN_DIR=$(stub_gen_dir) with_timeout 60 python3 tests/e2e/stubcheck.py lldb-check "$T/bad" x86_64-qemu "$l.out" "$l.dump" neg >"$l.check" 2>&1; then
			fail "negative control: the 536-byte file passed against the 608-byte stub"
		else
			grep -q "^FAIL: x86_64-qemu: LLDB" "$l.check" && ok "negative control: $("$neg_lldb" --version | head -1) with the 536-byte file against the QEMU layout's stub: $(grep -c "^FAIL" "$l.check") mismatches, first: $(grep -m1 "^FAIL" "$l.check")" || fail "negative control failed for another reason: $(head -3 "$l.check")"
		fi
	fi
fi
# Negative control for the sparse layout: arm-m's file with its filler
# entries past the g packet (offset 68, as regdefgen wrote them before):
# LLDB's G is then 69 bytes and the stub without p/P refuses every write.
if [ -n "${neg_lldb:-}" ] && echo " $ALL_LAYOUTS " | grep -q " arm-m "; then
	mkdir -p "$T/old/arm-m" && cp out/arm-m/target.xml "$T/old/arm-m/"
	sed 's/"offset": 0}/"offset": 68}/' out/arm-m/arm_m_target_definition.py >"$T/old/arm-m/arm_m_target_definition.py"
	l=$T/neg-fill
	if [ "$(grep -c '"unused_regnum_.*"offset": 68}' "$T/old/arm-m/arm_m_target_definition.py")" != 9 ]; then
		fail "negative control: arm-m's 9 filler entries at offset 0 not found to move"
	elif start_stub pid port arm-m "$l.stub" --no-xml --no-p --dump "$l.dump"; then
		stubcheck lldb-script "$T/old" arm-m "$port" >"$l.lldb"
		with_timeout 60 "$neg_lldb" --no-lldbinit -b -s "$l.lldb" >"$l.out" 2>&1
		wait_exit "$pid" 10
		if STUB_DIR=$STUB_DIR STUB_GEN_DIR=$(stub_gen_dir) with_timeout 60 python3 tests/e2e/stubcheck.py lldb-check "$T/old" arm-m "$l.out" "$l.dump" neg >"$l.check" 2>&1; then
			fail "negative control: arm-m with fillers past g passed with g/G"
		else
			grep -q "^FAIL: arm-m: LLDB, after \`register write r0 .*error: Failed to write register 'r0'" "$l.check" &&
				ok "negative control: $("$neg_lldb" --version | head -1), arm-m with its fillers at offset 68, g/G: $(grep -m1 "^FAIL" "$l.check" | sed 's/^FAIL: //')" ||
				fail "negative control (fillers past g) failed for another reason: $(head -3 "$l.check")"
		fi
	fi
fi
if [ -n "$skipped" ]; then
	echo "SKIP: LLDB$skipped could not be run here; not passing" >&2
	exit 77
fi
finish
