#!/bin/sh
# tests/buildstep/test-parallel.sh: regdefgen as a step of a parallel build.
#
#  1. concurrent `generate` runs writing the same outputs (four at a time,
#     alternating two defs of one layout, so every run replaces every file):
#     PARALLEL_RUNS rounds (default 100), every run must exit 0, and the
#     outputs must then be the whole output of one of the two defs;
#  2. temporaries belong to the run that made them: a user's
#     target.xml.tmpbackup and a temporary named for a live process survive
#     a run, one named for a dead process is removed (negative control: the
#     run must have removed something);
#  3. a small stub project whose Makefile lists the three outputs as
#     targets of one rule (so `make -j4` runs regdefgen up to three times at
#     once on the same outputs) and compiles tests/stub/stub.c against the
#     header: PARALLEL_MAKES clean builds (default 30), none may fail.
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
command -v make >/dev/null 2>&1 || { echo "SKIP: no make"; exit 0; }
REGDEFGEN_ABS=$(cd "$(dirname "$REGDEFGEN")" && pwd)/$(basename "$REGDEFGEN")
RUNS=${PARALLEL_RUNS:-100}
MAKES=${PARALLEL_MAKES:-30}
make_tmpdir T

# two defs of layout x86_64 that differ in every output (the description)
for v in a b; do
	cp -R defs "$T/$v" || fail "cannot copy defs/"
	sed "s/\"description\": \"/\"description\": \"variant $v: /" defs/x86_64.json >"$T/$v/x86_64.json"
done
cmp -s "$T/a/x86_64.json" "$T/b/x86_64.json" && fail "the two variants are equal (sed found no description)"
"$REGDEFGEN" generate -o "$T/ref-a" "$T/a/x86_64.json" &&
	"$REGDEFGEN" generate -o "$T/ref-b" "$T/b/x86_64.json" || fail "reference runs failed"
OUTS="target.xml x86_64_regs.h x86_64_target_definition.py"
for f in $OUTS; do
	cmp -s "$T/ref-a/x86_64/$f" "$T/ref-b/x86_64/$f" && fail "$f: the variants make the same file"
done

# ---- 1. concurrent runs ----
failed=0 torn=0 i=0
while [ "$i" -lt "$RUNS" ]; do
	pids=
	for v in a b a b; do
		"$REGDEFGEN" generate -o "$T/out" "$T/$v/x86_64.json" 2>>"$T/errors" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p" || failed=$((failed + 1)); done
	for f in $OUTS; do
		cmp -s "$T/out/x86_64/$f" "$T/ref-a/x86_64/$f" ||
			cmp -s "$T/out/x86_64/$f" "$T/ref-b/x86_64/$f" || torn=$((torn + 1))
	done
	i=$((i + 1))
done
if [ "$failed" -eq 0 ]; then
	ok "$RUNS rounds of 4 concurrent generate runs on the same outputs: all exited 0"
else
	fail "$failed of $((RUNS * 4)) concurrent generate runs failed; first errors:"
	head -n 5 "$T/errors" >&2
fi
[ "$torn" -eq 0 ] && ok "every output whole after every round" || fail "$torn outputs were neither variant"
left=$(cd "$T/out/x86_64" && ls -A | grep -v -x -e target.xml -e x86_64_regs.h -e x86_64_target_definition.py)
[ -z "$left" ] && ok "no temporary left by the concurrent runs" || fail "left behind: $left"

# ---- 2. whose temporaries are removed ----
d=$T/out/x86_64
echo mine >"$d/target.xml.tmpbackup"
sleep 1000 & live=$!
_pids="$_pids $live"
( exit 0 ) & dead=$!
wait "$dead"
echo live >"$d/target.xml.$live.tmpAbCdEf"
echo dead >"$d/target.xml.$dead.tmpAbCdEf"
[ -e "$d/target.xml.$dead.tmpAbCdEf" ] || fail "could not plant the dead process's temporary"
"$REGDEFGEN" generate -o "$T/out" "$T/a/x86_64.json" || fail "run beside foreign files failed"
[ "$(cat "$d/target.xml.tmpbackup" 2>/dev/null)" = mine ] &&
	ok "a user's target.xml.tmpbackup is kept" || fail "target.xml.tmpbackup was removed or changed"
[ -e "$d/target.xml.$live.tmpAbCdEf" ] &&
	ok "a temporary of a live process is kept" || fail "the temporary of live PID $live was removed"
[ ! -e "$d/target.xml.$dead.tmpAbCdEf" ] &&
	ok "a temporary of a dead process is removed" || fail "the temporary of dead PID $dead was kept"
kill "$live" 2>/dev/null

# ---- 3. parallel make of a small stub project ----
P=$T/proj
mkdir -p "$P"
cp tests/stub/stub.c "$P/"
cp -R "$T/a/." "$P/"
cat >"$P/Makefile" <<MK
# three outputs as targets of one (ungrouped) rule: make -j runs it once
# per target, all at once
GEN := gen/x86_64
\$(GEN)/target.xml \$(GEN)/x86_64_regs.h \$(GEN)/x86_64_target_definition.py: x86_64.json
	$REGDEFGEN_ABS generate -o gen x86_64.json
stub: stub.c \$(GEN)/x86_64_regs.h \$(GEN)/target.xml \$(GEN)/x86_64_target_definition.py
	\$(CC) -std=c11 -Wall -Wextra -Werror -I\$(GEN) -DSTUB_LAYOUT_HEADER='"x86_64_regs.h"' \\
		-DSTUB_IDENT=x86_64 -DSTUB_IDENT_UC=X86_64 -o \$@ stub.c
MK
mfail=0 i=0
while [ "$i" -lt "$MAKES" ]; do
	rm -rf "$P/gen" "$P/stub"
	with_timeout 120 make -s -C "$P" -j4 stub >"$T/make.log" 2>&1 || {
		mfail=$((mfail + 1))
		[ "$mfail" -eq 1 ] && sed 's/^/    /' "$T/make.log" | tail -n 8 >&2
	}
	i=$((i + 1))
done
if [ "$mfail" -eq 0 ] && [ -x "$P/stub" ]; then
	ok "$MAKES clean 'make -j4' builds of a stub project (one rule, three outputs): none failed"
else
	fail "$mfail of $MAKES clean 'make -j4' builds failed"
fi
finish
