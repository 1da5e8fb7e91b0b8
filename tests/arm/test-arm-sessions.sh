#!/bin/sh
# tests/arm/test-arm-sessions.sh: debugging sessions on bare-metal AArch64
# and Cortex-M guests (guest/, built here with clang's cross targets and
# ld.lld) under QEMU 7.2, with only regdefgen's files:
#  - aarch64-qemu (qemu-system-aarch64 -M virt -cpu cortex-a57) and
#    arm-m-qemu (qemu-system-arm -M lm3s6965evb -cpu cortex-m3);
#  - LLDB 16 with the layout's target definition file: break leaf by name,
#    continue, the stop, bt (leaf, run_task, schedule, cmain, _start), the 8
#    arguments (-O0: found through the frame pointer's DWARF number), the
#    struct behind run_task's t, finish ("Return value: (long) $0 = 699");
#  - GDB (gdb-multiarch) with the layout's target.xml: the same, "Value
#    returned is $N = 699";
#  - negative control: LLDB with the same layout stripped of its DWARF
#    numbers must lose the arguments (the file, not QEMU's XML, is what
#    LLDB used, and its numbers are what make the session work);
#  - the stub-writer layouts aarch64 and arm-m behind tests/sessions/vmstub.c
#    (built from their headers: it reads QEMU's XML and serves our layout,
#    translating by register name): GDB with their target.xml (session,
#    finish 699; aarch64: writes v1 and fpcr, which QEMU serves only by p/P)
#    and LLDB 16 with their file on the same QEMU (bt, v1/fpcr as GDB wrote
#    them, the next leaf, finish 707; arm-m: xpsr, remote number 25,
#    written and read back).
# Every QEMU and debugger runs under a time limit, on a free port, and QEMU
# is ended by its PID.
. tests/lib/common.sh
. tests/lib/guest-session.sh

OUT_DIR=$ROOT/out
GDB=${GDB_MULTIARCH:-gdb-multiarch}
LLDB=${LLDB:-lldb-16}
T_CLIENT=${SESSION_TIMEOUT:-40}

for t in "$GDB" "$LLDB" qemu-system-aarch64 qemu-system-arm clang ld.lld python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch lldb-16 qemu-system-arm clang lld)"; exit 77; }
done
make_tmpdir TMP
G=$TMP/guest
mkdir -p "$G"
if ! sh tests/arm/guest/build.sh "$G" >"$TMP/guest.log" 2>&1; then
	fail "the ARM guests do not build: $(cat "$TMP/guest.log")"
	finish
fi
ok "ARM guests built (aarch64.elf, armv7m.elf)"

# start_vm: QEMU ($QEMU $MACHINE) with $ELF, stopped at reset; sets QPID QPORT.
# shellcheck disable=SC2086 # MACHINE is several words
start_vm() { start_qemu "$ELF" "$QEMU" $MACHINE; }

lldb_session() { # FILE OUT
	run "$layout: LLDB session" "$2" "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $1" \
		-o "target create $ELF" \
		-o "gdb-remote 127.0.0.1:$QPORT" \
		-o 'breakpoint set -n leaf' -o continue -o bt -o 'frame variable' \
		-o 'frame select 1' -o 'frame variable *t' -o 'frame select 0' \
		-o finish
}

gdb_session() { # XML OUT
	run "$layout: GDB session" "$2" "$GDB" -nx -batch "$ELF" \
		-ex "set tdesc filename $1" \
		-ex "target remote 127.0.0.1:$QPORT" \
		-ex 'break leaf' -ex continue -ex bt -ex 'info args' \
		-ex 'frame 1' -ex 'p *t' -ex 'frame 0' -ex finish -ex disconnect
}

