#!/bin/sh
# tests/avx512/test-avx512-session.sh: LLDB 16 with the generated
# x86_64-linux-avx512 definition file (default settings, then
# use-g-packet-for-reading) and GDB with its target.xml, debugging
# tests/avx512/avxregs.c under gdbserver.  They must read the values the
# program loaded (ymm5 as LLDB's composite of xmm5 + ymm5h, ymm13h, xmm5),
# and what they write must be what the program then stores.  For the
# AVX-512 registers (zmm17, k3, xmm20) a debugger that reads other than
# what the program loaded means the kernel does not expose them through
# ptrace here: that prints SKIP for those registers, never ok.
. tests/lib/common.sh
. tests/tools/stubs.sh

if ! grep -qw avx512f /proc/cpuinfo || ! grep -qw avx512bw /proc/cpuinfo; then
	echo "SKIP: this CPU has no AVX-512 (F and BW)"
	exit 77
fi
sh tests/lib/ensure-packages gdb gdbserver lldb-16 python3-lldb-16 >/dev/null ||
	fail "cannot install gdb, gdbserver, lldb-16"
need gdb gdbserver lldb-16 gcc
make_tmpdir T
L=x86_64-linux-avx512
DEF=$ROOT/out/$L/$(ident_of $L)_target_definition.py
XML=$ROOT/out/$L/target.xml
P=$T/avxregs
gcc -O1 -static -mavx512f -mavx512bw -o "$P" tests/avx512/avxregs.c 2>"$T/cc.err" ||
	{ fail "gcc avxregs.c"; cat "$T/cc.err" >&2; finish; }

# bytes BASE N: "0xBASE 0xBASE+1 ..." (LLDB's vector syntax, without braces)
bytes() { python3 -c 'import sys; b, n = int(sys.argv[1], 16), int(sys.argv[2]); print(" ".join("0x%02x" % ((b + i) & 255) for i in range(n)))' "$1" "$2"; }
# plain BASE N: "BASE BASE+1 ..." as the program prints them
plain() { bytes "$1" "$2" | sed 's/0x//g'; }

# the program without a debugger keeps what it loaded (the controls below
# compare against these)
with_timeout 20 "$P" nostop >"$T/alone" 2>&1 || fail "avxregs without a debugger"
grep -qx "ymm5 $(plain 50 32)" "$T/alone" && grep -qx "k3 0123456789abcdef" "$T/alone" &&
	grep -qx "zmm17 $(plain 80 64)" "$T/alone" ||
	{ fail "avxregs alone does not print what it loaded:"; cat "$T/alone" >&2; }

# start_prog: gdbserver running the program on a free port ($port, $GP)
start_prog() {
	port=$(free_port)
	start_bg GP gdbserver "127.0.0.1:$port" "$P" >"$T/prog" 2>&1
	listening "$port" || fail "gdbserver did not listen on $port"
}
# stop_prog: wait (bounded) for gdbserver to end after the program exits
stop_prog() {
	_n=0
	while kill -0 "$GP" 2>/dev/null && [ $_n -lt 50 ]; do sleep 0.1; _n=$((_n + 1)); done
	kill "$GP" 2>/dev/null; wait "$GP" 2>/dev/null
}
has_line() { # FILE LINE LABEL
	if grep -qxF -- "$2" "$1"; then ok "$3"; else
		fail "$3: no line '$2' in:"; sed 's/^/    /' "$1" | head -40 >&2; fi
}
# avx512 WHAT FILE LINE PROGLINE: ok if the debugger read what the program
# loaded; SKIP (never ok) if it read something else
avx512() {
	if grep -qxF -- "$3" "$2"; then ok "$1 reads as loaded"
	else
		echo "SKIP: $1: the debugger does not read what the program loaded (the kernel does not expose it through ptrace here); read: $(grep -F "$4" "$2" | head -1 | cut -c1-80)"
	fi
}

