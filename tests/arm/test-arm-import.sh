#!/bin/sh
# tests/arm/test-arm-import.sh: regdefgen's AArch64 and ARM M-profile
# knowledge (defs/aarch64/arch.json, defs/arm/arch.json) at work on what
# QEMU 7.2 really serves, fetched live (QEMU's XML is GPL text: never
# committed) with `regdefgen probe --save-xml`:
#  - qemu-system-aarch64 -M virt -cpu cortex-a57 and qemu-system-arm -M
#    lm3s6965evb: import fills the triple, the DWARF numbers (AADWARF64:
#    65; AADWARF32: 16) and the LLDB roles, and (AArch64) renames the system
#    registers FPCR/FPSR that clash with the fpu's fpcr/fpsr but for case;
#    the def checks with --strict; GDB (gdb-multiarch) builds the same
#    'maint print remote-registers' table from the regenerated target.xml
#    as from QEMU's, but for the renamed rows (AArch64); M-profile: import
#    keeps xpsr's remote number 25 (an older import that could not is
#    accepted only if it says so, and its row's number is put back);
#  - qemu-system-arm -M mps2-an386 (Cortex-M4 with d0-d15, fpscr) and -M
#    virt -cpu cortex-a15 (A-profile): see their blocks below;
#  - the lint: the shipped layouts are clean under check --strict; negative
#    controls: x29 renamed fp and an M-profile def without lr and sp's DWARF
#    number get the findings GDB and the ABI justify.
. tests/lib/common.sh

GDB=${GDB_MULTIARCH:-gdb-multiarch}
for t in "$GDB" "${LLDB:-lldb-16}" qemu-system-aarch64 qemu-system-arm python3; do
	command -v "$t" >/dev/null 2>&1 ||
		{ echo "SKIP: $t is not installed (make check installs gdb-multiarch lldb-16 qemu-system-arm)"; exit 77; }
done
make_tmpdir T
R=$REGDEFGEN

has() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then ok "$3"; else fail "$3: no '$2' in"; sed 's/^/    /' "$1" | head -20 >&2; fi
}

gdb_table() { # XML: GDB's remote-register table for a description
	with_timeout 60 "$GDB" -nx -batch -ex "set tdesc filename $1" -ex 'maint print remote-registers' 2>&1
}

# fetch NAME QEMU-ARGS...: QEMU's documents into $T/NAME/
fetch() {
	_name=$1
	shift
	QPORT=$(free_port)
	start_bg QPID with_timeout 60 "$@" -S -gdb "tcp:127.0.0.1:$QPORT" -display none -nodefaults \
		-monitor none -serial none >>"$T/qemu.log" 2>&1
	if ! python3 tests/e2e/qemu_regs.py wait-listen "$QPORT" 10 "$QPID" >/dev/null; then
		fail "$_name: QEMU does not listen: $(cat "$T/qemu.log")"
		return 1
	fi
	with_timeout 60 "$R" probe --save-xml "$T/$_name" "127.0.0.1:$QPORT" >"$T/$_name.probe" 2>&1 ||
		fail "$_name: probe --save-xml failed: $(cat "$T/$_name.probe")"
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
	[ -f "$T/$_name/target.xml" ]
}

# roundtrip NAME: import, check --strict, generate, GDB's tables; the
# table of the regenerated description is edited by SED first
roundtrip() {
	_name=$1 _sed=$2
	if ! "$R" import -o "$T/$_name.json" "$T/$_name/target.xml" 2>"$T/$_name.warn"; then
		fail "$_name: import failed"; sed 's/^/    /' "$T/$_name.warn" >&2; return 1
	fi
	ok "$_name: QEMU's description imported"
	if "$R" check --strict "$T/$_name.json" >"$T/$_name.lint" 2>&1; then
		ok "$_name: the imported def checks with --strict"
	else
		fail "$_name: check --strict: $(cat "$T/$_name.lint")"
	fi
	"$R" generate -o "$T/gen" "$T/$_name.json" >/dev/null 2>"$T/gen.err" ||
		{ fail "$_name: generate failed: $(cat "$T/gen.err")"; return 1; }
	gdb_table "$T/$_name/target.xml" >"$T/$_name.a"
	gdb_table "$T/gen/$_name/target.xml" | sed "$_sed" >"$T/$_name.b"
	if grep -qi warning "$T/$_name.a" "$T/$_name.b"; then
		fail "$_name: GDB warns: $(grep -i warning "$T/$_name.a" "$T/$_name.b" | head -3)"
	elif cmp -s "$T/$_name.a" "$T/$_name.b"; then
		ok "$_name: GDB sees the same $(grep -c . "$T/$_name.a")-line register table"
	else
		fail "$_name: GDB's tables differ:"; diff "$T/$_name.a" "$T/$_name.b" | head -20 >&2
	fi
}

