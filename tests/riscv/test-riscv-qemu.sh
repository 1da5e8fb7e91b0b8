#!/bin/sh
# tests/riscv/test-riscv-qemu.sh: QEMU truth for riscv64-qemu and riscv32-qemu.
#
# For each XLEN (qemu-system-riscv64 -M virt; qemu-system-riscv32 -M virt
# -bios none, Debian ships no 32-bit OpenSBI):
#  1. QEMU stopped at reset, its gdbstub on 127.0.0.1:<free port>;
#  2. GDB (gdb-multiarch) with QEMU's own description writes a distinctive
#     value into every writable g register (ra..t6, pc) and into ft1 and
#     mscratch, which QEMU serves only by p/P to a client that read its XML;
#     it reads them back: that is the truth (riscv_regs.py);
#  3. GDB with the generated target.xml reads exactly the truth, and no more
#     (QEMU answers p/P for nothing else: it never saw a qXfer);
#  4. LLDB 16 with the generated target definition file, with its defaults
#     and with use-g-packet-for-reading true, reads exactly the truth (and
#     finds the pc: LLDB 16 has no RISC-V ABI, the file's roles are all it
#     has); ft1 and mscratch are not in the file, on purpose;
#  5. negative controls on the same QEMU: LLDB with the other XLEN's file
#     must read wrong bytes, GDB with the other XLEN's target.xml must fail
#     with "Remote 'g' packet reply is too long" (rv32 file, rv64 QEMU) or
#     read wrong values.
# Every client runs under a timeout; QEMU runs under one too and is ended
# by its PID.  GDB sessions end with "disconnect" (the guest stays stopped);
# LLDB's exit kills QEMU, so LLDB runs last on each QEMU.
. tests/lib/common.sh

OUT_DIR=$ROOT/out
GDB=${GDB:-gdb-multiarch}
LLDB=${LLDB:-lldb-16}
CLIENT_TIMEOUT=${QEMU_TEST_TIMEOUT:-30}
PY=$ROOT/tests/riscv/riscv_regs.py

for t in "$GDB" "$LLDB" qemu-system-riscv64 qemu-system-riscv32 python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch, lldb-16, qemu-system-misc)"; exit 77; }
done
make_tmpdir TMP

# check ARGS...: run riscv_regs.py; "ok ..." lines pass, others fail.
check() {
	python3 "$PY" "$@" >"$TMP/check.out" 2>&1
	_rc=$?
	_bad=0
	while IFS= read -r _line; do
		case $_line in
		"ok "*) ok "${_line#ok }" ;;
		*) fail "$_line"; _bad=1 ;;
		esac
	done <"$TMP/check.out"
	[ "$_rc" -ne 0 ] && [ "$_bad" = 0 ] && { fail "riscv_regs.py $1 exited with $_rc"; _bad=1; }
	return "$_bad"
}

# client WHAT OUTFILE CMD...: a debugger batch under the timeout; exit
# status 0 passes, and 1 too when CLIENT_RC1 is set (LLDB exits 1 after the
# error the test provokes on purpose; what it printed is checked instead).
client() {
	_what=$1 _outf=$2
	shift 2
	with_timeout "$CLIENT_TIMEOUT" "$@" >"$_outf" 2>&1 </dev/null
	_rc=$?
	case $_rc in
	0) return 0 ;;
	1) [ -n "${CLIENT_RC1:-}" ] && return 0; fail "$_what: exited with status 1" ;;
	124 | 137) fail "$_what: timed out after $CLIENT_TIMEOUT s" ;;
	*) fail "$_what: exited with status $_rc" ;;
	esac
	return 1
}

# start_qemu XLEN: sets QPID, QPORT.
start_qemu() {
	QPORT=$(free_port)
	_extra=
	[ "$1" = 32 ] && _extra="-bios none"
	# shellcheck disable=SC2086
	start_bg QPID with_timeout 120 "qemu-system-riscv$1" -M virt $_extra -S \
		-gdb "tcp:127.0.0.1:$QPORT" -display none -nodefaults -monitor none -serial none \
		>>"$TMP/qemu.log" 2>&1
	python3 "$ROOT/tests/e2e/qemu_regs.py" wait-listen "$QPORT" 10 "$QPID" >"$TMP/wait.out" 2>&1 && return 0
	fail "qemu-system-riscv$1 does not listen: $(cat "$TMP/wait.out" "$TMP/qemu.log")"
	return 1
}

stop_qemu() {
	_n=0
	while [ "$_n" -lt 50 ] && kill -0 "$QPID" 2>/dev/null; do sleep 0.1; _n=$((_n + 1)); done
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
}

lldb_read() { # WHAT FILE OUTFILE [extra -o command]
	_w=$1 _f=$2 _o=$3
	shift 3
	CLIENT_RC1=1 client "$_w" "$_o" "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $_f" \
		"$@" \
		-o "gdb-remote 127.0.0.1:$QPORT" \
		-o 'register read --all' \
		-o 'script print("=== bytes ===")' \
		-o 'register read -f uint8_t[] --all' \
		-o 'script print("=== end ===")' \
		-o 'register read x10 pc' \
		-o 'register read ft1 mscratch'
}

