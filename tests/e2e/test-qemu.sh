#!/bin/sh
# tests/e2e/test-qemu.sh: the generated files against a real QEMU gdbstub.
#
# For x86_64-qemu (qemu-system-x86_64) and i386-qemu (qemu-system-i386):
#  1. start QEMU stopped at reset with its gdbstub on 127.0.0.1:<free port>;
#  2. GDB, with QEMU's own description, writes distinctive values into every
#     register QEMU lets it write in that state (tests/e2e/qemu_write_*.gdb),
#     flushes its cache and reads the full table back: that is the truth
#     (remote number, g offset, size and raw bytes of each register);
#  3. GDB with the generated target.xml must read exactly that table, and
#     treat xmm as SSE registers (xmm0 = GDB Nr 40 on x86_64, 32 on i386),
#     which it does not with QEMU's own XML;
#  4. LLDB with the generated target definition file must read exactly that
#     table, register by register, plus the x86 sub-registers (eax, ax, ah,
#     al, ...) as slices of the parents' truth bytes.  LLDB's exit kills QEMU;
#  5. negative control, on a fresh QEMU with the same values written: LLDB
#     with the classic file of the same CPU (out/x86_64: 536 bytes,
#     out/i386: 308 bytes) must NOT match the truth; this proves the
#     comparison can fail.
# GDB sessions end with "disconnect" so the guest stays stopped.  Every
# client runs under a timeout; QEMU is ended by its PID.  A failure names
# the layout, the register, and the expected and actual bytes.
#
# Run from the repository root: sh tests/e2e/test-qemu.sh
# QEMU_TEST_TIMEOUT=SECS limits each GDB/LLDB run (default 30).
# REGDEFGEN_TEST_OUT=DIR checks DIR/NAME/... instead of out/NAME/...
# (used to prove the test fails on a corrupted copy).
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
GDB=${GDB:-gdb}
LLDB=${LLDB:-lldb-16}
CLIENT_TIMEOUT=${QEMU_TEST_TIMEOUT:-30}

missing=
for t in "$GDB" "$LLDB" qemu-system-x86_64 qemu-system-i386 python3; do
	command -v "$t" >/dev/null 2>&1 || missing="$missing $t"
done
if [ -n "$missing" ]; then
	fail "not installed:$missing (Debian packages gdb lldb-16 python3-lldb-16 qemu-system-x86)"
	finish
fi
make_tmpdir TMP

# check CMD...: run a qemu_regs.py check; its "ok ..." lines pass, every
# other line is one failure.  Returns non-zero if anything failed.
check() {
	_out=$TMP/check.out
	python3 "$ROOT/tests/e2e/qemu_regs.py" "$@" >"$_out" 2>&1
	_rc=$?
	_bad=0
	while IFS= read -r _line; do
		case $_line in
		"ok "*) ok "${_line#ok }" ;;
		*) fail "$_line"; _bad=1 ;;
		esac
	done <"$_out"
	if [ "$_rc" -ne 0 ] && [ "$_bad" = 0 ]; then
		fail "qemu_regs.py $1 exited with status $_rc"
		_bad=1
	fi
	return "$_bad"
}

# start_qemu BINARY: start a stopped QEMU on a free port; sets QPID, QPORT.
start_qemu() {
	QPORT=$(free_port)
	start_bg QPID "$1" -S -gdb "tcp:127.0.0.1:$QPORT" -display none \
		-nodefaults -monitor none -serial none >>"$TMP/qemu.log" 2>&1
	check wait-listen "$QPORT" 10 "$QPID" && return 0
	fail "$1 (PID $QPID) does not listen on 127.0.0.1:$QPORT"
	stop_qemu 0
	return 1
}

# stop_qemu GRACE: give QEMU up to GRACE seconds to exit by itself (it does
# after LLDB's kill packet), then end it by its PID.  Once reaped, drop the
# PID from common.sh's cleanup list so cleanup cannot hit a recycled PID.
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

