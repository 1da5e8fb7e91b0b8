#!/bin/sh
# tests/tools/test-probe.sh: "regdefgen probe" against real stubs (QEMU
# x86_64 and i386, gdbserver, lldb-server-16, the reference stub in each of
# its modes) and against misbehaving fake stubs (tests/tools/fakestub.py).
# What the real stubs serve depends on the CPU and versions, so these
# check properties (the reply size matches the description, the def that
# was written for the stub matches it), not fixed bytes.
. tests/lib/common.sh
. tests/tools/stubs.sh

sh tests/lib/ensure-packages qemu-system-x86 gdbserver lldb-16 python3 >/dev/null ||
	fail "cannot install the stubs"
need qemu-system-x86_64 qemu-system-i386 gdbserver lldb-server-16 python3
make_tmpdir T
R=$REGDEFGEN

# expect_rc WANT LABEL CMD...: run CMD (bounded), check its exit status
expect_rc() {
	_want=$1 _label=$2; shift 2
	with_timeout 60 "$@" >"$T/out" 2>"$T/err"; _rc=$?
	if [ "$_rc" = "$_want" ]; then ok "$_label"; else
		fail "$_label: exit $_rc, expected $_want"; sed 's/^/    /' "$T/out" "$T/err" | head -30 >&2
	fi
}
has() { # FILE TEXT LABEL
	if grep -qF -- "$2" "$1"; then ok "$3"; else fail "$3: no '$2' in:"; sed 's/^/    /' "$1" | head -20 >&2; fi
}

# --- usage ---
expect_rc 0 "probe --help" "$R" probe --help
has "$T/out" "qRegisterInfo" "help names qRegisterInfo"
expect_rc 2 "probe without a stub" "$R" probe
expect_rc 2 "probe with a bad timeout" "$R" probe --timeout zero 127.0.0.1:1
expect_rc 2 "probe of something that is not HOST:PORT" "$R" probe nonsense

# --- QEMU, both builds ---
for bits in 64 32; do
	if [ $bits = 64 ]; then def=x86_64-qemu size=608 other=x86_64; else def=i386-qemu size=344 other=i386; fi
	port=$(free_port)
	start_qemu QPID $bits "$port"
	expect_rc 0 "QEMU $bits: probe" "$R" probe --save-xml "$T/q$bits" "127.0.0.1:$port"
	has "$T/out" "target.xml (qXfer:features:read)" "QEMU $bits: read through target.xml"
	has "$T/out" "documents read: 2" "QEMU $bits: the included annex was read too"
	has "$T/out" "$size bytes described, $size bytes in the stub's reply" "QEMU $bits: g reply of $size bytes, as described"
	[ -s "$T/q$bits/target.xml" ] && ok "QEMU $bits: --save-xml kept target.xml" || fail "QEMU $bits: no saved target.xml"
	[ "$(ls "$T/q$bits" | wc -l)" = 2 ] && ok "QEMU $bits: --save-xml kept the annex" || fail "QEMU $bits: saved $(ls "$T/q$bits")"
	expect_rc 0 "QEMU $bits: matches defs/$def.json" "$R" probe --def "defs/$def.json" "127.0.0.1:$port"
	has "$T/out" "Same layout" "QEMU $bits: same layout"
	expect_rc 1 "QEMU $bits: differs from defs/$other.json" "$R" probe --def "defs/$other.json" "127.0.0.1:$port"
	has "$T/out" "First difference on the wire" "QEMU $bits: the report leads with the wire"
	expect_rc 1 "QEMU $bits: JSON difference" "$R" probe --format json --def "defs/$other.json" "127.0.0.1:$port"
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["same"] is False and d["b"]["g_reply_bytes"] == int(sys.argv[2]), d["b"]' \
		"$T/out" "$size" && ok "QEMU $bits: JSON says so" || fail "QEMU $bits: JSON output"
	kill "$QPID" 2>/dev/null
done

# --- gdbserver (x86_64 Linux; its g packet follows the CPU's features) ---
port=$(free_port)
start_gdbserver GPID "$port"
expect_rc 1 "gdbserver: differs from defs/x86_64-linux.json" "$R" probe --def defs/x86_64-linux.json "127.0.0.1:$port"
# x86_64-linux is the 544-byte prefix of what gdbserver sends
has "$T/out" "First difference on the wire: byte 544" "gdbserver: x86_64-linux is its first 544 bytes"
port=$(free_port)
start_gdbserver GPID "$port"
expect_rc 0 "gdbserver: probe" "$R" probe "127.0.0.1:$port"
has "$T/out" "osabi GNU/Linux" "gdbserver: GNU/Linux description"
sed -n 's/.*g packet: \([0-9]*\) bytes described, \([0-9]*\) bytes in the stub.s reply.*/\1 \2/p' "$T/out" >"$T/sizes"
read -r described replied <"$T/sizes" 2>/dev/null
[ -n "${described:-}" ] && [ "$described" = "$replied" ] &&
	ok "gdbserver: g reply ($replied bytes) as described" ||
	fail "gdbserver: described ${described:-?} bytes, reply ${replied:-?}"