run_xlen() {
	x=$1 other=$2
	layout=riscv$x-qemu
	dir=$OUT_DIR/$layout
	td=$dir/riscv${x}_qemu_target_definition.py
	xml=$dir/target.xml
	wtd=$OUT_DIR/riscv$other-qemu/riscv${other}_qemu_target_definition.py
	wxml=$OUT_DIR/riscv$other-qemu/target.xml
	python3 "$PY" writes "$x" >"$TMP/writes$x.gdb" || { fail "riscv_regs.py writes $x"; return; }

	start_qemu "$x" || return
	client "$layout: GDB with QEMU's own description" "$TMP/truth$x.out" \
		"$GDB" -nx -batch -ex "target remote 127.0.0.1:$QPORT" \
		-x "$TMP/writes$x.gdb" \
		-ex 'maint flush register-cache' \
		-ex 'maint print remote-registers' \
		-ex 'info registers general' \
		-ex 'p/x $ft1.double' -ex 'p/x $mscratch' \
		-ex disconnect
	if ! check truth "$x" "$TMP/truth$x.out" "$TMP/truth$x.json"; then
		sed 's/^/    /' "$TMP/truth$x.out" | head -n 20 >&2
		stop_qemu
		return
	fi
	client "$layout: GDB with $xml" "$TMP/gdb$x.out" \
		"$GDB" -nx -batch -ex "set tdesc filename $xml" \
		-ex "target remote 127.0.0.1:$QPORT" \
		-ex 'maint print remote-registers' \
		-ex 'maint print raw-registers' \
		-ex 'p $ft1' -ex 'p $mscratch' \
		-ex disconnect
	check gdb "$x" "$TMP/truth$x.json" "$TMP/gdb$x.out"
	# QEMU refuses p for a client that did not read its XML: GDB has no
	# ft1/mscratch with our file (convenience variables print void).
	[ "$(grep -c '^\$[0-9]* = void$' "$TMP/gdb$x.out")" = 2 ] &&
		ok "$layout: GDB with our target.xml has no ft1, mscratch (p-only in QEMU)" ||
		fail "$layout: GDB with our target.xml printed ft1/mscratch: $(grep '^\$' "$TMP/gdb$x.out")"
	# Negative control: the other XLEN's target.xml.
	CLIENT_RC1=1 client "$layout: GDB with $wxml" "$TMP/gdbw$x.out" \
		"$GDB" -nx -batch -ex "set tdesc filename $wxml" \
		-ex "target remote 127.0.0.1:$QPORT" \
		-ex 'info registers a0' -ex disconnect
	# (rv32 file on rv64: the reply is too long; rv64 file on rv32: too short.)
	_why=$(grep -E -o "Remote 'g' packet reply is too long[^:]*|Truncated register [0-9]+ in remote 'g' packet" "$TMP/gdbw$x.out" | head -n 1)
	if [ -n "$_why" ] && grep -q "The program has no registers now" "$TMP/gdbw$x.out"; then
		ok "$layout: negative control: GDB with riscv$other-qemu's target.xml refuses QEMU's g: $_why"
	else
		fail "$layout: negative control: GDB with riscv$other-qemu's target.xml did not fail: $(cat "$TMP/gdbw$x.out")"
	fi
	# LLDB: defaults, then use-g-packet-for-reading (its exit kills QEMU,
	# so each LLDB run gets its own QEMU, with the truth written again).
	lldb_read "$layout: LLDB with $td" "$td" "$TMP/lldb$x.out"
	check lldb "$x" "$TMP/truth$x.json" "$TMP/lldb$x.out"
	grep -q "Invalid register name 'ft1'" "$TMP/lldb$x.out" &&
		ok "$layout: LLDB with our file has no ft1 (p-only in QEMU)" ||
		fail "$layout: LLDB with our file: ft1 $(grep -i 'ft1' "$TMP/lldb$x.out")"
	stop_qemu

	for mode in g-packet wrong; do
		start_qemu "$x" || return
		client "$layout: GDB writes ($mode)" "$TMP/truth$x.$mode.out" \
			"$GDB" -nx -batch -ex "target remote 127.0.0.1:$QPORT" \
			-x "$TMP/writes$x.gdb" -ex 'maint flush register-cache' \
			-ex 'maint print remote-registers' -ex 'info registers general' \
			-ex 'p/x $ft1.double' -ex 'p/x $mscratch' -ex disconnect
		if check truth "$x" "$TMP/truth$x.$mode.out" "$TMP/truth$x.$mode.json" >/dev/null; then
			if [ "$mode" = g-packet ]; then
				lldb_read "$layout: LLDB with $td, use-g-packet-for-reading" "$td" "$TMP/lldbg$x.out" \
					-o 'settings set plugin.process.gdb-remote.use-g-packet-for-reading true'
				check lldb "$x" "$TMP/truth$x.json" "$TMP/lldbg$x.out" &&
					ok "$layout: (the same with use-g-packet-for-reading true)"
			else
				lldb_read "$layout: LLDB with $wtd" "$wtd" "$TMP/lldbw$x.out"
				check lldb "$x" "$TMP/truth$x.json" "$TMP/lldbw$x.out" --expect-mismatch
			fi
		fi
		stop_qemu
	done
}

run_xlen 64 32
run_xlen 32 64
finish
