#!/bin/sh
# tests/riscv/test-riscv-import.sh: regdefgen knows RISC-V through the arch
# seam (defs/riscv/arch.json):
#  1. lint: the four RISC-V layouts pass check --strict; a def whose cpu
#     feature lacks pc, whose sp has another DWARF number, whose ft0 sits
#     outside the fpu feature and which gives no pc/sp/fp roles gets exactly
#     those findings (warnings; errors with --strict, exit 1);
#  2. import of what QEMU 7.2 serves (qemu-system-riscv64 -M virt and
#     qemu-system-riscv32 -M virt -bios none), fetched live with
#     probe --save-xml (QEMU's XML is GPL text: never committed): DWARF
#     numbers and LLDB roles filled from the RISC-V psABI, the written def
#     checks, and LLDB 16 with the LLDB file generated from it reads the
#     values GDB wrote through QEMU's own XML and finds the pc;
#  3. negative control: the same XML without its <architecture> is not
#     recognised: nothing is filled in, and import refuses to write a def
#     with no architecture and no triple.
. tests/lib/common.sh

GDB=${GDB:-gdb-multiarch}
LLDB=${LLDB:-lldb-16}
for t in "$GDB" "$LLDB" qemu-system-riscv64 qemu-system-riscv32 python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch, lldb-16, qemu-system-misc)"; exit 77; }
done
make_tmpdir T
R=$ROOT/$REGDEFGEN

# 1. lint
for l in riscv64 riscv32 riscv64-qemu riscv32-qemu; do
	"$R" check --strict "defs/$l.json" >"$T/out" 2>&1 && ok "$l: check --strict is clean" ||
		fail "$l: check --strict: $(cat "$T/out")"
done
python3 - "$T/bad.json" <<'PY'
import json, sys
abi = (["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1"] + ["a%d" % i for i in range(8)]
       + ["s%d" % i for i in range(2, 12)] + ["t3", "t4", "t5", "t6"])
regs = [{"name": n, "dwarf": i} for i, n in enumerate(abi)]
regs[2]["dwarf"] = 50
d = {"target": {"gdb_architecture": "riscv:rv64", "address_bits": 64, "endian": "little",
                "lldb_triple": "riscv64-unknown-elf"},
     "features": [{"id": "cpu", "name": "org.gnu.gdb.riscv.cpu"}, {"id": "x", "name": "org.example.extra"}],
     "sets": [{"id": "g", "name": "General Purpose Registers"}],
     "defaults": {"feature": "cpu", "set": "g", "bitsize": 64},
     "registers": regs + [{"name": "ft0", "feature": "x", "dwarf": 32}]}
with open(sys.argv[1], "w") as f:
    f.write(json.dumps(d).replace("}, {", "},\n{"))
PY
cd "$T" || exit 2
"$R" check --strict bad.json >lint.out 2>&1
rc=$?
cd "$ROOT" || exit 2
for want in \
	"bad.json:1:139: error: org.gnu.gdb.riscv.cpu lacks pc (1 of the names GDB requires): GDB rejects the whole description" \
	"bad.json:4:25: error: 'sp' has DWARF number 50; the RISC-V psABI numbers it 2" \
	"error: 'ft0' is not in org.gnu.gdb.riscv.fpu: GDB then has no floating-point registers" \
	"bad.json:1:1: error: no register has the generic role 'pc': LLDB needs it to unwind and step" \
	"bad.json:1:1: error: no register has the generic role 'fp': LLDB needs it to unwind and step"; do
	grep -qF "$want" "$T/lint.out" && ok "lint: $want" || fail "lint: missing '$want' in: $(cat "$T/lint.out")"
done
[ "$rc" = 1 ] && ok "lint: check --strict exits 1" || fail "lint: check --strict exited $rc"

# 2. import of QEMU's live description
start_qemu() { # XLEN: sets QPID, QPORT
	QPORT=$(free_port)
	_extra=
	[ "$1" = 32 ] && _extra="-bios none"
	# shellcheck disable=SC2086
	start_bg QPID with_timeout 120 "qemu-system-riscv$1" -M virt $_extra -S \
		-gdb "tcp:127.0.0.1:$QPORT" -display none -nodefaults -monitor none -serial none \
		>>"$T/qemu.log" 2>&1
	python3 tests/e2e/qemu_regs.py wait-listen "$QPORT" 10 "$QPID" >"$T/wait.out" 2>&1 ||
		{ fail "qemu-system-riscv$1 does not listen: $(cat "$T/wait.out")"; return 1; }
}
stop_qemu() {
	_n=0
	while [ "$_n" -lt 50 ] && kill -0 "$QPID" 2>/dev/null; do sleep 0.1; _n=$((_n + 1)); done
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
}