# --- lldb-server-16 (target.xml with LLDB's attributes; qRegisterInfo too) ---
port=$(free_port)
start_lldb_server LPID "$port"
expect_rc 0 "lldb-server: probe" "$R" probe "127.0.0.1:$port"
has "$T/out" "target.xml (qXfer:features:read)" "lldb-server: read through target.xml"
sed -n 's/.*g packet: \([0-9]*\) bytes described, \([0-9]*\) bytes in the stub.s reply.*/\1 \2/p' "$T/out" >"$T/sizes"
read -r described replied <"$T/sizes" 2>/dev/null
[ -n "${described:-}" ] && [ "$described" = "$replied" ] &&
	ok "lldb-server: g reply ($replied bytes) as its offsets describe" ||
	fail "lldb-server: described ${described:-?} bytes, reply ${replied:-?}"
has "$T/out" "eax=rax[31:0]" "lldb-server: value_regnums sub-registers became slices"

# --- misbehaving stubs: clear errors, bounded time ---
port=$(free_port)
expect_rc 1 "refused connection" "$R" probe "127.0.0.1:$port"
has "$T/err" "connection refused" "refused: says so"
for mode in silent badsum truncated noregs; do
	port=$(free_port)
	start_fake FPID $mode "$port"
	start=$(date +%s)
	expect_rc 1 "fake stub '$mode'" "$R" probe --timeout 1 "127.0.0.1:$port"
	[ $(( $(date +%s) - start )) -le 10 ] && ok "'$mode': gave up in bounded time" || fail "'$mode': took too long"
	case $mode in
	silent) has "$T/err" "no reply to 'qSupported" "silent: says no reply" ;;
	badsum) has "$T/err" "bad checksum in the reply to 'qSupported" "badsum: says bad checksum" ;;
	truncated) has "$T/err" "truncated reply to 'qSupported" "truncated: says truncated" ;;
	noregs) has "$T/err" "describes no registers" "noregs: says there is nothing to read" ;;
	esac
	kill "$FPID" 2>/dev/null
done
port=$(free_port)
start_fake FPID rle "$port"
expect_rc 0 "fake stub: chunks, escapes, includes, run-length encoding" "$R" probe "127.0.0.1:$port"
has "$T/out" "20 bytes described, 20 bytes in the stub's reply" "rle: RLE g reply decoded to 20 bytes"
has "$T/out" "documents read: 2" "rle: the annex arrived through 'm' chunks"

port=$(free_port)
start_fake FPID qreginfo "$port"
expect_rc 0 "fake stub: LLDB's qHostInfo and qRegisterInfo" "$R" probe "127.0.0.1:$port"
has "$T/out" "registers from: qRegisterInfo" "qreginfo: read through qRegisterInfo"
has "$T/out" "LLDB triple: x86_64-pc-linux-gnu" "qreginfo: triple from qHostInfo (hex-decoded)"
has "$T/out" "3 registers, 1 sub-registers; g packet: 32 bytes described, 32 bytes in the stub's reply" "qreginfo: offsets and the reply agree"
has "$T/out" "eax=rax[31:0]" "qreginfo: container-regs make a sub-register"
kill "$FPID" 2>/dev/null

# --- the reference stub, each mode ---
if [ -f tests/stub/Makefile ] && stub_make "$ROOT/$BUILD/stub" STUB_LAYOUTS="x86_64 i386-qemu" >"$T/stub.log" 2>&1; then
	for layout in x86_64 i386-qemu; do
		stub=$BUILD/stub/stub-$layout
		[ -x "$stub" ] || { fail "no $stub"; continue; }
		port=$(free_port)
		start_bg SPID "$stub" "$port" >/dev/null
		listening "$port" || fail "the reference stub did not listen"
		expect_rc 0 "reference stub $layout: matches its def" "$R" probe --def "defs/$layout.json" "127.0.0.1:$port"
		# --no-xml: no target.xml and no qRegisterInfo (like VMware's stubs)
		port=$(free_port)
		start_bg SPID "$stub" --no-xml "$port" >/dev/null
		listening "$port" || fail "the reference stub did not listen"
		expect_rc 2 "reference stub $layout --no-xml: probe --def cannot read it (2, as diff(1))" "$R" probe --def "defs/$layout.json" "127.0.0.1:$port"
		has "$T/err" "describes no registers" "reference stub $layout --no-xml: no target.xml, no qRegisterInfo: said clearly"
		# --qregisterinfo: no target.xml, the layout through qHostInfo and
		# qRegisterInfo (the header's replies, as lldb-server serves them)
		port=$(free_port)
		start_bg SPID "$stub" --qregisterinfo "$port" >/dev/null
		listening "$port" || fail "the reference stub did not listen"
		expect_rc 0 "reference stub $layout --qregisterinfo: matches its def" "$R" probe --def "defs/$layout.json" "127.0.0.1:$port"
		has "$T/out" "Same layout" "reference stub $layout --qregisterinfo: same layout"
		port=$(free_port)
		start_bg SPID "$stub" --qregisterinfo "$port" >/dev/null
		listening "$port" || fail "the reference stub did not listen"
		expect_rc 0 "reference stub $layout --qregisterinfo: probe" "$R" probe "127.0.0.1:$port"
		has "$T/out" "registers from: qRegisterInfo" "reference stub $layout --qregisterinfo: read through qRegisterInfo"
	done
else
	fail "cannot build the reference stub"; cat "$T/stub.log" >&2
fi
finish
