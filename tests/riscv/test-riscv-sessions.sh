#!/bin/sh
# tests/riscv/test-riscv-sessions.sh: debugging sessions on a bare-metal
# RISC-V guest (guest/, built here with clang's cross targets and ld.lld)
# under QEMU 7.2 -M virt -bios none, with only regdefgen's files:
#  - LLDB 16 with riscv64-qemu / riscv32-qemu's target definition file and the
#    hard-float guest: break leaf by name, continue, the stop, bt (leaf,
#    run_task, schedule, cmain, _start), the 8 arguments (a0-a7 spilled at
#    -O0, found through fp's DWARF number), the struct behind run_task's t,
#    finish (LLDB 16 has no RISC-V ABI, so it prints no "Return value": the
#    value is a0 after the step out, 699);
#  - GDB with the same layouts' target.xml and the soft-float guest: the same,
#    "Value returned is $N = 699";
#  - GDB with the -qemu target.xml and the hard-float guest refuses the
#    description (no FPU: "bfd requires flen 8, but target has flen 0"); with
#    the riscv64/riscv32 (stub-writer) target.xml it debugs that guest, the f
#    registers <unavailable> (QEMU serves them only by p, after its own XML);
#  - negative control: LLDB without a file never finds the pc (frame 0 at
#    0xffffffffffffffff, no breakpoint stop);
#  - the stub-writer layouts riscv64/riscv32 behind a stub built from their
#    generated header (tests/sessions/vmstub.c: it reads QEMU's description
#    and translates by name, the f registers with p/P): GDB with the layout's
#    target.xml runs the session and writes fa1 = 2.5; then, through a new
#    stub on the same QEMU, LLDB with the layout's file reads fa1 = 2.5,
#    shows the backtrace from run_task, breaks at the second call of leaf
#    (task "init") and finishes it (a0 = 707).
# Every QEMU and debugger runs under a time limit, on a free port, and QEMU is
# ended by its PID.
. tests/lib/common.sh
. tests/lib/guest-session.sh

OUT_DIR=$ROOT/out
GDB=${GDB:-gdb-multiarch}
LLDB=${LLDB:-lldb-16}
T_CLIENT=${SESSION_TIMEOUT:-40}

for t in "$GDB" "$LLDB" qemu-system-riscv64 qemu-system-riscv32 clang ld.lld python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch lldb-16 qemu-system-misc clang lld)"; exit 77; }
done
make_tmpdir TMP
G=$TMP/guest
mkdir -p "$G"
if ! sh tests/riscv/guest/build.sh "$G" >"$TMP/guest.log" 2>&1; then
	fail "the RISC-V guests do not build: $(cat "$TMP/guest.log")"
	finish
fi
ok "RISC-V guests built (riscv64, riscv32; hard- and soft-float)"
CF="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -O2"
for x in 64 32; do
	if ! ${CC:-cc} $CF -I"$OUT_DIR/riscv$x" -DVMSTUB_HEADER="\"riscv${x}_regs.h\"" \
		-DVMSTUB_IDENT="riscv$x" -DVMSTUB_IDENT_UC="RISCV$x" -o "$TMP/vmstub$x" tests/sessions/vmstub.c; then
		fail "vmstub does not build from out/riscv$x/riscv${x}_regs.h"
		finish
	fi
done
ok "vmstub built from the riscv64 and riscv32 headers"

# start_stub XLEN: vmstub (our riscvXX layout) in front of QEMU; sets SPID SPORT.
start_stub() {
	: >"$TMP/stub$1.log"
	start_bg SPID "$TMP/vmstub$1" --timeout 60 "$QPORT" 0 >>"$TMP/stub$1.log" 2>&1
	_n=0
	while ! grep -q 'listening on' "$TMP/stub$1.log"; do
		_n=$((_n + 1))
		[ "$_n" -gt 100 ] && { fail "vmstub$1 does not listen: $(cat "$TMP/stub$1.log")"; return 1; }
		sleep 0.1
	done
	SPORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMP/stub$1.log")
}

stop_stub() {
	_n=0
	while [ "$_n" -lt 50 ] && kill -0 "$SPID" 2>/dev/null; do sleep 0.1; _n=$((_n + 1)); done
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $SPID / /")
}

