#!/bin/sh
# tests/tools/test-probe-hostile.sh: the RSP client against the stubs
# people really run and against hostile ones (issue 15, findings 1-3, 9).
#   QEMU running    started without -S, and after GDB resumed it and
#                   detached: QEMU sends a stale stop reply ($T02...)
#                   before its qSupported reply; probe and diff HOST:PORT
#                   (each as the first client) set it aside and read the
#                   same 608-byte layout as defs/x86_64-qemu.json (exit 0);
#                   negative control: defs/x86_64.json differs (exit 1)
#   fake stubs      (tests/tools/fakestub.py) stale stop reply, 'O' console
#                   output before every reply, a g reply that changes once
#                   target.xml is read, qRegisterInfo replies with no name,
#                   bitsize 0, -8, 2^31 or offset -8 (errors naming the
#                   field), a never-ending 1-byte qXfer and endless slow
#                   qRegisterInfo (the overall deadline, 12 x --timeout), a
#                   run-length bomb (the 64 MiB limit), one annex included
#                   256 times (fetched once: the stub's packet log counts)
# Negative control: the plain 'rle' fake prints no set-aside or g-change line.
. tests/lib/common.sh
. tests/tools/stubs.sh

need python3 qemu-system-x86_64 gdb
make_tmpdir T
R=$REGDEFGEN

expect_rc() { # WANT LABEL CMD...
	_want=$1 _label=$2; shift 2
	with_timeout 60 "$@" >"$T/out" 2>"$T/err"; _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_label"; else
		fail "$_label: exit $_rc, expected $_want"; sed 's/^/    /' "$T/out" "$T/err" | head -30 >&2
	fi
}
has() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then ok "$3"; else fail "$3: no '$2' in:"; sed 's/^/    /' "$1" | head -20 >&2; fi
}
hasnt() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then fail "$3: '$2' in $1"; else ok "$3"; fi
}

# --- QEMU started without -S: nobody connects before the probe ---
port=$(free_port)
start_bg QPID qemu-system-x86_64 -gdb "tcp:127.0.0.1:$port" -display none -nodefaults \
	-monitor none -serial none 2>/dev/null
listening "$port" || fail "QEMU did not listen"
sleep 0.5 # the machine runs
expect_rc 0 "QEMU running (no -S): probe" "$R" probe "127.0.0.1:$port"
has "$T/out" "set aside: 1 stop replies that answered nothing" "QEMU running: the stale stop reply was set aside"
has "$T/out" "608 bytes described, 608 bytes in the stub's reply" "QEMU running: 608-byte layout and reply"
expect_rc 0 "QEMU (stopped by the probe): same as defs/x86_64-qemu.json" "$R" probe --def defs/x86_64-qemu.json "127.0.0.1:$port"
has "$T/out" "Same layout" "QEMU: same layout"
kill "$QPID" 2>/dev/null
# diff HOST:PORT as the first client of a QEMU running since its start
port=$(free_port)
start_bg QPID qemu-system-x86_64 -gdb "tcp:127.0.0.1:$port" -display none -nodefaults \
	-monitor none -serial none 2>/dev/null
listening "$port" || fail "QEMU did not listen"
sleep 0.5 # the machine runs
expect_rc 0 "QEMU running (no -S): diff defs/x86_64-qemu.json HOST:PORT" "$R" diff defs/x86_64-qemu.json "127.0.0.1:$port"
has "$T/out" "Same layout: 66 registers, 608-byte g packet." "QEMU running: diff says the same 66-register layout"
has "$T/out" "B's stub really sent 608 bytes in reply to 'g'" "QEMU running: diff read a 608-byte g reply"
kill "$QPID" 2>/dev/null

# --- QEMU after GDB resumed it and left ---
port=$(free_port)
start_bg QPID qemu-system-x86_64 -S -gdb "tcp:127.0.0.1:$port" -display none -nodefaults \
	-monitor none -serial none 2>/dev/null
