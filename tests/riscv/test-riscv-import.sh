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
#     The CSRs get the psABI's DWARF numbers (4096 + CSR number: mstatus
#     4864), the f registers (QEMU's union riscv_double) are ieee754
#     floats (LLDB reads fa1 = 1.5 as GDB wrote it), and "diff" of the
#     imported def with the live QEMU says "Same layout";
#  3. alt-names: the description with x0-x31/f0-f31 named xN/fN is
#     recognised by name (DWARF numbers, roles, no lint finding; GDB
#     accepts it); negative control: without x31 the lint and GDB reject it;
#  4. negative control: the same XML without its <architecture> is not
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
	# x0-x31, f0-f31 and QEMU's CSRs (127 on rv64, 149 on rv32: 4096 +
	# CSR number); priv alone has none
	if [ $x = 64 ]; then ndw=191; else ndw=213; fi
	for want in "warning: the description gives no DWARF numbers; $ndw filled from the RISC-V psABI numbering" \
		"warning: no DWARF number known for 1 register (priv): left out" \
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
	# the CSRs' DWARF numbers (psABI: 4096 + CSR number) and the f
	# registers as floats (QEMU's union riscv_double of float and double)
	grep -qF '{"name": "mstatus", "bitsize": '$x', "dwarf": 4864, "regnum": 834}' "$d/xml.json" &&
		ok "riscv$x: mstatus (CSR 0x300) has DWARF number 4864" ||
		fail "riscv$x: mstatus: $(grep '"mstatus"' "$d/xml.json")"
	if [ $x = 32 ]; then
		grep -qF '{"name": "mstatush", "bitsize": 32, "dwarf": 4880, "regnum": 850}' "$d/xml.json" &&
			ok "riscv32: mstatush (CSR 0x310, RV32 only) has DWARF number 4880" ||
			fail "riscv32: mstatush: $(grep '"mstatush"' "$d/xml.json")"
	fi
	grep -qF '{"name": "fa1", "bitsize": 64, "type": "riscv_double", "feature": "fpu", "set": "fpr", "encoding": "ieee754", "format": "float", "dwarf": 43}' "$d/xml.json" &&
		ok "riscv$x: fa1 is an ieee754 float register (DWARF 43)" ||
		fail "riscv$x: fa1: $(grep '"fa1"' "$d/xml.json")"
	# the def diffs as the same layout as the live QEMU
	with_timeout 60 "$R" diff "$d/xml.json" "127.0.0.1:$QPORT" >"$d/diff.out" 2>&1; drc=$?
	if [ "$drc" = 0 ] && grep -q "^Same layout" "$d/diff.out"; then
		ok "riscv$x: diff of the imported def and the live QEMU: $(head -n 1 "$d/diff.out")"
	else
		fail "riscv$x: diff with the live QEMU (exit $drc): $(cat "$d/diff.out")"
	fi
	# GDB writes a0, pc, fa1 and mscratch through QEMU's own description;
	# LLDB with the imported def's file reads them (and finds the pc: the
	# roles); fa1 as the float GDB wrote, mscratch by its number 898
	# (QEMU answers p only once its target.xml was read: the packet)
	if [ $x = 64 ]; then a0=0x1122334455667788; else a0=0x11223344; fi
	with_timeout 30 "$GDB" -nx -batch -ex "target remote 127.0.0.1:$QPORT" \
		-ex "set \$a0 = $a0" -ex 'set $pc = 0x80000abc' -ex 'set $fa1 = 1.5' \
		-ex 'set $mscratch = 0x5c5c5c5c' -ex disconnect >"$d/gdb.out" 2>&1
	with_timeout 30 "$LLDB" -b \
		-o "settings set plugin.process.gdb-remote.target-definition-file $d/out/xml/xml_target_definition.py" \
		-o "gdb-remote 127.0.0.1:$QPORT" -o 'register read a0' \
		-o 'process plugin packet send qXfer:features:read:target.xml:0,1' \
		-o 'register read fa1 mscratch' -o 'process detach' \
		>"$d/lldb-xml.out" 2>&1 </dev/null
	if grep -q "frame #0: 0x0*80000abc" "$d/lldb-xml.out" &&
		grep -Eq "a0 = 0x0*${a0#0x}\$" "$d/lldb-xml.out"; then
		ok "riscv$x: LLDB 16 with the imported def's file: frame 0 at pc 0x80000abc, a0 = $a0"
	else
		fail "riscv$x: LLDB with the imported def's file: $(cat "$d/lldb-xml.out")"
	fi
	if grep -Eq "^ *fa1 = 1\.5\$" "$d/lldb-xml.out" && grep -Eq "mscratch = 0x0*5c5c5c5c\$" "$d/lldb-xml.out"; then
		ok "riscv$x: LLDB 16 reads fa1 = 1.5 (a float) and mscratch = 0x5c5c5c5c"
	else
		fail "riscv$x: LLDB fa1/mscratch: $(grep -A3 'register read fa1' "$d/lldb-xml.out")"
	fi
	# alt-names: the same description with x0-x31 and f0-f31 named xN/fN
	# (GDB 13 accepts them, showing a0...) is recognised register by
	# register: every DWARF number and role filled, no lint finding;
	# negative control: x31 renamed foo is one name GDB requires missing,
	# and GDB does reject it
	mkdir -p "$d/xn" "$d/xbad"
	cp "$d/xml/"*.xml "$d/xn/"
	python3 - "$d/xn" <<'PY'