if fetch aarch64 qemu-system-aarch64 -M virt -cpu cortex-a57; then
	# sed: the renamed rows back to QEMU's names (same numbers and offsets)
	roundtrip aarch64 's/^ FPCR_183/ FPCR    /; s/^ FPSR_185/ FPSR    /'
	W=$T/aarch64.warn
	has "$W" "using 'aarch64-unknown-linux-gnu'" "aarch64: import takes the triple from the aarch64 knowledge"
	has "$W" "65 filled from the AADWARF64 numbering" "aarch64: x0-x30, sp, pc, v0-v31 get AADWARF64 numbers"
	has "$W" "13 filled from the aarch64 ABI" "aarch64: LLDB roles filled (pc, sp, fp, ra, flags, arg1-8)"
	has "$W" "'FPCR' (remote number 183) has the name of 'fpcr' (remote number 67) but for case" "aarch64: QEMU's FPCR system register is told apart from the fpu's fpcr"
	grep -q '"name": "x29".*"generic": "fp"' "$T/aarch64.json" &&
		grep -q '"name": "v0".*"dwarf": 64' "$T/aarch64.json" &&
		ok "aarch64: the def gives x29 the role fp and v0 DWARF 64" ||
		fail "aarch64: x29/v0 facts missing in the imported def: $(grep -E '"name": "(x29|v0)"' "$T/aarch64.json")"
fi

if fetch armv7m qemu-system-arm -M lm3s6965evb -cpu cortex-m3; then
	# import does not keep xpsr's remote number 25 yet (it says so); the
	# table is compared with that row's number put back, and exactly once
	# import keeps it
	W=$T/armv7m.warn
	renumber='s/^\( xpsr .* \)16\(  *64\)$/\125\2/'
	roundtrip armv7m "$renumber"
	if grep -qF "'xpsr' has remote number 25; a def numbers registers 0, 1, 2... in wire order, so it gets 16" "$W"; then
		ok "armv7m: import says xpsr's remote number 25 cannot be kept (known limit)"
	else
		grep '"name": "xpsr"' "$T/armv7m.json" | grep -q '"regnum": 25' &&
			ok "armv7m: import keeps xpsr's remote number 25" ||
			fail "armv7m: xpsr's remote number neither kept nor reported: $(grep xpsr "$T/armv7m.json")"
	fi
	has "$W" "using 'thumbv7m-unknown-none-eabi'" "armv7m: import takes the triple from the M-profile knowledge"
	has "$W" "16 filled from the AADWARF32 numbering" "armv7m: r0-pc get AADWARF32 numbers"
fi

# M-profile with an FPU (qemu-system-arm -M mps2-an386, Cortex-M4: d0-d15
# at remote numbers 26-41 and fpscr 42 in org.gnu.gdb.arm.vfp after xpsr
# 25): the M-profile knowledge fills the d registers' AADWARF32 numbers
# (256-271) too, the def checks with --strict, GDB's table is QEMU's.
if fetch an386 qemu-system-arm -M mps2-an386; then
	roundtrip an386 ''
	W=$T/an386.warn
	has "$W" "using 'thumbv7m-unknown-none-eabi'" "an386: import takes the triple from the M-profile knowledge"
	has "$W" "32 filled from the AADWARF32 numbering" "an386: r0-pc and d0-d15 get AADWARF32 numbers"
	grep -q '"name": "d15".*"dwarf": 271' "$T/an386.json" &&
		grep -q '<reg name="d0" [^>]*regnum="26"' "$T/gen/an386/target.xml" &&
		grep -q '<reg name="xpsr" [^>]*regnum="25"' "$T/gen/an386/target.xml" &&
		ok "an386: d15 has DWARF 271; xpsr keeps remote number 25 and d0 26" ||
		fail "an386: d0/d15/xpsr facts: $(grep -E '"name": "(d0|d15|xpsr)"' "$T/an386.json")"
fi

