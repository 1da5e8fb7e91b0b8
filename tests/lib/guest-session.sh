# tests/lib/guest-session.sh: what the sessions on bare-metal guests in QEMU
# (tests/arm, tests/riscv) share: start and stop QEMU, run a debugger under
# a time limit, expect its lines in order.  Source after common.sh; the
# caller sets TMP (a scratch folder) and T_CLIENT (seconds per debugger).

# start_qemu ELF QEMU ARGS...: QEMU ARGS with ELF, stopped at reset, its
# gdbstub on a free port; sets QPID QPORT.
start_qemu() {
	_elf=$1
	shift
	QPORT=$(free_port)
	start_bg QPID with_timeout 120 "$@" -kernel "$_elf" -S \
		-gdb "tcp:127.0.0.1:$QPORT" -display none -nodefaults -monitor none -serial none \
		>>"$TMP/qemu.log" 2>&1
	python3 "$ROOT/tests/e2e/qemu_regs.py" wait-listen "$QPORT" 10 "$QPID" >"$TMP/wait.out" 2>&1 && return 0
	fail "$1 does not listen: $(cat "$TMP/wait.out" "$TMP/qemu.log")"
	return 1
}

# stop_vm: QEMU gets 5 s to end on its own (the debugger killed it), then
# is killed.
stop_vm() {
	_n=0
	while [ "$_n" -lt 50 ] && kill -0 "$QPID" 2>/dev/null; do sleep 0.1; _n=$((_n + 1)); done
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
}

# run WHAT OUTFILE CMD...: a debugger under the time limit.  Its exit status
# is not judged (LLDB exits 1 after any failed command); what it printed is.
run() {
	_what=$1 _outf=$2
	shift 2
	with_timeout "$T_CLIENT" "$@" >"$_outf" 2>&1 </dev/null
	case $? in 124 | 137) fail "$_what: timed out after $T_CLIENT s" ;; esac
}

# expect WHAT FILE TEXT...: every TEXT is in FILE, in this order, each
# after the end of the one before.
expect() {
	_what=$1 _f=$2
	shift 2
	if python3 - "$_f" "$@" >"$TMP/expect.out" 2>&1 <<'PY'
import sys
text = open(sys.argv[1], errors="replace").read()
pos = 0
for want in sys.argv[2:]:
    i = text.find(want, pos)
    if i < 0:
        print("missing (in this order): %r" % want)
        sys.exit(1)
    pos = i + len(want)
PY
	then
		ok "$_what"
	else
		fail "$_what: $(cat "$TMP/expect.out"); output:"
		sed 's/^/    /' "$_f" | tail -n 40 >&2
	fi
}
