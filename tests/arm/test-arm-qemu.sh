#!/bin/sh
# tests/arm/test-arm-qemu.sh: the generated aarch64-qemu, arm-m-qemu and
# arm-qemu files against a real QEMU 7.2 gdbstub (qemu-system-aarch64 -M
# virt -cpu cortex-a57; qemu-system-arm -M lm3s6965evb -cpu cortex-m3;
# qemu-system-arm -M virt -cpu cortex-a15).
#
# Per layout, each step on a fresh QEMU stopped at reset (a client that
# detaches lets the guest run, and LLDB's exit kills QEMU):
#  1. GDB with QEMU's own description writes a distinctive value into every
#     register of the g packet (tests/arm/armregs.py writes), flushes its
#     cache and reads them back: the truth.  GDB then disconnects (the
#     guest stays stopped) and
#  2. GDB with the generated target.xml must read exactly the truth, with
#     no warning (arm-m-qemu: f0-f7 and fps zero);
#  3. LLDB 16 with the generated file must read exactly the truth (and
#     w0-w30 as the low halves of x0-x30), with its defaults and, on a
#     second QEMU, with use-g-packet-for-reading true;
#  4. negative controls on another QEMU:
#     aarch64-qemu: LLDB with a file whose sp and pc are swapped must show
#     the mismatch (the comparison can fail);
#     arm-m-qemu / arm-qemu: a 68-byte layout (QEMU's after-XML g,
#     xpsr / cpsr at byte 64): GDB must refuse the 168-byte reply ("Remote
#     'g' packet reply is too long") and LLDB must read xpsr / cpsr as 0
#     (the zero FPA bytes at 64);
#  5. arm-m-qemu, arm-qemu: `regdefgen probe --check` reports the g reply
#     changing from 168 to 68 bytes once target.xml is read.
# Every client runs under a timeout; QEMU is ended by its PID.
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
GDB=${GDB_MULTIARCH:-gdb-multiarch}
LLDB=${LLDB:-lldb-16}
CLIENT_TIMEOUT=${QEMU_TEST_TIMEOUT:-30}

missing=
for t in "$GDB" "$LLDB" qemu-system-aarch64 qemu-system-arm python3; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	echo "SKIP: not installed:$missing (make check installs gdb-multiarch lldb-16 qemu-system-arm)"
	exit 77
fi
make_tmpdir TMP

# check ARGS...: run armregs.py; its "ok ..." lines pass, any other line
# is a failure.  Returns non-zero if anything failed.
check() {
	python3 "$ROOT/tests/arm/armregs.py" "$@" >"$TMP/check.out" 2>&1
	_rc=$?
	_bad=0
	while IFS= read -r _line; do
		case $_line in
		"ok "*) ok "${_line#ok }" ;;
		*) fail "$_line"; _bad=1 ;;
		esac
	done <"$TMP/check.out"
	if [ "$_rc" -ne 0 ] && [ "$_bad" = 0 ]; then
		fail "armregs.py $1 exited with status $_rc"
		_bad=1
	fi
	return "$_bad"
}

# start_qemu: a stopped QEMU of $QEMU ($MACHINE) on a free port; sets QPID, QPORT.
start_qemu() {
	QPORT=$(free_port)
	# shellcheck disable=SC2086 # MACHINE is several words
	start_bg QPID "$QEMU" $MACHINE -S -gdb "tcp:127.0.0.1:$QPORT" -display none \
		-nodefaults -monitor none -serial none >>"$TMP/qemu.log" 2>&1
	python3 "$ROOT/tests/e2e/qemu_regs.py" wait-listen "$QPORT" 10 "$QPID" >/dev/null && return 0
	fail "$QEMU (PID $QPID) does not listen on 127.0.0.1:$QPORT"
	stop_qemu 0
	return 1
}

# stop_qemu GRACE: up to GRACE seconds for QEMU to exit by itself, then
# end it by its PID and drop the PID from the cleanup list.
stop_qemu() {
	_n=0
	while [ "$_n" -lt $(($1 * 10)) ] && kill -0 "$QPID" 2>/dev/null; do
		sleep 0.1
		_n=$((_n + 1))
	done
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
}