# A-profile (qemu-system-arm -M virt -cpu cortex-a15: org.gnu.gdb.arm.core
# with cpsr at remote number 25, vfp, QEMU's system registers): import
# fills the A-profile knowledge (defs/arm/arch-arm-a.json), the def checks
# with --strict, and its regenerated target.xml is the live stub's layout.
# Then LLDB 16 with a 168-byte file made from the same parts (what QEMU
# sends a client that does not read its XML: cpsr at byte 164) reads what
# GDB wrote through QEMU's description: the knowledge's triple
# armv7-unknown-none-eabi parses (values not byte-swapped); negative
# control: armv7a-unknown-none-eabi, which LLDB 16 does not parse, shows
# r1 byte-swapped.
arma_qemu() { # starts QEMU; sets QPID QPORT
	QPORT=$(free_port)
	start_bg QPID with_timeout 120 qemu-system-arm -M virt -cpu cortex-a15 -S -gdb "tcp:127.0.0.1:$QPORT" \
		-display none -nodefaults -monitor none -serial none >>"$T/qemu.log" 2>&1
	python3 tests/e2e/qemu_regs.py wait-listen "$QPORT" 10 "$QPID" >/dev/null && return 0
	fail "arm A-profile: QEMU does not listen: $(cat "$T/qemu.log")"
	return 1
}
arma_stop() {
	kill "$QPID" 2>/dev/null
	wait "$QPID" 2>/dev/null
	_pids=$(echo " $_pids " | sed "s/ $QPID / /")
}
arma_write() { # GDB writes r1 and cpsr through QEMU's own description
	with_timeout 60 "$GDB" -nx -batch -ex "target remote 127.0.0.1:$QPORT" \
		-ex 'set $r1 = 0x11b1b2b3' -ex 'set $cpsr = 0x800001d3' -ex 'maint flush register-cache' \
		-ex 'info registers r1 cpsr' -ex disconnect >"$T/arma.gdb" 2>&1
	grep -q '^r1 *0x11b1b2b3 ' "$T/arma.gdb" && grep -q '^cpsr *0x800001d3 ' "$T/arma.gdb" && return 0
	fail "arm A-profile: GDB's writes did not land: $(cat "$T/arma.gdb")"
	return 1
}
arma_lldb() { # FILE OUT: LLDB reads r1 and cpsr (its exit ends QEMU)
	with_timeout 60 "$LLDB" -b -o "settings set plugin.process.gdb-remote.target-definition-file $1" \
		-o "gdb-remote 127.0.0.1:$QPORT" -o 'register read r1 cpsr' >"$2" 2>&1
}
LLDB=${LLDB:-lldb-16}
if arma_qemu; then
	with_timeout 60 "$R" probe --save-xml "$T/arma" "127.0.0.1:$QPORT" >"$T/arma.probe" 2>&1 ||
		fail "arm A-profile: probe --save-xml failed: $(cat "$T/arma.probe")"
	if "$R" import -o "$T/arma.json" "$T/arma/target.xml" 2>"$T/arma.warn"; then
		ok "arm A-profile: QEMU's description imported"
		W=$T/arma.warn
		has "$W" "using 'armv7-unknown-none-eabi'" "arm A-profile: import takes the triple from the A-profile knowledge"
		has "$W" "48 filled from the AADWARF32 numbering" "arm A-profile: r0-pc and d0-d31 get AADWARF32 numbers"
		has "$W" "9 filled from the arm ABI" "arm A-profile: LLDB roles filled (pc, sp, fp, ra, flags = cpsr, arg1-4)"
		grep -q '"name": "cpsr".*"generic": "flags"' "$T/arma.json" &&
			grep -q '"name": "d31".*"dwarf": 287' "$T/arma.json" &&
			ok "arm A-profile: the def gives cpsr the role flags and d31 DWARF 287" ||
			fail "arm A-profile: cpsr/d31 facts missing: $(grep -E '"name": "(cpsr|d31)"' "$T/arma.json")"
		if "$R" check --strict "$T/arma.json" >"$T/arma.lint" 2>&1; then
			ok "arm A-profile: the imported def checks with --strict"
		else
			fail "arm A-profile: check --strict: $(cat "$T/arma.lint")"
		fi
		"$R" generate -o "$T/gen" "$T/arma.json" >/dev/null 2>"$T/gen.err" ||
			fail "arm A-profile: generate failed: $(cat "$T/gen.err")"
		with_timeout 60 "$R" diff "$T/gen/arma/target.xml" "127.0.0.1:$QPORT" >"$T/arma.diff" 2>&1
		rc=$?
		[ $rc = 0 ] && has "$T/arma.diff" "Same layout: 192 registers, 1116-byte g packet." \
			"arm A-profile: regdefgen diff of the regenerated target.xml and the live QEMU: Same layout" ||
			fail "arm A-profile: diff (exit $rc): $(head -20 "$T/arma.diff")"
	else
		fail "arm A-profile: import failed: $(cat "$T/arma.warn")"
	fi
	if arma_write; then
		mkdir -p "$T/armv7"
		for tr in armv7-unknown-none-eabi armv7a-unknown-none-eabi; do
			printf '{"include": ["%s/defs/arm/a-core.json", "%s/defs/arm/fpa-legacy.json", "%s/defs/arm/a-cpsr.json"], "target": {"lldb_triple": "%s"}}\n' \
				"$ROOT" "$ROOT" "$ROOT" "$tr" >"$T/armv7/a${tr%%-*}.json"
		done
		"$R" generate -o "$T/armv7/out" "$T/armv7/aarmv7.json" "$T/armv7/aarmv7a.json" >/dev/null 2>"$T/gen.err" ||
			fail "arm A-profile: generate of the 168-byte files failed: $(cat "$T/gen.err")"
		arma_lldb "$T/armv7/out/aarmv7/aarmv7_target_definition.py" "$T/arma.lldb"
		grep -q '^ *r1 = 0x11b1b2b3$' "$T/arma.lldb" && grep -q '^ *cpsr = 0x800001d3$' "$T/arma.lldb" &&
			ok "arm A-profile: LLDB 16 with armv7-unknown-none-eabi reads r1 = 0x11b1b2b3 and cpsr = 0x800001d3 (byte 164) as GDB wrote them" ||
			fail "arm A-profile: LLDB read: $(grep -E '(r1|cpsr) =|error' "$T/arma.lldb")"
	fi
	arma_stop
