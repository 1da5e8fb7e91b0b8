#!/bin/sh
# The generator and its unit tests build with clang too, warnings as errors
# (the default build uses cc, gcc on Debian), and the clang-built tool makes
# the same bytes as out/.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (the default build covers it)"; finish; }
command -v clang >/dev/null 2>&1 || { fail "clang is not installed"; finish; }

make_tmpdir T
if with_timeout 600 make -s CC=clang BUILD="$T/build" "$T/build/regdefgen" unit >"$T/log" 2>&1; then
	ok "clang build with -Werror"
else
	fail "clang build failed:"; tail -30 "$T/log" >&2; finish
fi
with_timeout 60 "$T/build/regdefgen" generate --templates templates -o "$T/out" defs/*.json || fail "clang-built generate failed"
diff -r "$T/out" out >/dev/null && ok "clang-built regdefgen makes out/ byte for byte" ||
	fail "clang-built regdefgen makes different output"
finish
