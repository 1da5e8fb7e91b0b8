#!/bin/sh
# tests/xml/test-import-bounds.sh: import of descriptions at the edges of
# the numbers and sizes it accepts (issue 15, findings 7 and 8):
#   regnum      a register at regnum 2147483646 (the largest) followed by one
#               more: refused with an error naming the register and the
#               limit, no def written (before: a signed overflow, negative
#               numbers, exit 0); negative control: a gap of 65,536
#               numbers (the most a def may leave unused) imports
#   100,000     registers import within the fault tests' limit
#               (FAULTS_TIMEOUT, default 600 s); most_common() was a nested
#               loop (25,000 registers took 15 s, 100,000 over two minutes)
#   own types   150,000 registers, each of a type of its own, import within
#               60 s (about 3 s here); each type and register looked its
#               type up by a search of every type (20,000 took 4.2 s,
#               150,000 about four minutes)
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
R=$REGDEFGEN

head='<?xml version="1.0"?>
<target><architecture>i386:x86-64</architecture><feature name="org.gnu.gdb.i386.core">'
tail='</feature></target>'

# --- regnum at the top of int ---
printf '%s\n<reg name="a" bitsize="32" type="int32" regnum="2147483646"/>\n<reg name="b" bitsize="32" type="int32"/>\n%s\n' \
	"$head" "$tail" >"$T/over.xml"
with_timeout 30 "$R" import -o "$T/over.json" "$T/over.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && ok "regnum past 2147483646: exit 1" || fail "regnum past 2147483646: exit $rc"
grep -q "over.xml:[0-9]*:[0-9]*: error: register 'b' would be number 2147483647, past the largest register number (2147483646)" "$T/err" &&
	ok "regnum overflow: the error names the register and the limit" || { fail "regnum overflow message:"; cat "$T/err" >&2; }
[ ! -e "$T/over.json" ] && ok "regnum overflow: no def written" || fail "regnum overflow: a def was written"
# negative control: a number that fits and a gap LLDB's filler entries can
# take (65,536 unused numbers, the most a def may leave) import
printf '%s\n<reg name="a" bitsize="32" type="int32" regnum="65536"/>\n<reg name="b" bitsize="32" type="int32"/>\n%s\n' \
	"$head" "$tail" >"$T/gap.xml"
with_timeout 30 "$R" import -o "$T/gap.json" "$T/gap.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && [ -s "$T/gap.json" ] && grep -q '"regnum": 65536' "$T/gap.json" &&
	ok "negative control: 65,536 unused numbers import, the number kept" || { fail "gap of 65536: exit $rc"; cat "$T/err" >&2; }
# the top of int without the overflow is still refused: the gap before it
printf '%s\n<reg name="a" bitsize="32" type="int32" regnum="2147483645"/>\n<reg name="b" bitsize="32" type="int32"/>\n%s\n' \
	"$head" "$tail" >"$T/top.xml"
with_timeout 30 "$R" import -o "$T/top.json" "$T/top.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 1 ] && [ ! -e "$T/top.json" ] && grep -q "register 'a' at remote number 2147483645 leaves more than 65536 numbers unused" "$T/err" &&
	ok "a register at 2147483645: refused for the gap before it, no def written" || { fail "top regnum: exit $rc"; cat "$T/err" >&2; }

# --- 100,000 registers ---
python3 - "$T/big.xml" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?>\n<target><architecture>i386:x86-64</architecture>'
            '<feature name="org.gnu.gdb.i386.core">\n')
    for i in range(100000):
        f.write('<reg name="r%d" bitsize="64" type="int64" group="general"/>\n' % i)
    f.write('</feature></target>\n')
PY
with_timeout "${FAULTS_TIMEOUT:-600}" "$R" import -o "$T/big.json" "$T/big.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && [ "$(grep -c '"name": "r[0-9]*"' "$T/big.json")" = 100000 ] &&
	ok "100,000 registers imported within ${FAULTS_TIMEOUT:-600} s" || { fail "100,000 registers: exit $rc"; tail -5 "$T/err" >&2; }
rm -f "$T/big.xml" "$T/big.json"

# --- 150,000 registers, each of its own type (14 MB, under the 16 MiB cap) ---
python3 - "$T/types.xml" <<'PY'
import sys
n = 150000
with open(sys.argv[1], "w") as f:
    f.write('<?xml version="1.0"?>\n<target><architecture>i386:x86-64</architecture>'
            '<feature name="org.example.many">\n')
    for i in range(n):
        f.write('<vector id="v%d" type="uint8" count="%d"/>\n' % (i, 4 + 4 * (i % 2)))
    for i in range(n):
        f.write('<reg name="r%d" bitsize="%d" type="v%d"/>\n' % (i, 32 + 32 * (i % 2), i))
    f.write('</feature></target>\n')
PY
with_timeout 60 "$R" import -o "$T/types.json" "$T/types.xml" >"$T/out" 2>"$T/err"; rc=$?
# every type kept, and register r149999 (64 bits) of its own v149999 (8 bytes)
if [ "$rc" = 0 ] && [ "$(grep -c '"kind": "vector"' "$T/types.json")" = 150000 ] &&
	grep -q '"id": "v149999", "kind": "vector", "type": "uint8", "count": 8}' "$T/types.json" &&
	grep -q '"name": "r149999", "bitsize": 64, "type": "v149999",' "$T/types.json"; then
	ok "150,000 registers of 150,000 types imported within 60 s"
else
	fail "150,000 types: exit $rc (124: over 60 s)"; tail -5 "$T/err" >&2
fi
# diff looks each register's type up too (what a debugger makes of it)
with_timeout 60 "$R" diff "$T/types.json" "$T/types.xml" >"$T/out" 2>"$T/err"; rc=$?
[ "$rc" = 0 ] && grep -q "^Same layout: 150000 registers, 900000-byte g packet" "$T/out" &&
	ok "diff of those 150,000 registers and types against the description: same, within 60 s" ||
	{ fail "diff of 150,000 types: exit $rc (124: over 60 s)"; head -5 "$T/out" "$T/err" >&2; }
finish
