# tests/lib/common.sh: shared helpers for the integration test scripts.
# Source it from a tests/*/test-*.sh script (run from the repository root by
# tests/run, with BUILD and REGDEFGEN set).
#
#   fail MSG...          print "FAIL: MSG" to stderr and count a failure
#   ok MSG...            print "ok: MSG"
#   finish               exit 1 if any failure was counted, else 0
#   free_port            print a free TCP port on 127.0.0.1
#   start_bg PIDVAR CMD...  start CMD in the background, remember its PID for cleanup
#   make_tmpdir VAR      a fresh temporary folder in VAR, removed at exit
#   with_timeout SECS CMD...  run CMD, killing it after SECS seconds
#   gdb_for LAYOUT       gdb or gdb-multiarch, by the layout's architecture
#   stub_make DIR [VAR=VALUE...]  build reference stubs (tests/stub/Makefile)
#                        into DIR, one build of DIR at a time
# Every process started with start_bg is killed (by PID) when the script
# exits, whether it passes or fails.

set -u
: "${BUILD:=build}" "${REGDEFGEN:=$BUILD/regdefgen}"
ROOT=$(pwd)
LAYOUTS="x86_64 x86_64-linux x86_64-qemu i386 i386-linux i386-qemu"
# RISC-V layouts for stub writers (tests/riscv covers the -qemu ones)
RISCV_LAYOUTS="riscv64 riscv32"
# the layouts the reference stub (tests/stub) is built for and tested with
STUB_LAYOUTS="$LAYOUTS $RISCV_LAYOUTS"
_failures=0
_pids=
_tmpdirs=

fail() { echo "FAIL: $*" >&2; _failures=$((_failures + 1)); }
ok() { echo "ok: $*"; }
finish() {
	if [ "$_failures" -ne 0 ]; then
		echo "$_failures failure(s)" >&2
		exit 1
	fi
	exit 0
}

_cleanup() {
	for p in $_pids; do kill "$p" 2>/dev/null; done
	for p in $_pids; do wait "$p" 2>/dev/null; done
	for d in $_tmpdirs; do rm -rf "$d"; done
}
trap _cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_bg VAR CMD...: runs CMD in the background and stores its PID in VAR.
start_bg() {
	_var=$1; shift
	"$@" &
	_pid=$!
	_pids="$_pids $_pid"
	eval "$_var=$_pid"
}

make_tmpdir() {
	_d=$(mktemp -d "${TMPDIR:-/tmp}/regdefgen-test.XXXXXX")
	_tmpdirs="$_tmpdirs $_d"
	eval "$1=\$_d"
}

with_timeout() {
	_secs=$1; shift
	timeout --kill-after=5 "$_secs" "$@"
}

ident_of() { echo "$1" | tr - _; }

# gdb_for LAYOUT: the GDB that knows the layout's architecture: Debian's gdb
# is built for x86 only, gdb-multiarch for the rest.
gdb_for() {
	case $(sed -n 's:.*<architecture>\(.*\)</architecture>.*:\1:p' "$ROOT/out/$1/target.xml") in
	i386*) echo gdb ;;
	*) echo gdb-multiarch ;;
	esac
}

# stub_make DIR [VAR=VALUE...]: make -C tests/stub with STUB_BUILD=DIR (and
# ASan + UBSan when SANITIZE=1). Tests run in parallel share DIR: two
# builds at once would each see a stub missing or stale and relink it while
# the other runs it. flock on DIR.lock makes the second wait (300 s at
# most) and then find everything up to date; the stub Makefile renames
# each stub into place whole. tests/e2e/test-stub-build-race.sh proves it.
stub_make() {
	_sdir=$1; shift
	mkdir -p "$_sdir" || return 1
	case $REGDEFGEN in /*) _sgen=$REGDEFGEN ;; *) _sgen=$ROOT/$REGDEFGEN ;; esac
	if [ "${SANITIZE:-}" = 1 ]; then
		_san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all"
		set -- CFLAGS="$_san" LDFLAGS="$_san" "$@"
	fi
	# the lock on fd 9: "flock FILE make" would open FILE on the lowest
	# free fd, which under "make check -jN" is the number of make's
	# jobserver pipe (closed for tests/run), and the stub's make would
	# then write its job tokens into the lock file ("write jobserver: Bad
	# file descriptor")
	(
		flock -w 300 9 || { echo "stub_make: $_sdir.lock still held after 300 s" >&2; exit 1; }
		with_timeout 600 make -s -C tests/stub REGDEFGEN="$_sgen" STUB_BUILD="$_sdir" "$@"
	) 9>"$_sdir.lock"
}