listening "$port" || fail "QEMU did not listen"
with_timeout 30 gdb -nx -batch -ex "target remote 127.0.0.1:$port" -ex detach >"$T/gdb" 2>&1
has "$T/gdb" "detached" "GDB resumed QEMU and detached"
expect_rc 0 "QEMU after GDB left: same as defs/x86_64-qemu.json" "$R" probe --def defs/x86_64-qemu.json "127.0.0.1:$port"
has "$T/out" "B's stub really sent 608 bytes in reply to 'g'" "QEMU after GDB left: 608-byte g reply"
# GDB resumes it and leaves again; then diff HOST:PORT
with_timeout 30 gdb -nx -batch -ex "target remote 127.0.0.1:$port" -ex detach >"$T/gdb" 2>&1
has "$T/gdb" "detached" "GDB resumed QEMU and detached again"
expect_rc 0 "QEMU after GDB left: diff defs/x86_64-qemu.json HOST:PORT" "$R" diff defs/x86_64-qemu.json "127.0.0.1:$port"
has "$T/out" "Same layout: 66 registers, 608-byte g packet." "QEMU after GDB left: diff says the same 66-register layout"
# the layout is read, not assumed: a def that differs (x86_64, 536 bytes)
# differs from the same QEMU (exit 1)
expect_rc 1 "negative control: diff defs/x86_64.json with that QEMU: exit 1" "$R" diff defs/x86_64.json "127.0.0.1:$port"
kill "$QPID" 2>/dev/null

# --- fakes that must still give the layout ---
for mode in rle stale console gchange; do
	port=$(free_port)
	start_fake FPID $mode "$port"
	expect_rc 0 "fake '$mode': layout read" "$R" probe --timeout 2 "127.0.0.1:$port"
	has "$T/out" "3 registers, 4 sub-registers; g packet: 20 bytes described, 20 bytes in the stub's reply" "fake '$mode': the layout and g reply are right"
	case $mode in
	rle) hasnt "$T/out" "set aside" "negative control: nothing set aside"
	     hasnt "$T/out" "before target.xml" "negative control: no g change" ;;
	stale) has "$T/out" "set aside: 1 stop replies that answered nothing" "stale: set aside and said" ;;
	console) has "$T/out" "console-output ('O') packets" "console: set aside and said" ;;
	gchange) has "$T/out" "g reply before target.xml was read: 40 bytes; after: 20 bytes" "gchange: both sizes said" ;;
	esac
	kill "$FPID" 2>/dev/null
done

# --- fakes whose replies are errors, never a layout ---
for case in "reg-noname|the reply to 'qRegisterInfo1' names no register" \
	"reg-bits0|has bitsize '0': not a number from 1 to 1048576" \
	"reg-bitsneg|has bitsize '-8'" \
	"reg-bitshuge|has bitsize '2147483648'" \
	"reg-offneg|has offset '-8': not a number from 0 to 67108864" \
	"rlebomb|the reply to 'g' expands (run-length encoding) past the limit of 64 MiB" \
	"onebyte|the probe's overall deadline of 6 s (12 x --timeout) passed" \
	"slowreginfo|the probe's overall deadline of 6 s (12 x --timeout) passed"; do
	mode=${case%%|*} msg=${case#*|}
	port=$(free_port)
	start_fake FPID "$mode" "$port"
	start=$(date +%s)
	expect_rc 1 "fake '$mode': exit 1" "$R" probe --timeout 0.5 "127.0.0.1:$port"
	has "$T/err" "$msg" "fake '$mode': says why"
	[ $(( $(date +%s) - start )) -le 12 ] && ok "'$mode': bounded time" || fail "'$mode': took $(( $(date +%s) - start )) s"
	kill "$FPID" 2>/dev/null
done

# --- one annex included 256 times is fetched once ---
port=$(free_port)
FAKESTUB_LOG=$T/log
export FAKESTUB_LOG
start_fake FPID sameannex "$port"
with_timeout 60 "$R" probe "127.0.0.1:$port" >"$T/out" 2>"$T/err"
unset FAKESTUB_LOG
n=$(grep -c '^qXfer:features:read:regs.xml:0,' "$T/log")
[ "$n" = 1 ] && ok "sameannex: regs.xml fetched once" || fail "sameannex: regs.xml fetched $n times"
[ "$(grep -c "'rax' has the remote number 0 of 'rax' too" "$T/err")" = 255 ] &&
	ok "sameannex: all 256 includes were used (not a vacuous count)" || fail "sameannex: includes not all used"
kill "$FPID" 2>/dev/null
finish
