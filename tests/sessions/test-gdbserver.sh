#!/bin/sh
# tests/sessions/test-gdbserver.sh: the x86_64-linux and i386-linux files in
# a debugging session of a real Linux process under gdbserver 13: the
# guest's creation path (guest/main.c with GUEST_HOSTED, guest/sched.c at
# -O1) built as a 64-bit and an -m32 program.  LLDB with the generated file
# must stop with "stop reason = breakpoint 1.1" at the address it reported
# (gdbserver reports the PC after the int3: the file's breakpoint-pc-offset
# -1 is what makes this work), show the backtrace, the float/double
# arguments and the struct.  Negative control: the x86_64-elf file (same registers, no
# breakpoint-pc-offset) must not give the breakpoint stop.
#
# Not done here, because it fails (a finding, see the README's Limits):
# resuming from the breakpoint.  LLDB 16 then writes the PC back with a G
# packet of the file's 544 bytes in which the registers it has not read are
# zeros (defaults), or rewrites them (use-g-packet-for-reading), and the
# process dies (SIGILL/SIGSEGV or a lost connection).
#
# The programs are linked -static: LLDB 16's dynamic-loader breakpoint at
# _start is not recognised as a breakpoint stop under gdbserver (it reports
# signal SIGTRAP there again and again), which is LLDB's, not the file's.
. tests/lib/common.sh

OUT_DIR=$ROOT/out
LLDB=${LLDB:-lldb-16}
GDB=${GDB:-gdb}
for t in "$LLDB" "$GDB" gdbserver gcc python3; do
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

# session NAME BITS CLIENT SCRIPT: gdbserver on a free port runs prog BITS.
session() {
	_port=$(free_port)
	: >"$TMP/$1.gs"
	start_bg _gs with_timeout 60 gdbserver --once "127.0.0.1:$_port" "$TMP/prog$2" >"$TMP/$1.gs" 2>&1
	_n=0
	while ! grep -q 'Listening on port' "$TMP/$1.gs" 2>/dev/null && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
	sed -e "s|@PORT@|$_port|" -e "s|@PROG@|$TMP/prog$2|" "$4" >"$TMP/$1.cmd"
	if [ "$3" = lldb ]; then
		with_timeout 40 "$LLDB" --no-lldbinit -b -s "$TMP/$1.cmd" >"$TMP/$1.out" 2>&1
	else
		with_timeout 40 "$GDB" -nx -batch -x "$TMP/$1.cmd" >"$TMP/$1.out" 2>&1
	fi
	echo "exit status $?" >>"$TMP/$1.out"
	kill "$_gs" 2>/dev/null
	wait "$_gs" 2>/dev/null
}
_missed=0
expect() {
	if grep -Eq -- "$2" "$TMP/$1.out"; then ok "$1: $3"; else fail "$1: $3 (no line matching /$2/)"; _missed=$((_missed + 1)); fi
}
in_order() { # NAME RE...
	_f=$TMP/$1.out; shift; _last=0
	for _re in "$@"; do
		_l=$(grep -nE -- "$_re" "$_f" | awk -F: -v a="$_last" '$1 > a { print $1; exit }')
		[ -n "$_l" ] || return 1
		_last=$_l
	done
}

lldbscript() { # DEF
	cat <<EOF
target create @PROG@
settings set plugin.process.gdb-remote.target-definition-file $1
gdb-remote 127.0.0.1:@PORT@
breakpoint set --name copy_process
continue
thread backtrace
frame variable *p
frame variable p->name
process kill
EOF
}
check_lldb() { # NAME BITS
	_missed=0
	_a=$(sed -n 's/.*Breakpoint 1: where = .*address = \(0x[0-9a-f]*\)$/\1/p' "$TMP/$1.out" | head -n 1)
	expect "$1" 'stop reason = breakpoint 1\.1' "continue: stop reason = breakpoint 1.1 (the PC offset -1 at work)"
	expect "$1" "frame #0: 0x0*${_a#0x} prog$2\`copy_process\(p=0x[0-9a-f]+, parent=0x[0-9a-f]+, weight=1\.875, start=1\) at main\.c:25" \
		"frame 0 at the address LLDB reported ($_a), arguments weight=1.875 start=1"
	if in_order "$1" '\* frame #0: .*`copy_process' 'frame #1: .*`do_fork\(' 'frame #2: .*`spawn\(' 'frame #3: .*`start_init' 'frame #4: .*`main'; then
		ok "$1: backtrace copy_process, do_fork, spawn, start_init, main"
	else
		fail "$1: backtrace not copy_process, do_fork, spawn, start_init, main"; _missed=$((_missed + 1))
	fi
	expect "$1" '^  pid = 1$' "frame variable *p: pid = 1"
	expect "$1" '^\(char\[16\]\) p->name = "proc1"$' "frame variable p->name: \"proc1\""
}

# A crash check that cannot be confused with a missed expectation.
no_crash() {
	if grep -Eq 'PLEASE submit a bug report' "$TMP/$1.out"; then fail "$1: LLDB crashed"; else ok "$1: LLDB did not crash"; fi
}

lldbscript "$OUT_DIR/x86_64-linux/x86_64_linux_target_definition.py" >"$TMP/s"
session lldb-x86_64-linux 64 lldb "$TMP/s"
no_crash lldb-x86_64-linux
check_lldb lldb-x86_64-linux 64
lldbscript "$OUT_DIR/i386-linux/i386_linux_target_definition.py" >"$TMP/s"
session lldb-i386-linux 32 lldb "$TMP/s"
no_crash lldb-i386-linux
check_lldb lldb-i386-linux 32

# Negative control: same registers, no breakpoint-pc-offset.
lldbscript "$OUT_DIR/x86_64-elf/x86_64_elf_target_definition.py" >"$TMP/s"
session neg-no-pc-offset 64 lldb "$TMP/s"
if grep -q 'stop reason = breakpoint 1\.1' "$TMP/neg-no-pc-offset.out"; then
	fail "neg-no-pc-offset: a file without breakpoint-pc-offset also stopped at breakpoint 1.1: the check proves nothing"
else
	ok "neg-no-pc-offset: without breakpoint-pc-offset LLDB does not report breakpoint 1.1 ($(grep -m1 -o 'stop reason = [a-zA-Z ]*' "$TMP/neg-no-pc-offset.out" | tail -n 1))"
fi

# No GDB session here: gdbserver 13 sends its whole g packet (2416 bytes
# on x86_64, with AVX and more), and GDB refuses any target.xml that
# describes fewer bytes ("Remote 'g' packet reply is too long"); the
# x86_64-linux/i386-linux target.xml files describe the classic prefix.
if [ -n "${SESSION_TRANSCRIPTS:-}" ]; then
	mkdir -p "$SESSION_TRANSCRIPTS" && cp "$TMP"/*.out "$SESSION_TRANSCRIPTS"/
fi
finish