# client WHAT OUTFILE CMD...: a GDB or LLDB batch under the timeout.
# EXPECT_RC (default 0) is the exit status it must end with.
client() {
	_what=$1 _outf=$2
	shift 2
	with_timeout "$CLIENT_TIMEOUT" "$@" >"$_outf" 2>&1 </dev/null
	_rc=$?
	[ "$_rc" = "${EXPECT_RC:-0}" ] && return 0
	case $_rc in
	124 | 137) fail "$_what: timed out after $CLIENT_TIMEOUT s" ;;
	*) fail "$_what: exited with status $_rc"; sed 's/^/    /' "$_outf" | tail -n 15 >&2 ;;
	esac
	return 1
}

# truth NAME: GDB with QEMU's description writes the values and reads them
# back into $TMP/NAME.json.
truth() {
	client "$layout: GDB with QEMU's own description" "$TMP/$1.out" \
		"$GDB" -nx -batch \
		-ex "target remote 127.0.0.1:$QPORT" \
		-x "$TMP/$layout.writes.gdb" \
		-ex 'maint flush register-cache' \
		-ex "info registers $names" \
		-ex 'disconnect' || return 1
	check truth "$layout" "$TMP/$1.out" "$TMP/$1.json"
}

# lldb_read FILE OUTFILE [SETTING]: LLDB with target definition FILE reads
# the registers; its exit kills QEMU.
lldb_read() {
	client "$layout: LLDB with $1${3:+ ($3)}" "$2" "$LLDB" -b \
		${3:+-o "settings set $3"} \
		-o "settings set plugin.process.gdb-remote.target-definition-file $1" \
		-o "gdb-remote 127.0.0.1:$QPORT" \
		-o "register read $lldb_names"
}

