#!/bin/sh
# tests/sessions/test-gdbserver-avx512.sh: GDB with regdefgen's target.xml
# in a debugging session of a real Linux process under gdbserver 13, the
# guest's creation path (guest/main.c with GUEST_HOSTED, guest/sched.c at
# -O1) as a 64-bit and an -m32 program.  On an AVX-512 CPU gdbserver sends
# its whole register file in reply to g (2416 bytes for a 64-bit process,
# 760 for a 32-bit one), so the files that describe it are
# x86_64-linux-avx512 and i386-linux-avx512: with them GDB must stop at the
# breakpoint, show the backtrace and the struct, return the double of
# sched_runtime from finish (xmm0 in 64-bit code, x87 st0 in 32-bit code)
# and stop again at the next call.  Negative control: the x86_64-linux and
# i386-linux files (gdbserver's first 544 / 312 bytes) are refused with
# "Remote 'g' packet reply is too long".
# Without AVX-512, gdbserver describes another register file: SKIP.
. tests/lib/common.sh

OUT_DIR=$ROOT/out
GDB=${GDB:-gdb}
if ! grep -qw avx512f /proc/cpuinfo; then
	echo "SKIP: this CPU has no AVX-512 (gdbserver would send another g packet)"
	exit 77
fi
for t in "$GDB" gdbserver gcc; do
	command -v "$t" >/dev/null 2>&1 || { echo "SKIP: $t is not installed (make check installs it)"; exit 77; }
done
make_tmpdir TMP
src=$ROOT/tests/sessions/guest
for a in 64 32; do
	if ! { gcc -m$a -g -O0 -DGUEST_HOSTED -c "$src/main.c" -o "$TMP/main$a.o" &&
	       gcc -m$a -g -O1 -c "$src/sched.c" -o "$TMP/sched$a.o" &&
	       gcc -m$a -static -o "$TMP/prog$a" "$TMP/main$a.o" "$TMP/sched$a.o"; } >"$TMP/build.log" 2>&1; then
		cat "$TMP/build.log"
		echo "SKIP: cannot build the -m$a program (gcc-multilib; make check installs it)"
		exit 77
	fi
done

# session NAME BITS LAYOUT: GDB with out/LAYOUT/target.xml against
# gdbserver (free port, bounded, killed by PID) running prog BITS.
session() {
	_port=$(free_port)
	: >"$TMP/$1.gs"
	start_bg _gs with_timeout 60 gdbserver --once "127.0.0.1:$_port" "$TMP/prog$2" >"$TMP/$1.gs" 2>&1
	_n=0
	while ! grep -q 'Listening on port' "$TMP/$1.gs" 2>/dev/null && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
	cat >"$TMP/$1.cmd" <<EOC
set tdesc filename $OUT_DIR/$3/target.xml
file $TMP/prog$2
target remote 127.0.0.1:$_port
break copy_process
break sched_runtime
continue
bt
p *p
continue
finish
continue
p p->pid
kill
EOC
	with_timeout 40 "$GDB" -nx -batch -x "$TMP/$1.cmd" >"$TMP/$1.out" 2>&1
	echo "exit status $?" >>"$TMP/$1.out"
	kill "$_gs" 2>/dev/null
	wait "$_gs" 2>/dev/null
}
expect() {
	if grep -Eq -- "$2" "$TMP/$1.out"; then ok "$1: $3"; else fail "$1: $3 (no line matching /$2/)"; fi
}
in_order() { # NAME RE...
	_f=$TMP/$1.out; shift; _last=0
	for _re in "$@"; do
		_l=$(grep -nE -- "$_re" "$_f" | awk -F: -v a="$_last" '$1 > a { print $1; exit }')
		[ -n "$_l" ] || return 1
		_last=$_l
	done
}

for case in "64 x86_64-linux-avx512" "32 i386-linux-avx512"; do
	set -- $case
	n=gdb-$2
	session "$n" "$1" "$2"
	expect "$n" '^Breakpoint 1, copy_process \(p=0x[0-9a-f]+ <table\+[0-9]+>, parent=0x[0-9a-f]+ <table>, weight=1\.875, start=1\) at .*main\.c:25$' \
		"break copy_process: stopped there with weight=1.875 start=1"
	if in_order "$n" '^#0  copy_process ' '^#1  0x[0-9a-f]+ in do_fork ' '^#2  0x[0-9a-f]+ in spawn ' '^#3  0x[0-9a-f]+ in start_init ' '^#4  0x[0-9a-f]+ in main '; then
		ok "$n: bt copy_process, do_fork, spawn, start_init, main"
	else
		fail "$n: bt is not copy_process, do_fork, spawn, start_init, main"
	fi
	expect "$n" '^\$1 = \{pid = 1, name = "proc1' "p *p: pid = 1, name \"proc1\""
	expect "$n" '^Breakpoint 2, sched_runtime \(start=1, weight=1\.875\) at .*sched\.c' \
		"break sched_runtime: arguments from registers (-O1) start=1 weight=1.875"
	expect "$n" '^Value returned is \$2 = 1\.9375$' "finish out of sched_runtime: Value returned is \$2 = 1.9375 (1 + 0.5 x 1.875)"
	expect "$n" '^Breakpoint 1, copy_process \(p=0x[0-9a-f]+ <table\+[0-9]+>, parent=0x[0-9a-f]+ <table\+[0-9]+>, weight=2\.34375, start=2\)' \
		"continue: the next call stops with weight=2.34375 start=2"
	expect "$n" '^\$3 = 2$' "p p->pid: 2"
	grep -q 'packet reply is too long' "$TMP/$n.out" && fail "$n: GDB refused the g reply: $(grep -m1 'too long' "$TMP/$n.out")"
done

# Negative control: the classic-prefix files describe less than gdbserver sends.
session neg-x86_64-linux 64 x86_64-linux
expect neg-x86_64-linux "Remote 'g' packet reply is too long \(expected 544 bytes, got 2416 bytes\)" \
	"negative control: x86_64-linux's target.xml is refused (544 of 2416 bytes)"
# (GDB still stops at the breakpoint: the stop reply carries rip, rsp, rbp)
grep -q '^Value returned is' "$TMP/neg-x86_64-linux.out" &&
	fail "negative control: finish returned a value with x86_64-linux's target.xml: the session proves nothing"
session neg-i386-linux 32 i386-linux
expect neg-i386-linux "Remote 'g' packet reply is too long \(expected 312 bytes, got 760 bytes\)" \
	"negative control: i386-linux's target.xml is refused (312 of 760 bytes)"

if [ -n "${SESSION_TRANSCRIPTS:-}" ]; then
	mkdir -p "$SESSION_TRANSCRIPTS" && cp "$TMP"/*.out "$SESSION_TRANSCRIPTS"/
fi
finish
