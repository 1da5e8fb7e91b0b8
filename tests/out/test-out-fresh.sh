#!/bin/sh
# out/ holds exactly what the generator makes from defs/ (no stale, missing
# or extra file), and a make with nothing changed regenerates nothing.
. tests/lib/common.sh

make_tmpdir T
with_timeout 60 "$REGDEFGEN" generate -o "$T/out" defs/*.json || fail "generate failed"
if diff -r "$T/out" out >"$T/diff" 2>&1; then
	ok "out/ matches a fresh generation from defs/"
else
	fail "out/ differs from a fresh generation (run make and commit out/):"
	head -40 "$T/diff" >&2
fi

# Generating again into the same folder must not touch any file.
before=$(find "$T/out" -type f -exec stat -c '%n %i %Y.%y' {} + | sort)
with_timeout 60 "$REGDEFGEN" generate -o "$T/out" defs/*.json || fail "second generate failed"
after=$(find "$T/out" -type f -exec stat -c '%n %i %Y.%y' {} + | sort)
[ "$before" = "$after" ] && ok "unchanged outputs are not touched" ||
	fail "a second generate touched unchanged files"

# Byte-identical output across runs (determinism).
with_timeout 60 "$REGDEFGEN" generate -o "$T/again" defs/*.json
diff -r "$T/out" "$T/again" >/dev/null && ok "output is deterministic" ||
	fail "two runs gave different bytes"

# make: nothing to do once everything is built (only for the default build).
if [ -z "${SANITIZE:-}" ]; then
	if with_timeout 120 make -q all >/dev/null 2>&1; then
		ok "make with nothing changed has nothing to do"
	else
		fail "make -q reports work to do right after make"
	fi
fi
finish