# client WHAT OUTFILE CMD...: run a GDB or LLDB batch under the timeout,
# output to OUTFILE; a non-zero exit is a failure.
client() {
	_what=$1 _outf=$2
	shift 2
	with_timeout "$CLIENT_TIMEOUT" "$@" >"$_outf" 2>&1 </dev/null
	_rc=$?
	case $_rc in
	0) return 0 ;;
	124 | 137) fail "$_what: timed out after $CLIENT_TIMEOUT s" ;;
	*) fail "$_what: exited with status $_rc" ;;
	esac
	return 1
}

# gdb_truth LAYOUT WRITES NAME: GDB with QEMU's own description writes the
# values, flushes its register cache and prints the full table into
# $TMP/NAME.out; qemu_regs.py turns it into $TMP/NAME.json and checks it.
gdb_truth() {
	client "$1: GDB with QEMU's own description" "$TMP/$3.out" \
		"$GDB" -nx -batch \
		-ex "target remote 127.0.0.1:$QPORT" \
		-x "$2" \
		-ex 'maint flush register-cache' \
		-ex 'maint print remote-registers' \
		-ex 'maint print raw-registers' \
		-ex 'disconnect'
	check truth "$1" "$2" "$TMP/$3.out" "$TMP/$3.json" && return 0
	fail "$1: no usable truth table; GDB printed:"
	sed 's/^/    /' "$TMP/$3.out" | head -n 20 >&2
	return 1
}

# lldb_read WHAT FILE OUTFILE: LLDB with target definition FILE reads every
# register, as LLDB formats them and as bytes.  Its exit kills QEMU.
lldb_read() {
	client "$1" "$3" "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $2" \
		-o "gdb-remote 127.0.0.1:$QPORT" \
		-o 'register read --all' \
		-o 'script print("=== bytes ===")' \
		-o 'register read -f uint8_t[] --all'
}

# run_layout LAYOUT QEMU WRITES WRONG_LAYOUT
run_layout() {
	layout=$1 qemu=$2 writes=$ROOT/tests/e2e/$3 wrong=$4
	ident=$(ident_of "$layout")
	dir=$(cd "$OUT_DIR/$layout" 2>/dev/null && pwd)
	td=$dir/${ident}_target_definition.py
	xml=$dir/target.xml
	wdir=$(cd "$OUT_DIR/$wrong" 2>/dev/null && pwd)
	wtd=$wdir/$(ident_of "$wrong")_target_definition.py
	for f in "$td" "$xml" "$wtd"; do
		if [ ! -f "$f" ]; then
			fail "$layout: missing $f"
			return
		fi
	done
	t0=$(date +%s)

	# Session 1: the truth, then GDB with the generated target.xml, then
	# LLDB with the generated file (last: LLDB's exit kills QEMU).
	start_qemu "$qemu" || return
	if ! gdb_truth "$layout" "$writes" "$layout.truth"; then
		stop_qemu 0
		return
	fi
	client "$layout: GDB with $xml" "$TMP/$layout.gdb.out" \
		"$GDB" -nx -batch \
		-ex "set tdesc filename $xml" \
		-ex "target remote 127.0.0.1:$QPORT" \
		-ex 'maint print remote-registers' \
		-ex 'maint print raw-registers' \
		-ex 'disconnect'
	check gdb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.gdb.out"
	lldb_read "$layout: LLDB with $td" "$td" "$TMP/$layout.lldb.out"
	check lldb "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.lldb.out"
	stop_qemu 5

	# Session 2, negative control: a fresh QEMU, the same values, and LLDB
	# with the classic file of the same CPU, which must not match.
	start_qemu "$qemu" || return
	if gdb_truth "$layout" "$writes" "$layout.truth2" >/dev/null &&
		check same-truth "$layout" "$TMP/$layout.truth.json" "$TMP/$layout.truth2.json"; then
		lldb_read "$layout: LLDB with $wtd" "$wtd" "$TMP/$layout.wrong.out"
		check lldb "$layout" "$TMP/$layout.truth2.json" "$TMP/$layout.wrong.out" --expect-mismatch
		stop_qemu 5
	else
		stop_qemu 0
	fi
	echo "$layout: $(($(date +%s) - t0)) s"
}

run_layout x86_64-qemu qemu-system-x86_64 qemu_write_x86_64.gdb x86_64
run_layout i386-qemu qemu-system-i386 qemu_write_i386.gdb i386
finish