fi
# negative control on a fresh QEMU: the triple LLDB 16 does not parse
if [ -f "$T/armv7/out/aarmv7a/aarmv7a_target_definition.py" ] && arma_qemu; then
	if arma_write; then
		arma_lldb "$T/armv7/out/aarmv7a/aarmv7a_target_definition.py" "$T/arma-neg.lldb"
		grep -q '^ *r1 = 0xb3b2b111$' "$T/arma-neg.lldb" &&
			ok "arm A-profile: negative control: with armv7a-unknown-none-eabi LLDB shows r1 = 0xb3b2b111 (byte-swapped)" ||
			fail "arm A-profile: negative control: armv7a triple read: $(grep -E 'r1 =|error' "$T/arma-neg.lldb")"
	fi
	arma_stop
fi

# The lint on the shipped layouts, and two negative controls.
for layout in aarch64 aarch64-qemu arm-m arm-m-qemu arm-qemu arm/arch-arm-a; do
	if "$R" check --strict "defs/$layout.json" >"$T/lint.out" 2>&1; then
		ok "$layout: check --strict is clean"
	else
		fail "$layout: check --strict: $(cat "$T/lint.out")"
	fi
done
mkdir -p "$T/bad"
cp defs/aarch64/common.json "$T/bad/"
sed 's/"name": "x29"/"name": "fp"/' defs/aarch64/core.json >"$T/bad/core.json"
printf '{"include": ["core.json"], "target": {"lldb_triple": "aarch64-unknown-none"}}\n' >"$T/bad/a.json"
"$R" check --strict "$T/bad/a.json" >"$T/bad.out" 2>&1 && fail "aarch64 with x29 named fp: check --strict passed"
has "$T/bad.out" "org.gnu.gdb.aarch64.core lacks x29 (1 of the names GDB requires): GDB rejects the whole description" \
	"negative control: x29 named fp is refused (GDB rejects such a core feature)"
cp defs/arm/common.json defs/arm/m-core.json defs/arm/m-xpsr.json "$T/bad/"
sed -e 's/"name": "lr"/"name": "r14"/' -e 's/"altname": "r14"/"altname": "lr"/' -e 's/"dwarf": 13, //' defs/arm/gpr.json >"$T/bad/gpr.json"
printf '{"include": ["m-core.json", "m-xpsr.json"], "target": {"lldb_triple": "thumbv7m-unknown-none-eabi"}}\n' >"$T/bad/m.json"
"$R" check --strict "$T/bad/m.json" >"$T/badm.out" 2>&1 && fail "M-profile without lr: check --strict passed"
has "$T/badm.out" "org.gnu.gdb.arm.m-profile lacks lr (1 of the names GDB requires)" "negative control: an M-profile core without lr is refused"
has "$T/badm.out" "'sp' has no DWARF number; the AADWARF32 gives it 13" "negative control: sp without its AADWARF32 number is reported"
# A-profile: cpsr missing from org.gnu.gdb.arm.core (GDB rejects it)
printf '{"include": ["%s/defs/arm/a-core.json"], "target": {"lldb_triple": "armv7-unknown-none-eabi"}}\n' "$ROOT" >"$T/bad/a-nocpsr.json"
"$R" check --strict "$T/bad/a-nocpsr.json" >"$T/bada.out" 2>&1 && fail "A-profile without cpsr: check --strict passed"
has "$T/bada.out" "org.gnu.gdb.arm.core lacks cpsr (1 of the names GDB requires)" "negative control: an A-profile core without cpsr is refused"
finish