# start_vm XLEN ELF: QEMU stopped at reset; sets QPID QPORT.
start_vm() { start_qemu "$2" "qemu-system-riscv$1" -M virt -bios none; }

lldb_session() { # XLEN FILE OUT [extra LLDB args before target create]
	_x=$1 _file=$2 _out=$3
	run "riscv$_x: LLDB session" "$_out" "$LLDB" -b \
		${_file:+-o "settings set plugin.process.gdb-remote.target-definition-file $_file"} \
		-o "target create $G/riscv$_x.elf" \
		-o "gdb-remote 127.0.0.1:$QPORT" \
		-o 'breakpoint set -n leaf' -o continue -o bt -o 'frame variable' \
		-o 'frame select 1' -o 'frame variable *t' -o 'frame select 0' \
		-o finish -o 'register read a0'
}

gdb_session() { # XLEN ELF XML OUT
	run "riscv$1: GDB session" "$4" "$GDB" -nx -batch "$2" \
		-ex "set tdesc filename $3" \
		-ex "target remote 127.0.0.1:$QPORT" \
		-ex 'break leaf' -ex continue -ex bt -ex 'info args' \
		-ex 'frame 1' -ex 'p *t' -ex 'frame 0' -ex finish -ex 'p $ft0' -ex disconnect
}

