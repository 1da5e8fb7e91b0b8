#!/bin/sh
# tests/buildstep/test-depfile.sh: depfiles GNU make reads as meant.
#
#  1. defs, parts and outputs in folders whose names hold ' ', '#', '$',
#     '%', ':' or a backslash: a Makefile that uses the depfile as its stamp
#     runs regdefgen once, then does nothing (make -q), and runs it again
#     after a part is touched (negative control: the part is in the
#     depfile);
#  2. names make cannot read back (newline, tab, '='): refused with an
#     error naming the path, exit 1, nothing written;
#  3. the README's make snippet, as printed there: the first make builds,
#     a second make does nothing (regdefgen does not rerun every time).
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
command -v make >/dev/null 2>&1 || { echo "SKIP: no make"; exit 0; }
REGDEFGEN_ABS=$(cd "$(dirname "$REGDEFGEN")" && pwd)/$(basename "$REGDEFGEN")
make_tmpdir T

# ---- 1. special characters make can read ----
i=0
for c in ' ' '#' '$' '%' ':' '\'; do
	i=$((i + 1))
	W=$T/case$i
	mkdir -p "$W"
	cp -R defs "$W/d${c}ef"
	cat >"$W/Makefile" <<MK
all: dep.d
dep.d:
	$REGDEFGEN_ABS generate -o "\$\$OUTD" --depfile dep.d "\$\$DEFD/x86_64.json"
-include dep.d
MK
	export OUTD="o${c}ut" DEFD="d${c}ef"
	what="'$c' in folder names"
	with_timeout 60 make -s -C "$W" >"$T/log" 2>&1 || { fail "$what: first make failed: $(cat "$T/log")"; continue; }
	[ -f "$W/o${c}ut/x86_64/x86_64_regs.h" ] || { fail "$what: no header made"; continue; }
	with_timeout 60 make -C "$W" >"$T/log" 2>&1
	if grep -q generate "$T/log"; then
		fail "$what: make reruns regdefgen with nothing changed"; cat "$W/dep.d" >&2
	else
		ok "$what: a second make has nothing to do"
	fi
	sleep 1
	touch "$W/d${c}ef/x86/amd64-gpr.json"
	with_timeout 60 make -C "$W" >"$T/log" 2>&1
	if grep -q generate "$T/log"; then
		ok "$what: touching a part reruns regdefgen"
	else
		fail "$what: touching a part does not rerun regdefgen"; cat "$W/dep.d" >&2
	fi
	# the outputs are targets of the depfile, by their real names
	with_timeout 60 make -p -q -C "$W" 2>/dev/null | grep -qxF "o${c}ut/x86_64/target.xml: dep.d" 2>/dev/null ||
		with_timeout 60 make -p -q -C "$W" 2>/dev/null | grep -qF "o${c}ut/x86_64/target.xml:" ||
		fail "$what: make does not see o${c}ut/x86_64/target.xml as a target"
	unset OUTD DEFD
done

# ---- 2. names make cannot read ----
nl='
'
tab=$(printf '\t')
for c in "$nl" "$tab" '='; do
	W=$T/bad
	rm -rf "$W"; mkdir -p "$W"
	cp -R defs "$W/d${c}ef"
	(cd "$W" && "$REGDEFGEN_ABS" generate -o out --depfile dep.d "d${c}ef/x86_64.json") >/dev/null 2>"$T/err"
	rc=$?
	what=byte-0x$(printf '%s' "$c" | od -An -tx1 | tr -d ' \n')
	if [ "$rc" = 1 ] && grep -q "^dep.d: error: cannot name 'd" "$T/err" &&
	   [ ! -e "$W/out" ] && [ ! -e "$W/dep.d" ]; then
		ok "'$what' in a path: refused, nothing written"
	else
		fail "'$what' in a path: exit $rc, $(cat "$T/err"); written: $(ls "$W")"
	fi
done

# ---- 3. the README's snippet ----
R=$T/readme
mkdir -p "$R"
cp -R defs "$R/defs"
awk '/^### Writing a stub with the header/ { s = 1 } s && /^```make/ { m = 1; next } m && /^```/ { exit } m' \
	README.md | sed "s|regdefgen generate|$REGDEFGEN_ABS generate|" >"$R/Makefile"
grep -q 'generate' "$R/Makefile" || fail "no make snippet found in README.md"
printf '#include "x86_64/x86_64_regs.h"\nint stub_regs = X86_64_G_PACKET_SIZE;\n' >"$R/stub.c"
with_timeout 60 make -C "$R" stub.o >"$T/log" 2>&1 || fail "README snippet: make failed: $(cat "$T/log")"
[ -f "$R/stub.o" ] || fail "README snippet: no stub.o"
with_timeout 60 make -C "$R" stub.o >"$T/log2" 2>&1
if grep -q 'generate' "$T/log2" || ! grep -q 'up to date\|Nothing to be done' "$T/log2"; then
	fail "README snippet: the second make did work: $(cat "$T/log2")"
else
	ok "README snippet: a second make does nothing ($(head -n 1 "$T/log2"))"
fi
finish
