#!/bin/sh
# tests/tools/test-probe-arch.sh: what the probe asks a stub for comes from
# the architecture seam (gen/arch/arch.h), not a fixed x86 string: the
# qSupported packet a fake stub (tests/tools/fakestub.py, mode rle, which
# logs every packet) receives carries
#   - xmlRegisters= of every known architecture when nothing is expected
#     (probe HOST:PORT), as GDB sends every one it supports;
#   - the def's architecture's with probe --def and with diff DEF HOST:PORT;
#   - no xmlRegisters at all when the def's architecture is one regdefgen
#     does not know (negative control for the two above).
. tests/lib/common.sh
. tests/tools/stubs.sh

need python3
make_tmpdir T
R=$REGDEFGEN

# the qSupported packet the stub got when CMD... ran against it
asked() {
	port=$(free_port)
	FAKESTUB_LOG=$T/log.$port
	export FAKESTUB_LOG
	start_fake FPID rle "$port"
	unset FAKESTUB_LOG
	with_timeout 60 "$@" "127.0.0.1:$port" >"$T/out" 2>"$T/err"
	kill "$FPID" 2>/dev/null
	grep '^qSupported' "$T/log.$port" | head -n 1
}
want() { # GOT WANT LABEL
	[ "$1" = "$2" ] && ok "$3" || fail "$3: the stub got '$1', expected '$2'"
}

cat >"$T/pdp11.json" <<'JSON'
{
  "target": {"gdb_architecture": "pdp11", "address_bits": 16, "endian": "little", "lldb_triple": "pdp11-unknown-unknown"},
  "features": [{"id": "core", "name": "org.example.pdp11.core"}],
  "sets": [{"id": "gpr", "name": "General Purpose Registers"}],
  "registers": [{"name": "r0", "bitsize": 16, "type": "int16", "feature": "core", "set": "gpr", "generic": "pc"}]
}
JSON

x86="qSupported:xmlRegisters=i386;swbreak+;hwbreak+"
want "$(asked "$R" probe)" "$x86" "probe, no expectation: every known architecture's xmlRegisters (x86's i386)"
want "$(asked "$R" probe --def defs/x86_64.json)" "$x86" "probe --def x86_64: the def's architecture's"
want "$(asked "$R" diff defs/i386.json)" "$x86" "diff i386 def vs stub: the def's architecture's"
has_rax=$(grep -c 'rax' "$T/out")
[ "$has_rax" -gt 0 ] && ok "diff ran against the stub's registers" || fail "diff printed no register: $(cat "$T/out" "$T/err")"
want "$(asked "$R" probe --def "$T/pdp11.json")" "qSupported:swbreak+;hwbreak+" \
	"probe --def of an unknown architecture: no xmlRegisters"
want "$(asked "$R" diff "$T/pdp11.json")" "qSupported:swbreak+;hwbreak+" \
	"diff of an unknown architecture's def vs stub: no xmlRegisters"
finish
