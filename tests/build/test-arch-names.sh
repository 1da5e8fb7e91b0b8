#!/bin/sh
# tests/build/test-arch-names.sh: no C outside gen/arch/ names an x86
# register or the x86 architecture (tests/build/check-arch-names.sh); and
# the check can fail: a copy of gen/ with a register name in a string and
# an x86 identifier is refused with the exact messages, while the same name
# in a comment is not.
. tests/lib/common.sh
data=${BUILD:-build}/gen/arch-data.c
[ -f "$data" ] || { fail "no $data: the build did not generate the architecture tables"; finish; }
command -v gcc >/dev/null 2>&1 || { echo "SKIP: no gcc to strip comments"; exit 77; }

out=$(sh tests/build/check-arch-names.sh . "$data" 2>&1) && ok "no x86 fact in C outside gen/arch/" ||
	fail "x86 facts outside gen/arch/: $out"
out=$(sh tests/build/check-arch-names.sh . "$data" riscv 2>&1) && ok "no RISC-V fact in C outside gen/arch/" ||
	fail "RISC-V facts outside gen/arch/: $out"

make_tmpdir T
cp -r gen "$T/gen"
n=$(wc -l <"$T/gen/import/import.c")
printf '/* rax, x86 and i386 in a comment explain, they are fine */\n' >>"$T/gen/import/import.c"
out=$(sh tests/build/check-arch-names.sh "$T" "$PWD/$data" 2>&1)
[ $? = 0 ] && ok "names in comments pass" || fail "a comment was refused: $out"
printf 'static const char *n = "name:RAX;bitsize:64";\nenum { X86_64 };\n' >>"$T/gen/import/import.c"
printf 'static const char *m = "stmm0";\n' >>"$T/gen/compare/layout-diff.c"
m=$(wc -l <"$T/gen/compare/layout-diff.c")
out=$(sh tests/build/check-arch-names.sh "$T" "$PWD/$data" 2>&1)
[ $? = 1 ] && ok "a register name in code fails the check" || fail "the check passed a violating copy"
tail="(ask gen/arch/arch.h; the facts belong in defs/)"
want="gen/compare/layout-diff.c:$m: 'stmm0': an architecture fact outside gen/arch/ $tail
gen/import/import.c:$((n + 2)): 'rax': an architecture fact outside gen/arch/ $tail
gen/import/import.c:$((n + 3)): 'x86': an architecture fact outside gen/arch/ $tail"
[ "$out" = "$want" ] && ok "exact messages, at the right lines" || fail "messages: got
$out
want
$want"
# gen/arch/ itself may name them
printf 'static const char *k = "rax";\n' >>"$T/gen/arch/arch.c"
out=$(sh tests/build/check-arch-names.sh "$T" "$PWD/$data" 2>&1)
[ "$out" = "$want" ] && ok "gen/arch/ is exempt" || fail "gen/arch/ was checked: $out"
finish
