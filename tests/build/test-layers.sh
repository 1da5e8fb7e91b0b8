#!/bin/sh
# gen/'s layers hold (tests/build/check-layers.sh), and the check can fail:
# a copy of gen/ where a model file includes a command header is refused
# with the exact message.
. tests/lib/common.sh
out=$(sh tests/build/check-layers.sh 2>&1) && ok "gen/ keeps its layers" ||
	fail "layer violations in gen/: $out"

make_tmpdir T
cp -r gen "$T/gen"
printf '#include "cmd/builtin.h"\n' >>"$T/gen/model/check.c"
printf '#include "strbuf.h"\n' >>"$T/gen/base/hashtab.c"
out=$(sh tests/build/check-layers.sh "$T" 2>&1)
[ $? = 1 ] && ok "a violation fails the check" || fail "the check passed a violating copy"
want="gen/base/hashtab.c: #include \"strbuf.h\" names no layer (write \"LAYER/strbuf.h\")
gen/model/check.c: layer 'model' includes \"cmd/builtin.h\" of the higher layer 'cmd'"
[ "$out" = "$want" ] && ok "exact messages" || fail "messages: got
$out
want
$want"
finish
