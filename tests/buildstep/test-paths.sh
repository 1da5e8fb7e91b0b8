#!/bin/sh
# tests/buildstep/test-paths.sh: what regdefgen reads and writes as a
# build step, when the paths it is given are hostile.
#
#  1. an output (a depfile, an import target) that is an input of the same
#     run, by the same or another spelling, or another output: exit 1, the
#     input byte-equal, nothing replaced;
#  2. a FIFO (and a device) where a def, an include, a template, an unused
#     partial, an output or import's input is expected: refused with "not
#     a regular file", exit 1 within the time limit (never blocks), nothing
#     replaced;
#  3. all checks before the first rename: one output path a folder, or a
#     depfile that cannot be made: exit 1 and every other output unchanged;
#  4. outputs follow the umask (077 makes them 0600).
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
make_tmpdir T
OUTS="target.xml x86_64_regs.h x86_64_target_definition.py"
for v in a b; do
	cp -R defs "$T/$v" || fail "cannot copy defs/"
	sed "s/\"description\": \"/\"description\": \"variant $v: /" defs/x86_64.json >"$T/$v/x86_64.json"
done

# fresh: $T/out holds variant a's outputs, and a copy of them in $T/before
fresh() {
	rm -rf "$T/out" "$T/before"
	"$REGDEFGEN" generate -o "$T/out" "$T/a/x86_64.json" || fail "generating variant a failed"
	cp -R "$T/out" "$T/before"
}
# unchanged WHAT: every output still variant a's
unchanged() {
	for f in $OUTS; do
		cmp -s "$T/out/x86_64/$f" "$T/before/x86_64/$f" ||
			{ fail "$1: $f was replaced"; return 1; }
	done
}
# refused WHAT MESSAGE CMD...: exit 1 within 20 s, MESSAGE in stderr
refused() {
	_what=$1 _msg=$2; shift 2
	with_timeout 20 "$@" >"$T/stdout" 2>"$T/stderr"
	_rc=$?
	if [ "$_rc" = 124 ] || [ "$_rc" = 137 ]; then
		fail "$_what: blocked (killed after 20 s)"; return 1
	fi
	[ "$_rc" = 1 ] || { fail "$_what: exit $_rc, expected 1"; sed 's/^/    /' "$T/stderr" >&2; return 1; }
	grep -qF -- "$_msg" "$T/stderr" ||
		{ fail "$_what: stderr lacks '$_msg':"; sed 's/^/    /' "$T/stderr" >&2; return 1; }
	return 0
}

# ---- 1. outputs that are inputs ----
fresh
cp "$T/b/x86_64.json" "$T/def-copy"
refused "depfile is the def" "an input of this run" \
	"$REGDEFGEN" generate -o "$T/out" --depfile "$T/b/x86_64.json" "$T/b/x86_64.json" &&
	cmp -s "$T/def-copy" "$T/b/x86_64.json" && unchanged "depfile is the def" &&
	ok "--depfile naming the def: refused, def and outputs unchanged"
refused "depfile is a part" "an input of this run" \
	"$REGDEFGEN" generate -o "$T/out" --depfile "$T/b/../b/x86/amd64-gpr.json" "$T/b/x86_64.json" &&
	cmp -s defs/x86/amd64-gpr.json "$T/b/x86/amd64-gpr.json" && unchanged "depfile is a part" &&
	ok "--depfile naming an included part by another spelling: refused, nothing replaced"
refused "depfile is a template" "an input of this run" \
	"$REGDEFGEN" generate -o "$T/out" --templates templates --depfile templates/target.xml.mustache "$T/b/x86_64.json" &&
	unchanged "depfile is a template" && ok "--depfile naming a template: refused"
git diff --quiet -- templates || fail "templates/ changed"
refused "depfile is an output" "which this run writes" \
	"$REGDEFGEN" generate -o "$T/out" --depfile "$T/out/./x86_64/target.xml" "$T/b/x86_64.json" &&
	unchanged "depfile is an output" && ok "--depfile naming an output (another spelling): refused, nothing replaced"
cp tests/tools/data/import/jump.xml "$T/t.xml"
refused "import onto its input" "an input of this run" \
	"$REGDEFGEN" import -o "$T/t.xml" "$T/t.xml" &&
	cmp -s tests/tools/data/import/jump.xml "$T/t.xml" && ok "import -o IN IN: refused, input unchanged"
cp -R tests/tools/data/import/include "$T/inc"
cp "$T/inc/parts/a.xml" "$T/a-copy.xml"
refused "import onto a file its input includes" "an input of this run" \
	"$REGDEFGEN" import -o "$T/inc/parts/a.xml" "$T/inc/target.xml" &&
	cmp -s "$T/a-copy.xml" "$T/inc/parts/a.xml" && ok "import -o PART (a file the input includes): refused, part unchanged"
