# tests/e2e/stublib.sh: shell helpers shared by tests/e2e/test-stub-*.sh.
# Source it from the repository root (tests/run runs the tests from there);
# it sources tests/lib/common.sh.
#
#   build_stubs             build the stubs (tests/stub/Makefile) into
#                           $BUILD/stub; with SANITIZE=1 with ASan + UBSan.
#                           STUB_DIR=DIR uses ready-made stubs instead.
#                           Safe when tests run in parallel (stub_make in
#                           tests/lib/common.sh).
#   stub_path NAME          the stub binary of layout NAME
#   start_stub PIDVAR PORTVAR NAME LOG [ARGS...]
#                           start the stub on a free port (the kernel picks
#                           it: port 0) and wait until it listens
#   wait_exit PID SECS      wait for a process to end by itself: 0 if it
#                           exited with status 0, 1 if it had to be killed,
#                           2 if it exited with another status (EXIT_STATUS)
#   stubcheck ARGS...       python3 tests/e2e/stubcheck.py ARGS... (with a
#                           timeout); a failure there counts as one here
#
# OUT_DIR (default out) is where the generated client files are read from.

. tests/lib/common.sh

: "${OUT_DIR:=out}" "${STUB_DIR:=}"

case $REGDEFGEN in
/*) ;;
*) REGDEFGEN=$ROOT/$REGDEFGEN ;;
esac

build_stubs() {
	[ -n "$STUB_DIR" ] && return 0
	STUB_DIR=$ROOT/$BUILD/stub
	stub_make "$STUB_DIR"
}

# The files regdefgen generated with the stubs' headers (their target.xml
# is what the stubs serve).
stub_gen_dir() { echo "${STUB_GEN_DIR:-$STUB_DIR/gen}"; }

stub_path() { echo "$STUB_DIR/stub-$1"; }

start_stub() {
	_pidvar=$1 _portvar=$2 _name=$3 _log=$4
	shift 4
	start_bg "$_pidvar" "$(stub_path "$_name")" --timeout 120 "$@" 0 >"$_log" 2>&1
	eval "_spid=\$$_pidvar"
	_tries=0
	while ! grep -q 'listening on' "$_log" 2>/dev/null; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt 100 ] || ! kill -0 "$_spid" 2>/dev/null; then
			fail "$_name: the stub did not start listening: $(cat "$_log")"
			return 1
		fi
		sleep 0.1
	done
	_port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$_log")
	eval "$_portvar=\$_port"
}

wait_exit() {
	_wpid=$1 _wsecs=$2 _tries=0
	while kill -0 "$_wpid" 2>/dev/null; do
		_tries=$((_tries + 1))
		if [ "$_tries" -gt $((_wsecs * 10)) ]; then
			kill "$_wpid" 2>/dev/null
			wait "$_wpid" 2>/dev/null
			return 1
		fi
		sleep 0.1
	done
	wait "$_wpid" 2>/dev/null
	EXIT_STATUS=$?
	[ "$EXIT_STATUS" = 0 ] || return 2
}

stubcheck() {
	STUB_DIR=$STUB_DIR STUB_GEN_DIR=$(stub_gen_dir) with_timeout 300 python3 tests/e2e/stubcheck.py "$@" || fail "stubcheck.py $1 $3 failed (details above)"
}