# session LAYOUT QEMU MACHINE ELF START_FILE: the three sessions.
session() {
	layout=$1 QEMU=$2 MACHINE=$3 ELF=$G/$4 start=$5
	ident=$(ident_of "$layout")
	td=$OUT_DIR/$layout/${ident}_target_definition.py
	xml=$OUT_DIR/$layout/target.xml

	start_vm || return
	lldb_session "$td" "$TMP/$layout.lldb.out"
	expect "$layout: LLDB 16: break leaf, continue, bt, 8 arguments, *t, finish returns 699" "$TMP/$layout.lldb.out" \
		"stop reason = breakpoint 1.1" \
		"\`leaf(a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at main.c:21" \
		"(lldb) bt" \
		"frame #0: " "\`leaf(a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23)" \
		"frame #1: " "\`run_task(t=0x" ", slice=16) at main.c:26" \
		"frame #2: " "\`schedule(round=16) at main.c:33" \
		"frame #3: " "\`cmain at main.c:41" \
		"frame #4: " "\`_start at $start" \
		"(long) a = 1" "(long) b = 5" "(long) e = 20" "(long) h = 23" \
		"(task) *t = (id = 1, prio = 5, name = \"idle\")" \
		"stop reason = step out" "Return value: (long) \$0 = 699" "\`run_task(t=0x"
	stop_vm

	start_vm || return
	gdb_session "$xml" "$TMP/$layout.gdb.out"
	expect "$layout: GDB: break leaf, continue, bt, 8 arguments, *t, finish returns 699" "$TMP/$layout.gdb.out" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#0  leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23)" \
		"#1  0x" " in run_task (t=0x" "<tasks>, slice=16)" \
		"#2  0x" " in schedule (round=16)" "#3  0x" " in cmain ()" "#4  0x" " in _start ()" \
		"a = 1" "b = 5" "e = 20" "h = 23" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' \
		"Value returned is \$" " = 699"
	grep -qi "warning" "$TMP/$layout.gdb.out" &&
		fail "$layout: GDB warned: $(grep -i warning "$TMP/$layout.gdb.out")"
	stop_vm

	# Negative control: the same layout without DWARF numbers.
	mkdir -p "$TMP/neg/$layout"
	python3 - "$ROOT/defs/$layout.json" "$TMP/neg/$layout/defs" <<'PY' || fail "$layout: cannot make the DWARF-less copy"
import json, os, shutil, sys
# copy the layout and its parts, every "dwarf" key dropped
src, dst = sys.argv[1], sys.argv[2]
def copy(path, out):
    d = json.load(open(path))
    for key in ("registers", "slices"):
        for r in d.get(key, []):
            r.pop("dwarf", None)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    json.dump(d, open(out, "w"))
    for inc in d.get("include", []):
        copy(os.path.join(os.path.dirname(path), inc), os.path.join(os.path.dirname(out), inc))
copy(src, os.path.join(dst, os.path.basename(src)))
PY
	if ! "$REGDEFGEN" generate -o "$TMP/neg/$layout/out" "$TMP/neg/$layout/defs/$layout.json" >"$TMP/neg.log" 2>&1; then
		fail "$layout: cannot generate the DWARF-less copy: $(cat "$TMP/neg.log")"
		return
	fi
	start_vm || return
	lldb_session "$TMP/neg/$layout/out/$layout/${ident}_target_definition.py" "$TMP/$layout.neg.out"
	if grep -q "(long) a = 1" "$TMP/$layout.neg.out" || grep -q "(task) \*t = (id = 1" "$TMP/$layout.neg.out"; then
		fail "$layout: negative control: LLDB without DWARF numbers still showed the arguments; the session checks prove nothing"
	else
		expect "$layout: negative control: LLDB with the file stripped of DWARF numbers loses the arguments" "$TMP/$layout.neg.out" \
			"stop reason = breakpoint 1.1" "Unable to convert register kind=1"
	fi
	stop_vm
}

session aarch64-qemu qemu-system-aarch64 "-M virt -cpu cortex-a57" aarch64.elf start-aarch64.S
session arm-m-qemu qemu-system-arm "-M lm3s6965evb -cpu cortex-m3" armv7m.elf start-armv7m.c
# The stub-writer layouts behind the proxy (tests/sessions/vmstub.c).
CF="-std=c11 -Wall -Wextra -Wpedantic -Werror -Wshadow -Wstrict-prototypes -Wmissing-prototypes -O2"
# start_proxy LAYOUT: vmstub (LAYOUT's header) in front of QEMU; sets SPID SPORT.
start_proxy() {
	: >"$TMP/proxy-$1.log"
	start_bg SPID "$TMP/vmstub-$1" --timeout 60 "$QPORT" 0 >>"$TMP/proxy-$1.log" 2>&1
	_n=0
	while ! grep -q 'listening on' "$TMP/proxy-$1.log"; do
		_n=$((_n + 1))
		[ "$_n" -gt 100 ] && { fail "vmstub-$1 does not listen: $(cat "$TMP/proxy-$1.log")"; return 1; }
		sleep 0.1
	done
	SPORT=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$TMP/proxy-$1.log")
}
stop_proxy() {
	_n=0
	while [ "$_n" -lt 50 ] && kill -0 "$SPID" 2>/dev/null; do sleep 0.1; _n=$((_n + 1)); done
	kill "$SPID" 2>/dev/null
	wait "$SPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $SPID / /")
}
proxy() { # LAYOUT QEMU MACHINE ELF GDB-EXTRA LLDB-EXTRA
	layout=$1 QEMU=$2 MACHINE=$3 ELF=$G/$4
	shift 4
	ident=$(ident_of "$layout")
	if ! ${CC:-cc} $CF -I"$OUT_DIR/$layout" -DVMSTUB_HEADER="\"${ident}_regs.h\"" -DVMSTUB_IDENT="$ident" \
		-DVMSTUB_IDENT_UC="$(echo "$ident" | tr a-z A-Z)" -o "$TMP/vmstub-$layout" tests/sessions/vmstub.c 2>"$TMP/cc.log"; then
		fail "vmstub does not build from out/$layout/${ident}_regs.h: $(cat "$TMP/cc.log")"
		return 1
	fi
	start_vm || return 1
	start_proxy "$layout" || { stop_vm; return 1; }
	# shellcheck disable=SC2086 # GDB-EXTRA is several -ex arguments
	run "$layout: GDB through vmstub" "$TMP/p-$layout.gdb" "$GDB" -nx -batch "$ELF" \
		-ex "set tdesc filename $OUT_DIR/$layout/target.xml" -ex "target remote 127.0.0.1:$SPORT" \
		-ex 'break leaf' -ex continue -ex bt -ex 'info args' -ex 'frame 1' -ex 'p *t' -ex 'frame 0' -ex finish \
		"$@" -ex disconnect
	stop_proxy
	start_proxy "$layout" || { stop_vm; return 1; }
	run "$layout: LLDB through vmstub" "$TMP/p-$layout.lldb" "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $OUT_DIR/$layout/${ident}_target_definition.py" \
		-o "target create $ELF" -o "gdb-remote 127.0.0.1:$SPORT" -o bt \
		-o "register read $LLDB_REGS" -o "$LLDB_WRITE" -o "register read $LLDB_REGS" -o 'frame variable *t' \
		-o 'breakpoint set -n leaf' -o continue -o finish
	stop_proxy
	stop_vm
}

