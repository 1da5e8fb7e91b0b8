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
			fail "'$_c' is not installed (make check installs the test packages)"
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
# use it up, so these watch for the listening socket instead.
start_gdbserver() {
	start_bg "$1" gdbserver "127.0.0.1:$2" /bin/sleep 120 >/dev/null 2>&1
	listening "$2" || fail "gdbserver did not listen on port $2"
}

start_lldb_server() {
	start_bg "$1" lldb-server-16 gdbserver "127.0.0.1:$2" -- /bin/sleep 120 >/dev/null 2>&1
	# lldb-server prints nothing when it listens: look for the socket
	listening "$2" || fail "lldb-server did not listen on port $2"
}

# listening PORT: wait (up to 10 s) until a socket listens on PORT,
# without connecting to it (the stubs above serve a single connection)
listening() {
	python3 - "$1" <<'PY'
import sys, time
port = ":%04X" % int(sys.argv[1])  # any address: gdbserver binds 0.0.0.0
end = time.time() + 10
while time.time() < end:
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            rows = [l.split() for l in open(table).readlines()[1:]]
        except OSError:
            continue
        if any(r[1].endswith(port) and r[3] == "0A" for r in rows):
            sys.exit(0)
    time.sleep(0.05)
sys.exit(1)
PY
}

start_fake() {
	start_bg "$1" python3 "$ROOT/tests/tools/fakestub.py" "$2" "$3"
	wait_port "$3" 10 || fail "fake stub ($2) did not listen on port $3"
}