# --- LLDB, default settings and with use-g-packet-for-reading ---
for g in false true; do
	start_prog
	with_timeout 90 lldb-16 -b \
		-o "settings set plugin.process.gdb-remote.use-g-packet-for-reading $g" \
		-o "settings set plugin.process.gdb-remote.target-definition-file $DEF" \
		-o "target create $P" -o "gdb-remote 127.0.0.1:$port" \
		-o "script exec(open('$ROOT/tests/avx512/lldb-session.py').read())" \
		>"$T/lldb" 2>&1
	stop_prog
	sed 's/^ *//' "$T/lldb" >"$T/lldb.t"
	w="LLDB (use-g-packet-for-reading $g)"
	# zmm17 exists only in the generated file: the file is what LLDB used
	grep -q '^zmm17 = ' "$T/lldb.t" && ok "$w: zmm17 known (the generated file is in use)" ||
		fail "$w: no zmm17: the definition file was not used"
	has_line "$T/lldb.t" "ymm5 = {$(bytes 50 32)}" "$w: ymm5 (composite xmm5 + ymm5h)"
	has_line "$T/lldb.t" "ymm13h = {$(bytes e0 16)}" "$w: ymm13h"
	has_line "$T/lldb.t" "xmm5 = {$(bytes 50 16)}" "$w: xmm5"
	has_line "$T/lldb.t" "ymm5 = {$(bytes a0 32)}" "$w: ymm5 reads back what was written"
	has_line "$T/lldb.t" "xmm5 = {$(bytes a0 16)}" "$w: the ymm5 write reached xmm5"
	has_line "$T/prog" "ymm5 $(plain a0 32)" "$w: the program finds the ymm5 write"
	has_line "$T/prog" "ymm13 $(plain d0 16) $(plain 01 16)" "$w: the program finds the ymm13h write"
	avx512 "$w: zmm17" "$T/lldb.t" "zmm17 = {$(bytes 80 64)}" "zmm17 ="
	avx512 "$w: k3" "$T/lldb.t" "k3 = 0x0123456789abcdef" "k3 ="
	avx512 "$w: xmm20" "$T/lldb.t" "xmm20 = {$(bytes 20 16)}" "xmm20 ="
done

# --- GDB with the generated target.xml ---
gdb_session() { # XML: run GDB against a fresh program, output in $T/gdb
	start_prog
	with_timeout 90 gdb -nx -batch -ex "set tdesc filename $1" \
		-ex "target remote 127.0.0.1:$port" -ex continue \
		-ex 'p/x $ymm5.v32_int8' -ex 'p/x $xmm5.v16_int8' -ex 'p/x $ymm13h' \
		-ex 'p/x $zmm17.v64_int8' -ex 'p/x $k3' -ex 'p/x $xmm20.v16_int8' \
		-ex 'set var $xmm5.v2_int64[0] = 0xa7a6a5a4a3a2a1a0' \
		-ex 'set var $xmm5.v2_int64[1] = 0xafaeadacabaaa9a8' \
		-ex 'set var $ymm13.v4_int64[2] = 0x0807060504030201' \
		-ex 'set var $ymm13.v4_int64[3] = 0x100f0e0d0c0b0a09' \
		-ex continue "$P" >"$T/gdb" 2>&1
	stop_prog
}
commas() { bytes "$1" "$2" | sed 's/ /, /g'; }
gdb_session "$XML"
has_line "$T/gdb" "\$1 = {$(commas 50 32)}" "GDB: ymm5"
has_line "$T/gdb" "\$2 = {$(commas 50 16)}" "GDB: xmm5"
has_line "$T/gdb" '$3 = 0xefeeedecebeae9e8e7e6e5e4e3e2e1e0' "GDB: ymm13h"
has_line "$T/prog" "ymm5 $(plain a0 16) $(plain 60 16)" "GDB: the program finds the xmm5 write"
has_line "$T/prog" "ymm13 $(plain d0 16) $(plain 01 16)" "GDB: the program finds the ymm13h write"
avx512 "GDB: zmm17" "$T/gdb" "\$4 = {$(commas 80 64)}" '$4 ='
avx512 "GDB: k3" "$T/gdb" '$5 = 0x123456789abcdef' '$5 ='
avx512 "GDB: xmm20" "$T/gdb" "\$6 = {$(commas 20 16)}" '$6 ='

# negative control: with the 58-register x86_64-linux target.xml GDB has no
# ymm13h, so the checks above depend on the generated file
gdb_session "$ROOT/out/x86_64-linux/target.xml"
if grep -q '^\$3 = 0xefee' "$T/gdb"; then
	fail "negative control: GDB read ymm13h without the AVX description"
else
	ok "negative control: GDB with x86_64-linux's target.xml has no ymm13h"
fi
finish