# negative control: the same runs with distinct paths succeed
"$REGDEFGEN" generate -o "$T/out" --depfile "$T/ok.d" "$T/b/x86_64.json" &&
	cmp -s "$T/out/x86_64/target.xml" "$T/before/x86_64/target.xml" &&
	fail "control: variant b did not change target.xml"
"$REGDEFGEN" import -o "$T/t2.json" "$T/t.xml" >/dev/null 2>&1 || fail "control: import to a new file failed"

# ---- 2. FIFOs and devices are never opened for reading ----
fresh
mkfifo "$T/fifo.json" "$T/fifo.xml"
refused "FIFO def" "not a regular file" "$REGDEFGEN" generate -o "$T/out" "$T/fifo.json" &&
	ok "FIFO as the def: refused"
refused "FIFO def (check)" "not a regular file" "$REGDEFGEN" check "$T/fifo.json" &&
	ok "FIFO as the def (check): refused"
refused "device def" "not a regular file" "$REGDEFGEN" check /dev/zero && ok "/dev/zero as the def: refused"
cp -R "$T/b" "$T/c"
rm "$T/c/x86/amd64-gpr.json" && mkfifo "$T/c/x86/amd64-gpr.json"
refused "FIFO include" "not a regular file" "$REGDEFGEN" generate -o "$T/out" "$T/c/x86_64.json" &&
	unchanged "FIFO include" && ok "FIFO as an include: refused"
cp -R templates "$T/tpl-fifo" && rm "$T/tpl-fifo/target.xml.mustache" && mkfifo "$T/tpl-fifo/target.xml.mustache"
refused "FIFO template" "not a regular file" \
	"$REGDEFGEN" generate -o "$T/out" --templates "$T/tpl-fifo" "$T/b/x86_64.json" &&
	unchanged "FIFO template" && ok "FIFO as a template: refused"
cp -R templates "$T/tpl-partial" && mkfifo "$T/tpl-partial/_unused.mustache"
refused "FIFO partial" "not a regular file" \
	"$REGDEFGEN" generate -o "$T/out" --templates "$T/tpl-partial" "$T/b/x86_64.json" &&
	unchanged "FIFO partial" && ok "FIFO as an unused partial: refused"
rm "$T/out/x86_64/x86_64_regs.h" && mkfifo "$T/out/x86_64/x86_64_regs.h"
refused "FIFO output" "not a regular file" "$REGDEFGEN" generate -o "$T/out" "$T/b/x86_64.json" &&
	[ -p "$T/out/x86_64/x86_64_regs.h" ] &&
	cmp -s "$T/out/x86_64/target.xml" "$T/before/x86_64/target.xml" &&
	ok "FIFO at an output path: refused, left as it was, other outputs unchanged"
refused "FIFO import input" "not a regular file" "$REGDEFGEN" import "$T/fifo.xml" &&
	ok "FIFO as import's input: refused"

# ---- 3. every check before the first rename ----
fresh
rm "$T/out/x86_64/target.xml" && mkdir "$T/out/x86_64/target.xml"
cp "$T/before/x86_64/target.xml" "$T/before-xml"
refused "output is a folder" "a folder is in the way" "$REGDEFGEN" generate -o "$T/out" "$T/b/x86_64.json" &&
	cmp -s "$T/out/x86_64/x86_64_regs.h" "$T/before/x86_64/x86_64_regs.h" &&
	cmp -s "$T/out/x86_64/x86_64_target_definition.py" "$T/before/x86_64/x86_64_target_definition.py" &&
	ok "one output path a folder: nothing replaced"
fresh
: >"$T/a-file"
refused "depfile cannot be made" "x.d: error: cannot create a temporary file" \
	"$REGDEFGEN" generate -o "$T/out" --depfile "$T/a-file/x.d" "$T/b/x86_64.json" &&
	unchanged "depfile cannot be made" && ok "a depfile that cannot be made: nothing replaced"
left=$(find "$T/out" -name '*.tmp*')
[ -z "$left" ] || fail "temporaries left: $left"

# ---- 4. the umask ----
rm -rf "$T/out"
(umask 077 && "$REGDEFGEN" generate -o "$T/out" "$T/a/x86_64.json") || fail "umask 077 run failed"
modes=$(stat -c '%a' "$T/out/x86_64/target.xml" "$T/out/x86_64/x86_64_regs.h" | sort -u)
[ "$modes" = 600 ] && ok "umask 077: outputs are 0600" || fail "umask 077: outputs have mode(s) $modes"
rm -rf "$T/out"
(umask 022 && "$REGDEFGEN" generate -o "$T/out" "$T/a/x86_64.json") || fail "umask 022 run failed"
modes=$(stat -c '%a' "$T/out/x86_64/target.xml" | sort -u)
[ "$modes" = 644 ] && ok "umask 022: outputs are 0644" || fail "umask 022: outputs have mode(s) $modes"
finish