import glob, sys
x = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1"] + ["a%d" % i for i in range(8)] + \
    ["s%d" % i for i in range(2, 12)] + ["t3", "t4", "t5", "t6"]
f = ["ft%d" % i for i in range(8)] + ["fs0", "fs1"] + ["fa%d" % i for i in range(8)] + \
    ["fs%d" % i for i in range(2, 12)] + ["ft%d" % i for i in range(8, 12)]
for p in glob.glob(sys.argv[1] + "/riscv-*bit-cpu.xml") + glob.glob(sys.argv[1] + "/riscv-*bit-fpu.xml"):
    s = open(p).read()
    for names, letter in ((x, "x"), (f, "f")):
        for i, n in enumerate(names):
            s = s.replace('name="%s"' % n, 'name="%s%d"' % (letter, i), 1)
    open(p, "w").write(s)
PY
	cp "$d/xn/"*.xml "$d/xbad/"
	sed -i 's/name="x31"/name="foo"/' "$d/xbad/"riscv-*bit-cpu.xml
	with_timeout 60 "$R" import -o "$d/xn.json" "$d/xn/target.xml" >"$d/xn.imp" 2>&1 ||
		fail "riscv$x: import of the xN description: $(cat "$d/xn.imp")"
	if grep -qF "$ndw filled from the RISC-V psABI numbering" "$d/xn.imp" &&
		grep -qF "12 filled from the riscv ABI" "$d/xn.imp" &&
		grep -qF '{"name": "x10", "bitsize": '$x', "feature": "cpu", "set": "gpr", "generic": "arg1", "dwarf": 10}' "$d/xn.json" &&
		grep -qF '"name": "f11", "bitsize": 64, "type": "riscv_double", "feature": "fpu", "set": "fpr", "encoding": "ieee754", "format": "float", "dwarf": 43}' "$d/xn.json"; then
		ok "riscv$x: x10/f11 recognised by their alt-names: x10 arg1 DWARF 10, f11 float DWARF 43"
	else
		fail "riscv$x: xN import: $(grep -E '"(x10|f11)"' "$d/xn.json"; cat "$d/xn.imp")"
	fi
	"$R" check --strict "$d/xn.json" >"$d/xn.check" 2>&1 && ok "riscv$x: xN def: check --strict is clean" ||
		fail "riscv$x: xN def: check --strict: $(cat "$d/xn.check")"
	with_timeout 60 "$R" import -o "$d/xbad.json" "$d/xbad/target.xml" >/dev/null 2>&1
	"$R" check "$d/xbad.json" >"$d/xbad.check" 2>&1
	grep -qF "org.gnu.gdb.riscv.cpu lacks t6 (1 of the names GDB requires): GDB rejects the whole description" "$d/xbad.check" &&
		ok "riscv$x: negative control: x31 renamed foo: the lint says GDB rejects it" ||
		fail "riscv$x: xbad lint: $(cat "$d/xbad.check")"
	for v in xn xbad; do
		with_timeout 30 "$GDB" -nx -batch -ex "set tdesc filename $d/$v/target.xml" \
			-ex 'maint print registers' >"$d/$v.gdb" 2>&1
	done
	if grep -Eq '^ a0 +10 ' "$d/xn.gdb" && ! grep -q "rejected" "$d/xn.gdb" &&
		grep -q "warning: Architecture rejected target-supplied description" "$d/xbad.gdb"; then
		ok "riscv$x: GDB accepts the xN description (a0 is number 10) and rejects the one without x31"
	else
		fail "riscv$x: GDB and the xN descriptions: $(head -n 3 "$d/xn.gdb" "$d/xbad.gdb")"
	fi
	stop_qemu
done
finish