for x in 64 32; do
	d=$T/q$x
	mkdir -p "$d"
	start_qemu $x || continue
	with_timeout 60 "$R" probe --save-xml "$d/xml" "127.0.0.1:$QPORT" >"$d/probe.out" 2>&1 ||
		{ fail "riscv$x: probe --save-xml: $(cat "$d/probe.out")"; stop_qemu; continue; }
	# the same description without <architecture>: the negative control
	mkdir -p "$d/noarch"
	cp "$d/xml/"*.xml "$d/noarch/"
	sed -i 's:<architecture>[^<]*</architecture>::' "$d/noarch/target.xml"
	with_timeout 60 "$R" import -o "$d/xml.json" "$d/xml/target.xml" >"$d/xml.imp" 2>&1 ||
		fail "riscv$x: import: $(cat "$d/xml.imp")"
	with_timeout 60 "$R" generate -o "$d/out" "$d/xml.json" >"$d/xml.gen" 2>&1 ||
		fail "riscv$x: generate of the imported def: $(cat "$d/xml.gen")"
	with_timeout 60 "$R" import -o "$d/noarch.json" "$d/noarch/target.xml" >"$d/noarch.imp" 2>&1
	nrc=$?
	for want in "warning: the description gives no DWARF numbers; 64 filled from the RISC-V psABI numbering" \
		"warning: the description gives no LLDB generic roles; 12 filled from the riscv ABI" \
		"using 'riscv$x-unknown-linux-gnu'"; do
		grep -qF "$want" "$d/xml.imp" && ok "riscv$x: import of QEMU's XML: $want" ||
			fail "riscv$x: import: missing '$want' in: $(head -n 8 "$d/xml.imp")"
	done
	if grep -q "filled from the RISC-V psABI\|filled from the riscv ABI" "$d/noarch.imp" ||
		[ "$nrc" = 0 ] || [ -e "$d/noarch.json" ] ||
		! grep -qF "regdefgen does not know the architecture '(none named)': no DWARF numbers, register sets, generic roles or sub-registers filled in" "$d/noarch.imp"; then
		fail "riscv$x: negative control: import of the description without <architecture> (exit $nrc): $(head -n 3 "$d/noarch.imp")"
	else
		ok "riscv$x: negative control: without <architecture> import fills nothing and writes nothing (exit $nrc)"
	fi
	"$R" check "$d/xml.json" >"$d/check.out" 2>&1 && ok "riscv$x: the imported def checks: $(cat "$d/check.out")" ||
		fail "riscv$x: the imported def does not check: $(cat "$d/check.out")"
	# GDB writes a0 and pc through QEMU's own description; LLDB with the
	# imported def's file reads them (and finds the pc: the roles).
	if [ $x = 64 ]; then a0=0x1122334455667788; else a0=0x11223344; fi
	with_timeout 30 "$GDB" -nx -batch -ex "target remote 127.0.0.1:$QPORT" \
		-ex "set \$a0 = $a0" -ex 'set $pc = 0x80000abc' -ex disconnect >"$d/gdb.out" 2>&1
	with_timeout 30 "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $d/out/xml/xml_target_definition.py" \
		-o "gdb-remote 127.0.0.1:$QPORT" -o 'register read a0' -o 'process detach' \
		>"$d/lldb-xml.out" 2>&1 </dev/null
	if grep -q "frame #0: 0x0*80000abc" "$d/lldb-xml.out" &&
		grep -Eq "a0 = 0x0*${a0#0x}\$" "$d/lldb-xml.out"; then
		ok "riscv$x: LLDB 16 with the imported def's file: frame 0 at pc 0x80000abc, a0 = $a0"
	else
		fail "riscv$x: LLDB with the imported def's file: $(cat "$d/lldb-xml.out")"
	fi
	stop_qemu
done
finish
