#!/bin/sh
# tests/avx512/test-avx512-diff.sh: the AVX-512 layouts are exactly what
# gdbserver serves on this machine's CPU.  "regdefgen diff" of the def and of
# each generated file (target.xml, LLDB target definition file) against a
# running gdbserver, for a 64-bit and a 32-bit process, must say "Same
# layout" with the register count and g size the layouts state.  gdbserver
# describes only the features the CPU has, so without AVX-512 this SKIPs.
. tests/lib/common.sh
. tests/tools/stubs.sh

# offline first: the LLDB file's composites are the def's (both sides list
# some, so diff compares them), and a composite with its parts swapped differs
make_tmpdir T0
F=out/x86_64-linux-avx512/x86_64_linux_avx512_target_definition.py
with_timeout 60 "$REGDEFGEN" diff defs/x86_64-linux-avx512.json "$F" >"$T0/out" 2>&1 &&
	[ "$(head -n 1 "$T0/out")" = "Same layout: 148 registers, 2416-byte g packet." ] &&
	ok "def and LLDB file agree, composites included" ||
	{ fail "def against its LLDB file:"; cat "$T0/out" >&2; }
sed 's/"composite": \["xmm5", "ymm5h"\]/"composite": ["ymm5h", "xmm5"]/' "$F" >"$T0/swapped_td.py"
with_timeout 60 "$REGDEFGEN" diff defs/x86_64-linux-avx512.json "$T0/swapped_td.py" >"$T0/out" 2>&1
if [ $? = 1 ] && grep -qxF "  ymm5         sub-register: xmm5+ymm5h in A, ymm5h+xmm5 in B" "$T0/out"; then
	ok "negative control: a composite with its parts swapped is reported"
else
	fail "swapped composite not reported:"; cat "$T0/out" >&2
fi

if ! grep -qw avx512f /proc/cpuinfo; then
	echo "SKIP: this CPU has no AVX-512 (gdbserver would not describe it)"
	[ "$_failures" = 0 ] || finish
	exit 77
fi
sh tests/lib/ensure-packages gdbserver gcc-multilib >/dev/null || fail "cannot install gdbserver, gcc-multilib"
need gdbserver gcc
make_tmpdir T
R=$REGDEFGEN

# a 32-bit process for gdbserver's i386 description
printf 'int main(void) { for (;;) {} }\n' >"$T/spin.c"
gcc -m32 -O0 -o "$T/spin32" "$T/spin.c" 2>"$T/cc.err" || { fail "gcc -m32"; cat "$T/cc.err" >&2; finish; }

# check_same LAYOUT PROGRAM SUMMARY: diff def, target.xml and LLDB file
check_same() {
	_l=$1 _prog=$2 _want=$3 _i=$(ident_of "$1")
	for _f in "defs/$_l.json" "out/$_l/target.xml" "out/$_l/${_i}_target_definition.py"; do
		_port=$(free_port)
		start_bg _gp gdbserver "127.0.0.1:$_port" "$_prog" >/dev/null 2>&1
		listening "$_port" || { fail "gdbserver did not listen on $_port"; continue; }
		with_timeout 60 "$R" diff "$_f" "127.0.0.1:$_port" >"$T/out" 2>"$T/err"; _rc=$?
		if [ "$_rc" = 0 ] && [ "$(head -n 1 "$T/out")" = "$_want" ]; then
			ok "$_f: $_want"
		else
			fail "$_f against gdbserver ($_prog): exit $_rc"
			sed 's/^/    /' "$T/out" "$T/err" | head -30 >&2
		fi
		kill "$_gp" 2>/dev/null; wait "$_gp" 2>/dev/null
	done
}
check_same x86_64-linux-avx512 /bin/sleep "Same layout: 148 registers, 2416-byte g packet."
check_same i386-linux-avx512 "$T/spin32" "Same layout: 66 registers, 760-byte g packet."

# negative control: the 58-register x86_64-linux layout is not what gdbserver serves
_port=$(free_port)
start_bg _gp gdbserver "127.0.0.1:$_port" /bin/sleep >/dev/null 2>&1
listening "$_port" || fail "gdbserver did not listen on $_port"
with_timeout 60 "$R" diff defs/x86_64-linux.json "127.0.0.1:$_port" >"$T/out" 2>&1; _rc=$?
if [ "$_rc" = 1 ] && grep -q "First difference on the wire: byte 544" "$T/out"; then
	ok "negative control: x86_64-linux differs from gdbserver at byte 544"
else
	fail "negative control: x86_64-linux against gdbserver: exit $_rc"; head -20 "$T/out" >&2
fi
kill "$_gp" 2>/dev/null; wait "$_gp" 2>/dev/null
finish
