#!/bin/sh
# tests/e2e/test-stub-lldb-hostile.sh: a def's free text cannot inject
# keys into the stub header's qRegisterInfo replies.
#
# The x86_64 def with its general-purpose set renamed
# "General Purpose Registers;name:pwned;generic:sp$#}*" is generated, the
# reference stub (tests/stub/stub.c) is built from that header and serves
# LLDB 16 with --qregisterinfo (no target.xml, no definition file).  LLDB
# must show the real register names (rax, rip, ...; no "pwned"), the
# generic "sp" must be rsp (not rax), rax must read the stub's value, and
# the set name must arrive whole, its special bytes as %XX.
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/e2e/stublib.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
command -v lldb-16 >/dev/null 2>&1 || { echo "SKIP: lldb-16 is not installed"; exit 0; }
command -v cc >/dev/null 2>&1 || { echo "SKIP: no C compiler"; exit 0; }
make_tmpdir T
HOSTILE='General Purpose Registers;name:pwned;generic:sp$#}*'

cp -R defs "$T/defs"
python3 - "$T/defs" "$HOSTILE" <<'PY' || fail "cannot rename the set"
import json, os, sys
top, hostile = sys.argv[1], sys.argv[2]
done = 0
for dirpath, _d, files in os.walk(top):
    for f in files:
        p = os.path.join(dirpath, f)
        s = open(p).read()
        if '"General Purpose Registers"' in s:
            open(p, "w").write(s.replace('"General Purpose Registers"', json.dumps(hostile)))
            done += 1
sys.exit(0 if done else 1)
PY
"$REGDEFGEN" check --strict "$T/defs/x86_64.json" >/dev/null 2>&1 || true
"$REGDEFGEN" generate -o "$T/gen" "$T/defs/x86_64.json" || { fail "generate refused the def"; finish; }
grep -q 'pwned' "$T/gen/x86_64/x86_64_regs.h" || fail "negative control: the hostile set name is not in the header at all"
grep -q 'set:General Purpose Registers;name:pwned' "$T/gen/x86_64/x86_64_regs.h" &&
	fail "the header's qRegisterInfo replies carry the set name raw"

STUB_DIR=$T/stub
mkdir -p "$STUB_DIR"
cc -std=c11 -Wall -Wextra -Wpedantic -Werror -I"$T/gen/x86_64" \
	-DSTUB_LAYOUT_HEADER='"x86_64_regs.h"' -DSTUB_IDENT=x86_64 -DSTUB_IDENT_UC=X86_64 \
	-o "$STUB_DIR/stub-x86_64" tests/stub/stub.c || { fail "the stub does not build"; finish; }
start_stub pid port x86_64 "$T/stub.log" --qregisterinfo || finish
with_timeout 60 lldb-16 -x -b -o "gdb-remote 127.0.0.1:$port" -o 'register read rax' \
	-o 'register read sp' -o 'register read pc' -o 'register read --all' >"$T/lldb.out" 2>&1
kill "$pid" 2>/dev/null
grep -E '^ *(rax|rsp|rip) = ' "$T/lldb.out" | head -n 3 | sed 's/^/  lldb: /'
grep -q '^ *rax = 0x' "$T/lldb.out" && ok "LLDB reads rax by its name" || fail "LLDB has no register rax"
grep -qE '^ *pwned = ' "$T/lldb.out" && fail "LLDB names registers 'pwned'" || ok "no register is named 'pwned'"
# "register read sp" shows the register with the generic role sp
sp_line=$(sed -n '/register read sp/,/register read pc/p' "$T/lldb.out" | grep -E '^ *[a-z0-9]+ = ' | head -n 1)
case $sp_line in
*rsp\ =*) ok "generic sp is rsp ($sp_line)" ;;
*) fail "generic sp is not rsp: '$sp_line'" ;;
esac
grep -qF 'General Purpose Registers%3Bname%3Apwned%3Bgeneric%3Asp%24%23%7D%2A' "$T/lldb.out" &&
	ok "the set name arrives whole, its special bytes as %XX" ||
	fail "the set name did not arrive encoded: $(grep -i 'general' "$T/lldb.out" | head -n 2)"
n=$(grep -cE '^ *[a-z][a-z0-9_]* = ' "$T/lldb.out")
[ "$n" -ge 70 ] && ok "register read --all lists $n values" || { fail "only $n register values"; sed 's/^/    /' "$T/lldb.out" | head -n 30 >&2; }
finish
