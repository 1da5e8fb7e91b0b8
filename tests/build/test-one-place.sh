#!/bin/sh
# tests/build/test-one-place.sh: the rules of tests/build/check-one-way.sh
# that keep LLDB's constants in one place (gen/model/known.c) and errors out
# of diag's hands can fail: a copy of the tree with an LLDB constant spelled
# in output/view.c and in a template, and an error count in diag.h, is
# refused with the exact messages; the same constant in model/known.c and
# in a comment is not.
. tests/lib/common.sh
make_tmpdir T
mkdir -p "$T/tree"
cp -r gen templates "$T/tree/"
printf '%s\n' '/* eFormatHex, in a comment */' 'static const char *k = "eFormatHex";' >>"$T/tree/gen/model/known.c"
out=$(sh tests/build/check-one-way.sh "$T/tree" 2>&1)
[ $? = 0 ] && ok "model/known.c may spell the constants; a comment elsewhere may name one" ||
	fail "known.c was refused: $out"
printf '%s\n' '/* eFormatHex, in a comment */' >>"$T/tree/gen/output/view.c"
n=$(wc -l <"$T/tree/gen/output/view.c")
printf '%s\n' 'static const char *hex_constant = "eFormatHex";' >>"$T/tree/gen/output/view.c"
m=$(wc -l <"$T/tree/templates/IDENT_target_definition.py.mustache")
printf '%s\n' '# "endian": eByteOrderLittle' >>"$T/tree/templates/IDENT_target_definition.py.mustache"
d=$(wc -l <"$T/tree/gen/model/diag.h")
printf '%s\n' 'int diag_error_count(void);' >>"$T/tree/gen/model/diag.h"
out=$(sh tests/build/check-one-way.sh "$T/tree" 2>&1)
[ $? = 1 ] && ok "a tree spelling LLDB constants outside known.c and counting in diag fails the check" ||
	fail "the check passed a violating copy"
want="gen/model/diag.h:$((d + 1)): diag counts errors (return them to the caller)
gen/output/view.c:$((n + 1)): spells an LLDB constant (they are in model/known.c)
templates/IDENT_target_definition.py.mustache:$((m + 1)): spells an LLDB constant (use the view's lldb_* keys)"
[ "$out" = "$want" ] && ok "exact messages" || fail "messages: got
$out
want
$want"
finish
