#!/bin/sh
# tests/e2e/test-stub-protocol.sh: the reference stub's protocol, checked
# over a raw socket from python3 (tests/e2e/stubcheck.py), per layout:
#
#  * the layout: out/NAME/target.xml and the LLDB definition file agree
#    with the stub's header (names, numbers, sizes, offsets; LLDB slices
#    with the x86 naming convention); the pattern has distinct bytes within
#    each register and no register's bytes anywhere else in the g packet;
#  * qSupported (PacketSize, qXfer:features:read+ unless --no-xml), g and p
#    for every register, P/G/m/M writes and their E replies, c/s/C/S,
#    qXfer:features:read:target.xml in several chunk sizes (must equal
#    out/NAME/target.xml), checksums ('-' for a bad one, replies checked),
#    acks, '-' retransmission, overlong packets, NUL bytes, then rounds of
#    random garbage, after which the stub must still answer and its
#    register file must be intact; D ends the session and the stub's dump
#    must match;
#  * with --no-p, p and P are unsupported while g and G work;
#  * with --qregisterinfo, no qXfer:features:read+ but qRegisterInfoN (N in
#    hex: 1a, 1A, 01a) answers the header's IDENT_qregisterinfo(N), E45 past
#    the last, E01 for a malformed N, and qHostInfo the header's
#    IDENT_qhostinfo() (its triple hex-encoded); in the other modes both
#    stay unsupported (empty reply);
#  * the stub also ends cleanly when the client hangs up mid-packet or
#    sends k.
# Also: stub.c builds warning-free (-Wall -Wextra -Wpedantic -Werror) with
# gcc and with clang.  With SANITIZE=1 the stubs run under ASan + UBSan.
cd "$(dirname "$0")/../.." || exit 2
. tests/e2e/stublib.sh

for cc in gcc clang; do
	if ! command -v "$cc" >/dev/null 2>&1; then
		fail "$cc is not installed"
		continue
	fi
	if with_timeout 300 make -s -C tests/stub CC="$cc" REGDEFGEN="$REGDEFGEN" \
		STUB_BUILD="$ROOT/$BUILD/stub-$cc" >"$ROOT/$BUILD/stub-$cc.log" 2>&1; then
		ok "stub.c builds warning-free with $cc for: $LAYOUTS"
	else
		fail "stub.c does not build cleanly with $cc:"
		cat "$ROOT/$BUILD/stub-$cc.log" >&2
	fi
done

build_stubs || { fail "could not build the stubs"; finish; }
make_tmpdir T

session() { # NAME LOG CHECK-ARGS... : one stub, one stubcheck session
	_n=$1 _l=$2
	shift 2
	case " $* " in
	*" --no-xml "*) start_stub pid port "$_n" "$_l.stub" --no-xml --dump "$_l.dump" || return ;;
	*) start_stub pid port "$_n" "$_l.stub" --dump "$_l.dump" || return ;;
	esac
	stubcheck "$1" "$OUT_DIR" "$_n" "$port" "$_l.dump" "$2"
	wait_exit "$pid" 10 || fail "$_n: the stub did not exit cleanly after the session: $(cat "$_l.stub")"
}

rough_end() { # NAME LOG cut|kill
	start_stub pid port "$1" "$2.stub" --dump "$2.dump" || return
	STUB_DIR=$STUB_DIR with_timeout 60 python3 tests/e2e/stubcheck.py protocol-eof "$port" "$3" || fail "$1: session ended by $3"
	if wait_exit "$pid" 10 && [ -s "$2.dump" ]; then
		ok "$1: the stub exits with status 0 and writes its dump when the client ends with '$3'"
	else
		fail "$1: after the client ended with '$3' the stub did not exit cleanly with a dump: $(cat "$2.stub")"
	fi
}

for name in $LAYOUTS; do
	stubcheck layout-check "$OUT_DIR" "$name"
	session "$name" "$T/$name-xml" protocol --xml
	session "$name" "$T/$name-noxml" protocol --no-xml
	if start_stub pid port "$name" "$T/$name-nop.stub" --no-xml --no-p; then
		stubcheck protocol-nop "$name" "$port"
		wait_exit "$pid" 10 || fail "$name: the --no-p stub did not exit cleanly after D"
	fi
	if start_stub pid port "$name" "$T/$name-qri.stub" --qregisterinfo; then
		stubcheck protocol-qreginfo "$name" "$port"
		wait_exit "$pid" 10 || fail "$name: the --qregisterinfo stub did not exit cleanly after D"
	fi
	rough_end "$name" "$T/$name-cut" cut
	rough_end "$name" "$T/$name-kill" kill
done
finish
