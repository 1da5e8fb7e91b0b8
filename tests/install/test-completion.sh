#!/bin/sh
# The bash completion make install puts in share/bash-completion/completions
# completes commands, options, --format values, folders and files after
# options, and shipped layout names and def files where a def goes: driven
# through COMP_WORDS/COMP_CWORD and _regdefgen as bash's complete does.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (install uses the default build)"; finish; }
command -v bash >/dev/null || { echo "SKIP: bash is not installed"; exit 77; }

make_tmpdir T
with_timeout 120 make -s install PREFIX="$T/prefix" >/dev/null || { fail "make install failed"; finish; }
C=$T/prefix/share/bash-completion/completions/regdefgen
[ -f "$C" ] && ok "installed share/bash-completion/completions/regdefgen" || { fail "no $C"; finish; }
mkdir -p "$T/work/sub" && cd "$T/work" && touch my.json notes.txt t.xml l.py || exit 1

# complete WORD...: the candidates for the last word, sorted, on one line
cat >"$T/drive.bash" <<'SH'
set -u
. "$1"; shift
[ "$(complete -p regdefgen)" = "complete -F _regdefgen regdefgen" ] || { echo "not registered"; exit 1; }
COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
_regdefgen
printf '%s\n' "${COMPREPLY[@]}" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'
SH
layouts=$(cd "$ROOT/defs" && ls *.json | sed 's/\.json$//' | LC_ALL=C sort | tr '\n' ' ')
check() { # WANT WORD...
	want=$1; shift
	got=$(PATH="$T/prefix/bin:$PATH" with_timeout 30 bash "$T/drive.bash" "$C" "$@" 2>&1)
	[ "$got" = "$want" ] && ok "complete '$*': $want" || fail "complete '$*': got '$got', want '$want'"
}
check "--help --version check diff generate import list probe" regdefgen ""
check "generate" regdefgen gen
check "--depfile --help --templates" regdefgen generate --
check "-o" regdefgen generate -o
check "sub" regdefgen generate -o ""
check "l.py my.json notes.txt sub t.xml" regdefgen generate --depfile ""
check "$(echo $layouts | tr ' ' '\n' | grep '^x86' | tr '\n' ' ' | sed 's/ $//')" regdefgen generate x86
check "$(echo $layouts my.json sub | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" regdefgen check ""
check "my.json" regdefgen check m
check "json text" regdefgen list --format ""
check "--format --help" regdefgen list --
check "sub t.xml" regdefgen import ""
check "l.py my.json sub t.xml" regdefgen diff ""
check "--check --def --format --help --save-xml --timeout" regdefgen probe --
check "" regdefgen probe --timeout ""
# negative control: with no regdefgen to ask, no layout names appear
got=$(PATH=/usr/bin:/bin bash "$T/drive.bash" "$C" regdefgen generate x86 2>&1)
[ -z "$got" ] && ok "without the tool in PATH, no layout names" || fail "layout names without the tool: '$got'"
finish