LLDB_REGS="v1 fpcr" LLDB_WRITE="register write fpcr 0x02000000"
if proxy aarch64 qemu-system-aarch64 "-M virt -cpu cortex-a57" aarch64.elf \
	-ex 'set $v1.d.u[0] = 0x1122334455667788' -ex 'set $fpcr = 0x01000000' -ex 'maint flush register-cache' \
	-ex 'p/x $v1.d.u[0]' -ex 'p/x $fpcr'; then
	expect "aarch64 through vmstub: GDB with out/aarch64/target.xml: session, finish 699, v1 and fpcr (p-only in QEMU) written" "$TMP/p-aarch64.gdb" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#1  0x" " in run_task (t=0x" "#4  0x" " in _start ()" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' "Value returned is \$" " = 699" \
		" = 0x1122334455667788" " = 0x1000000"
	expect "aarch64 through vmstub: LLDB 16 with the aarch64 file: bt, v1 and fpcr as GDB wrote them, fpcr written, next leaf, finish 707" "$TMP/p-aarch64.lldb" \
		"frame #0: " "\`run_task(t=0x" "frame #3: " "\`_start" \
		"v1 = {0x88 0x77 0x66 0x55 0x44 0x33 0x22 0x11 0x00" "fpcr = 0x01000000" \
		"fpcr = 0x02000000" \
		"(task) *t = (id = 1, prio = 5, name = \"idle\")" \
		"stop reason = breakpoint 1.1" "\`leaf(a=2, b=7, c=17, d=19, e=20, f=21, g=22, h=23)" \
		"Return value: (long) \$0 = 707"
fi
LLDB_REGS="xpsr r11" LLDB_WRITE="register write xpsr 0x21000000"
if proxy arm-m qemu-system-arm "-M lm3s6965evb -cpu cortex-m3" armv7m.elf \
	-ex 'p/x $xpsr' -ex 'set $r11 = 0x11111111' -ex 'maint flush register-cache' -ex 'p/x $r11'; then
	expect "arm-m through vmstub: GDB with out/arm-m/target.xml: session, finish 699, xpsr (Thumb bit), r11 written" "$TMP/p-arm-m.gdb" \
		"Breakpoint 1, leaf (a=1, b=5, c=16, d=19, e=20, f=21, g=22, h=23) at " \
		"#1  0x" " in run_task (t=0x" "#4  0x" " in _start ()" \
		'= {id = 1, prio = 5, name = 0x' '"idle"}' "Value returned is \$" " = 699" \
		"1000000" " = 0x11111111"
	expect "arm-m through vmstub: LLDB 16 with the arm-m file: bt, r11 as GDB wrote it, xpsr (25) written and read back, next leaf, finish 707" "$TMP/p-arm-m.lldb" \
		"frame #0: " "\`run_task(t=0x" "frame #3: " "\`_start" \
		"r11 = 0x11111111" "xpsr = 0x21000000" \
		"(task) *t = (id = 1, prio = 5, name = \"idle\")" \
		"stop reason = breakpoint 1.1" "\`leaf(a=2, b=7, c=17, d=19, e=20, f=21, g=22, h=23)" \
		"Return value: (long) \$0 = 707"
fi
finish
