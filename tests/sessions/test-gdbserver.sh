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
# Resuming from the breakpoint does not work, and the last session here
# shows why, from LLDB's packet log (see the README's Known limits):
# gdbserver 13 answers p (read one register) with the empty reply, "not
# supported", and reports the PC after the int3 (it adjusts it only for a
# client that sends swbreak+ in qSupported, as GDB does and LLDB 16 does
# not).  LLDB applies the file's breakpoint-pc-offset -1 by writing the PC
# at once, and without p/P it writes it with a G packet built from what it
# knows: the stop reply's rbp, rsp and rip, zeros for every other register.
# The process then runs on with rdi, rsi... zeroed and never reaches the
# breakpoint again.  The session asserts each step, so the day LLDB or
# gdbserver changes, this test says so.
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

# The resume limit, packet by packet (the file's 544-byte layout; the
# AVX-512 file's 2416 bytes and use-g-packet-for-reading give the same G).
cat >"$TMP/s" <<EOF
log enable -f $TMP/resume.packets gdb-remote packets
target create @PROG@
settings set plugin.process.gdb-remote.target-definition-file $OUT_DIR/x86_64-linux/x86_64_linux_target_definition.py
gdb-remote 127.0.0.1:@PORT@
breakpoint set --name copy_process
continue
continue
process kill
EOF
session resume 64 lldb "$TMP/s"
no_crash resume
expect resume 'stop reason = breakpoint 1\.1' "the first stop is breakpoint 1.1"
# the packets the stub answered, as "SENT -> REPLY" lines
awk '/send packet: \$/ { sub(/.*send packet: \$/, ""); sub(/#..$/, ""); s = $0; next }
     /read packet: \$/ && s != "" { sub(/.*read packet: \$/, ""); sub(/#..$/, ""); print s " -> " $0; s = "" }' \
	"$TMP/resume.packets" >"$TMP/resume.pairs"
if grep -qx 'p0 -> ' "$TMP/resume.pairs"; then
	ok "resume: gdbserver answers p0 with the empty reply (p/P not supported)"
else
	fail "resume: gdbserver's reply to p0 is not empty: $(grep -m1 '^p0 ' "$TMP/resume.pairs")"
fi
# the stop at the breakpoint: rip (register 0x10) is the breakpoint + 1
bp=$(sed -n 's/.*Breakpoint 1: where = .*address = 0x0*\([0-9a-f]*\)$/\1/p' "$TMP/resume.out" | head -n 1)
stop=$(grep -m1 '^vCont;c.* -> T05' "$TMP/resume.pairs" | sed 's/.* -> //')
rip=$(python3 tests/sessions/rsp-field.py "$stop" 10)
if [ -n "$bp" ] && [ "$rip" = "$(printf '%x' $((0x$bp + 1)))" ]; then
	ok "resume: gdbserver's stop reply has rip 0x$rip, the breakpoint 0x$bp + 1 (LLDB sends no swbreak+)"
else
	fail "resume: stop reply rip '$rip', breakpoint '$bp' (stop: $stop)"
fi
# LLDB's first register packet after that stop is a G, not a g
first=$(sed -n '/^vCont;c.* -> T05/,$p' "$TMP/resume.pairs" | grep -m1 -E '^[gGpP]')
case $first in
G*)
	first=${first%% -> *}
	rdi=$(printf '%s' "$first" | cut -c$((2 + 5 * 16))-$((1 + 6 * 16)))
	grip=$(printf '%s' "$first" | cut -c$((2 + 16 * 16))-$((1 + 17 * 16)))
	if [ "$rdi" = 0000000000000000 ]; then
		ok "resume: LLDB writes the adjusted PC with a G of $(((${#first} - 1) / 2)) bytes (the file's size) before reading any register: rdi is zeros in it, rip $grip"
	else
		fail "resume: the G carries rdi $rdi (the limit changed: update the README and this test)"
	fi ;;
*) fail "resume: LLDB's first register packet after the stop is '$(echo "$first" | cut -c1-40)', not G (the limit changed: update the README and this test)" ;;
esac
expect resume 'copy_process\(p=0x0*[1-9a-f][0-9a-f]*, ' "LLDB showed p (rdi) non-zero before the G"
if grep -Eq 'weight=2\.34375, start=2' "$TMP/resume.out"; then
	fail "resume: the second call stopped at the breakpoint: the limit is gone (update the README and resume in the sessions above)"
else
	ok "LIMIT (README, Known limits): after the G the process does not stop at the second call ($(grep -E 'exited with status|stop reason' "$TMP/resume.out" | tail -n 1 | sed 's/^ *//'))"
fi

# GDB: gdbserver 13 sends its whole g packet (2416 bytes on x86_64 with
# AVX-512), and GDB refuses any target.xml that describes fewer bytes
# ("Remote 'g' packet reply is too long"); the x86_64-linux/i386-linux
# target.xml files describe the classic prefix.  GDB sessions with the
# -avx512 files: tests/sessions/test-gdbserver-avx512.sh.
if [ -n "${SESSION_TRANSCRIPTS:-}" ]; then
	mkdir -p "$SESSION_TRANSCRIPTS" && cp "$TMP"/*.out "$SESSION_TRANSCRIPTS"/
fi
finish
