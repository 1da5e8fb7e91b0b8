# tests/tools/stubs.sh: start the real stubs the tool tests talk to.
# Source after tests/lib/common.sh.  Every stub is started with start_bg,
# so common.sh kills it (by PID) when the test exits.
#
#   need CMD...                 skip-free check: fail loudly if a tool is missing
#   wait_port PORT [SECS]       wait until something listens on 127.0.0.1:PORT
#   start_qemu VAR BITS PORT    qemu-system-x86_64 (BITS 64) or -i386 (32), stopped
#   start_gdbserver VAR PORT    gdbserver running /bin/sleep
#   start_lldb_server VAR PORT  lldb-server-16 gdbserver running /bin/sleep
#   start_fake VAR MODE PORT    tests/tools/fakestub.py in MODE

need() {
	for _c in "$@"; do
		command -v "$_c" >/dev/null 2>&1 || {
			fail "'$_c' is not installed (make test-deps installs the test packages)"
			finish
		}
	done
}

wait_port() {
	python3 - "$1" "${2:-10}" <<'PY'
import socket, sys, time
port, secs = int(sys.argv[1]), float(sys.argv[2])
end = time.time() + secs
while time.time() < end:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
        sys.exit(0)
    except OSError:
        time.sleep(0.05)
sys.exit(1)
PY
}

start_qemu() {
	_q=qemu-system-x86_64
	[ "$2" = 32 ] && _q=qemu-system-i386
	start_bg "$1" "$_q" -S -gdb "tcp:127.0.0.1:$3" -display none -nodefaults \
		-monitor none -serial none
	wait_port "$3" 20 || fail "$_q did not listen on port $3"
}

# gdbserver and lldb-server serve one connection and exit; wait_port would
# use it up, so these wait for the "Listening" line instead.
_wait_log() { # FILE PATTERN
	_n=0
	while [ $_n -lt 200 ] && ! grep -q "$2" "$1" 2>/dev/null; do
		sleep 0.05; _n=$((_n + 1))
	done
}

start_gdbserver() {
	_log=$(mktemp "${TMPDIR:-/tmp}/gdbserver.XXXXXX"); _tmpdirs="$_tmpdirs $_log"
	start_bg "$1" gdbserver "127.0.0.1:$2" /bin/sleep 120 >"$_log" 2>&1
	_wait_log "$_log" "Listening on port"
}

start_lldb_server() {
	_log=$(mktemp "${TMPDIR:-/tmp}/lldb-server.XXXXXX"); _tmpdirs="$_tmpdirs $_log"
	start_bg "$1" lldb-server-16 gdbserver "127.0.0.1:$2" -- /bin/sleep 120 >"$_log" 2>&1
	# lldb-server prints nothing when it listens: give it a moment
	_n=0
	while [ $_n -lt 100 ] && ! ss -ltn 2>/dev/null | grep -q "127.0.0.1:$2 "; do
		sleep 0.05; _n=$((_n + 1))
	done
	[ $_n -lt 100 ] || sleep 1
}

start_fake() {
	start_bg "$1" python3 "$ROOT/tests/tools/fakestub.py" "$2" "$3"
	wait_port "$3" 10 || fail "fake stub ($2) did not listen on port $3"
}