# run_layout LAYOUT QEMU MACHINE
run_layout() {
	layout=$1 QEMU=$2 MACHINE=$3
	ident=$(ident_of "$layout")
	dir=$(cd "$OUT_DIR/$layout" 2>/dev/null && pwd)
	td=$dir/${ident}_target_definition.py
	xml=$dir/target.xml
	for f in "$td" "$xml"; do
		[ -f "$f" ] || { fail "$layout: missing $f"; return; }
	done
	names=$(python3 tests/arm/armregs.py names "$layout")
	lldb_names=$(python3 tests/arm/armregs.py lldb-names "$layout")
	python3 tests/arm/armregs.py writes "$layout" >"$TMP/$layout.writes.gdb"
	names_gdb=$names
	case $layout in arm-m-qemu | arm-qemu) names_gdb="$names f0 f1 f2 f3 f4 f5 f6 f7 fps" ;; esac
	t0=$(date +%s)

	start_qemu || return
	if truth "$layout.truth"; then
		client "$layout: GDB with $xml" "$TMP/$layout.gdb.out" \
			"$GDB" -nx -batch \
			-ex "set tdesc filename $xml" \
			-ex "target remote 127.0.0.1:$QPORT" \
			-ex "info registers $names_gdb" \
			-ex 'disconnect' &&
			check gdb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.gdb.out"
		lldb_read "$td" "$TMP/$layout.lldb.out" &&
			check lldb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.lldb.out"
	fi
	stop_qemu 5

	start_qemu || return
	if truth "$layout.truth2" >/dev/null && check same-truth "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.truth2.json"; then
		lldb_read "$td" "$TMP/$layout.lldb-g.out" plugin.process.gdb-remote.use-g-packet-for-reading\ true &&
			check lldb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.lldb-g.out" &&
			ok "$layout: the same with use-g-packet-for-reading true"
	fi
	stop_qemu 5

	# regdefgen's own stub doctor sees why arm-m-qemu and arm-qemu are 168 bytes.
	if [ "$layout" = arm-m-qemu ] || [ "$layout" = arm-qemu ]; then
		start_qemu || return
		with_timeout "$CLIENT_TIMEOUT" "$REGDEFGEN" probe --check "127.0.0.1:$QPORT" >"$TMP/doctor.out" 2>&1
		rc=$?
		if [ "$rc" = 1 ] && grep -q "The g reply is 168 bytes until the client reads target.xml, 68 after." "$TMP/doctor.out"; then
			ok "$layout: regdefgen probe --check: The g reply is 168 bytes until the client reads target.xml, 68 after."
		else
			fail "$layout: regdefgen probe --check (exit $rc) did not report the 168/68-byte g reply: $(cat "$TMP/doctor.out")"
		fi
		stop_qemu 0
	fi

	# Negative controls: wrong layouts made here from the same parts.
	mkdir -p "$TMP/neg/defs"
	case $layout in
	aarch64-qemu)
		# sp and pc swapped: a plausible hand-made mistake
		sed -e 's/"name": "sp"/"name": "SWAP"/' -e 's/"name": "pc"/"name": "sp"/' -e 's/"name": "SWAP"/"name": "pc"/' \
			-e 's/"generic": "sp"/"generic": "SWAPG"/' -e 's/"generic": "pc"/"generic": "sp"/' -e 's/"generic": "SWAPG"/"generic": "pc"/' \
			defs/aarch64/core.json >"$TMP/neg/defs/core.json"
		cp defs/aarch64/common.json defs/aarch64/core-slices.json "$TMP/neg/defs/"
		neg=aarch64-swapped
		printf '{"include": ["core.json", "core-slices.json"], "target": {"lldb_triple": "aarch64-unknown-none"}}\n' >"$TMP/neg/defs/$neg.json"
		;;
	arm-m-qemu)
		# QEMU's g after its XML is read: xpsr right after pc (68 bytes)
		cp defs/arm/common.json defs/arm/gpr.json defs/arm/m-core.json defs/arm/m-xpsr.json "$TMP/neg/defs/"
		neg=arm-m-68 flagreg=xpsr
		printf '{"include": ["m-core.json", "m-xpsr.json"], "target": {"lldb_triple": "thumbv7m-unknown-none-eabi"}}\n' >"$TMP/neg/defs/$neg.json"
		;;
	arm-qemu)
		# the same for the A-profile: cpsr right after pc (68 bytes)
		cp defs/arm/common.json defs/arm/gpr.json defs/arm/a-core.json defs/arm/a-cpsr.json "$TMP/neg/defs/"
		neg=arm-68 flagreg=cpsr
		printf '{"include": ["a-core.json", "a-cpsr.json"], "target": {"lldb_triple": "armv7-unknown-none-eabi"}}\n' >"$TMP/neg/defs/$neg.json"
		;;
	esac
	if ! "$REGDEFGEN" generate -o "$TMP/neg/out" "$TMP/neg/defs/$neg.json" >"$TMP/neg.log" 2>&1; then
		fail "$layout: cannot generate the negative control $neg: $(cat "$TMP/neg.log")"
		return
	fi
	nident=$(ident_of "$neg")
	start_qemu || return
	if truth "$layout.truth3" >/dev/null && check same-truth "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.truth3.json"; then
		if [ "$neg" = arm-m-68 ] || [ "$neg" = arm-68 ]; then
			EXPECT_RC=1 client "$layout: GDB with the 68-byte target.xml" "$TMP/$layout.neg-gdb.out" \
				"$GDB" -nx -batch \
				-ex "set tdesc filename $TMP/neg/out/$neg/target.xml" \
				-ex "target remote 127.0.0.1:$QPORT" \
				-ex "info registers $names" \
				-ex 'disconnect'
			check gdb-too-long "$TMP/$layout.neg-gdb.out"
			lldb_read "$TMP/neg/out/$neg/${nident}_target_definition.py" "$TMP/$layout.neg.out" &&
				check lldb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.neg.out" --expect-mismatch=$flagreg &&
				grep -q "^ *$flagreg = 0x00000000\$" "$TMP/$layout.neg.out" &&
				ok "$layout: negative control: LLDB with the 68-byte file shows $flagreg = 0x00000000"
		else
			lldb_read "$TMP/neg/out/$neg/${nident}_target_definition.py" "$TMP/$layout.neg.out" &&
				check lldb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.neg.out" --expect-mismatch=pc
		fi
	fi
	stop_qemu 5
	echo "$layout: $(($(date +%s) - t0)) s"
}

run_layout aarch64-qemu qemu-system-aarch64 "-M virt -cpu cortex-a57"
run_layout arm-m-qemu qemu-system-arm "-M lm3s6965evb -cpu cortex-m3"
run_layout arm-qemu qemu-system-arm "-M virt -cpu cortex-a15"
finish