for x in 64 32; do
	td=$OUT_DIR/riscv$x-qemu/riscv${x}_qemu_target_definition.py
	qxml=$OUT_DIR/riscv$x-qemu/target.xml
	sxml=$OUT_DIR/riscv$x/target.xml
	if [ $x = 64 ]; then a0=0x00000000000002bb; else a0=0x000002bb; fi

	# LLDB with riscv$x-qemu's file, hard-float guest.
	start_vm $x "$G/riscv$x.elf" || continue
	lldb_session $x "$td" "$TMP/lldb$x.out"
	expect "riscv$x-qemu: LLDB 16: break leaf, continue, bt, arguments, *t, finish (a0 = 699)" "$TMP/lldb$x.out" \
		"stop reason = breakpoint 1.1" \
		"\`leaf(a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at main.c:20" \
		"(lldb) bt" \
		"frame #0: " "\`leaf(a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23)" \
		"frame #1: " "\`run_task(t=0x" ", slice=16) at main.c:25" \
		"frame #2: " "\`schedule(round=16) at main.c:32" \
		"frame #3: " "\`cmain at main.c:40" \
		"frame #4: " "\`_start at start.S" \
		"(long) a = 1" "(long) b = 5" "(long) h = 23" \
		"(task) *t = (id = 1, prio = 5, name = \"idle\")" \
		"stop reason = step out" "\`run_task(t=0x" \
		"a0 = $a0"
	stop_vm

	# GDB with riscv$x-qemu's target.xml, soft-float guest.
	start_vm $x "$G/riscv$x-soft.elf" || continue
	gdb_session $x "$G/riscv$x-soft.elf" "$qxml" "$TMP/gdb$x.out"
	expect "riscv$x-qemu: GDB: break leaf, continue, bt, arguments, *t, finish returns 699" "$TMP/gdb$x.out" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#0  leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23)" \
		"#1  0x" " in run_task (t=0x" "<tasks>, slice=16)" \
		"#2  0x" " in schedule (round=16)" "#3  0x" " in cmain ()" "#4  0x" " in _start ()" \
		"a = 1" "b = 5" "h = 23" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' \
		"Value returned is \$" " = 699"
	stop_vm

	# GDB, hard-float guest: the -qemu target.xml has no FPU and is refused;
	# the stub-writer target.xml (with the FPU) debugs it against QEMU.
	start_vm $x "$G/riscv$x.elf" || continue
	gdb_session $x "$G/riscv$x.elf" "$qxml" "$TMP/gdbh$x.out"
	expect "riscv$x-qemu: GDB refuses its target.xml for a hard-float ELF (documented)" "$TMP/gdbh$x.out" \
		"bfd requires flen 8, but target has flen 0"
	gdb_session $x "$G/riscv$x.elf" "$sxml" "$TMP/gdbs$x.out"
	expect "riscv$x: GDB with the stub-writer target.xml against QEMU: the hard-float guest's session; ft0 unavailable" "$TMP/gdbs$x.out" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#1  0x" " in run_task (t=0x" "#4  0x" " in _start ()" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' \
		"Value returned is \$" " = 699" "<unavailable>"
	grep -q "flen" "$TMP/gdbs$x.out" && fail "riscv$x: GDB rejected the stub-writer target.xml: $(grep flen "$TMP/gdbs$x.out")"

	# Negative control: LLDB without a file on the same QEMU.
	lldb_session $x "" "$TMP/nofile$x.out"
	if grep -q "stop reason = breakpoint 1.1" "$TMP/nofile$x.out" ||
		grep -q "(task) \*t = (id = 1" "$TMP/nofile$x.out"; then
		fail "riscv$x: negative control: LLDB without a file debugged the guest; the session checks prove nothing"
	else
		expect "riscv$x: negative control: LLDB 16 without a file never finds the pc" "$TMP/nofile$x.out" \
			"frame #0: 0xffffffffffffffff"
	fi
	stop_vm

	# The stub-writer layout behind vmstub: GDB, then LLDB, same QEMU.
	if [ $x = 64 ]; then a0b=0x00000000000002c3; else a0b=0x000002c3; fi
	start_vm $x "$G/riscv$x.elf" || continue
	start_stub $x || { stop_vm; continue; }
	QPORT_SAVED=$QPORT QPORT=$SPORT
	run "riscv$x: GDB through vmstub" "$TMP/pgdb$x.out" "$GDB" -nx -batch "$G/riscv$x.elf" \
		-ex "set tdesc filename $sxml" -ex "target remote 127.0.0.1:$QPORT" \
		-ex 'break leaf' -ex continue -ex bt -ex 'info args' \
		-ex 'frame 1' -ex 'p *t' -ex 'frame 0' -ex finish \
		-ex 'set $fa1.double = 2.5' -ex 'maint flush register-cache' -ex 'p $fa1.double' -ex disconnect
	QPORT=$QPORT_SAVED
	stop_stub
	expect "riscv$x: GDB with $sxml through vmstub (riscv$x header): session, finish 699, fa1 written" "$TMP/pgdb$x.out" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#1  0x" " in run_task (t=0x" "#4  0x" " in _start ()" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' \
		"Value returned is \$" " = 699" " = 2.5"
	expect "riscv$x: vmstub read QEMU's description (fflags, frm, fcsr absent from it at reset)" "$TMP/stub$x.log" \
		"vmstub: QEMU describes " " of them in its $((33 * x / 8))-byte g reply" \
		"vmstub: fflags is not in QEMU's description" "vmstub: fcsr is not in QEMU's description"
	start_stub $x || { stop_vm; continue; }
	run "riscv$x: LLDB through vmstub" "$TMP/plldb$x.out" "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $OUT_DIR/riscv$x/riscv${x}_target_definition.py" \
		-o "target create $G/riscv$x.elf" -o "gdb-remote 127.0.0.1:$SPORT" \
		-o bt -o 'register read fa1' -o 'frame variable *t' \
		-o 'breakpoint set -n leaf' -o continue -o 'frame select 1' -o 'frame variable *t' \
		-o 'frame select 0' -o finish -o 'register read a0'
	expect "riscv$x: LLDB with the riscv$x file through vmstub: fa1 = 2.5, the next leaf (task init), finish (a0 = 707)" "$TMP/plldb$x.out" \
		"frame #0: " "\`run_task(t=0x" "frame #1: " "\`schedule(round=16)" "frame #3: " "\`_start" \
		"fa1 = 2.5" \
		"(task) *t = (id = 1, prio = 5, name = \"idle\")" \
		"stop reason = breakpoint 1.1" "\`leaf(a=2, b=7, c=17, d=19, e=20, f=21, g=22, h=23)" \
		"(task) *t = (id = 2, prio = 7, name = \"init\")" \
		"stop reason = step out" "a0 = $a0b"
	stop_stub
	stop_vm
done
finish
