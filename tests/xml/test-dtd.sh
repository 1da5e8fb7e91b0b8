#!/bin/sh
# tests/xml/test-dtd.sh: every generated out/*/target.xml is valid against
# GDB's DTD (vendored, unchanged, in tests/data/dtd/):
#   1. as generated: `xmllint --noout --valid`, its DOCTYPE ("gdb-target.dtd"
#      plus an internal subset declaring LLDB's extra <reg> attributes)
#      resolved to the vendored DTD, copied next to the file in a temp dir;
#   2. as plain GDB sees it: with the internal subset (the whole DOCTYPE) and
#      LLDB's attributes (altname, generic, dwarf_regnum, ehframe_regnum)
#      stripped, `xmllint --noout --dtdvalid tests/data/dtd/gdb-target.dtd`.
# Both must exit 0 and print nothing.  xmllint runs with --nonet.
#
# Run from the repository root: sh tests/xml/test-dtd.sh
# REGDEFGEN_TEST_OUT=DIR checks DIR/*/target.xml instead of out/*/target.xml
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
DTD_DIR=$ROOT/tests/data/dtd
XMLLINT=${XMLLINT:-xmllint}

if ! command -v "$XMLLINT" >/dev/null 2>&1; then
	fail "$XMLLINT not found (Debian package libxml2-utils)"
	finish
fi
make_tmpdir TMP

# The vendored DTDs are the unchanged upstream bytes (md5 in PROVENANCE.md).
if with_timeout 30 python3 - "$DTD_DIR" >"$TMP/md5.txt" 2>&1 <<'EOF'
import hashlib, re, sys
d = sys.argv[1]
prov = open(d + "/PROVENANCE.md", encoding="utf-8").read()
bad = 0
for name in ("gdb-target.dtd", "xinclude.dtd"):
    m = re.search(re.escape(name) + r" ([0-9a-f]{32})", prov)
    got = hashlib.md5(open(d + "/" + name, "rb").read()).hexdigest()
    if not m or m.group(1) != got:
        print("%s: md5 %s, PROVENANCE.md says %s" % (name, got, m and m.group(1)))
        bad = 1
sys.exit(bad)
EOF
then
	ok "vendored DTDs match the md5 sums in PROVENANCE.md"
else
	while IFS= read -r line; do fail "$line"; done <"$TMP/md5.txt"
fi

# xmllint NAME LOG ARGS...: run it, demand exit 0 and no output
xmllint_clean() {
	_name=$1 _log=$2; shift 2
	with_timeout 60 "$XMLLINT" --noout --nonet "$@" >"$_log" 2>&1
	_rc=$?
	if [ "$_rc" -ne 0 ] || [ -s "$_log" ]; then
		fail "$_name: xmllint $* exited with $_rc:"
		head -n 20 "$_log" | sed 's/^/    /' >&2
		return 1
	fi
	return 0
}

found=0
for xml in "$OUT_DIR"/*/target.xml; do
	[ -f "$xml" ] || continue
	found=$((found + 1))
	layout=$(basename "$(dirname "$xml")")
	work=$TMP/$layout
	mkdir -p "$work"
	cp "$xml" "$work/target.xml"
	cp "$DTD_DIR/gdb-target.dtd" "$DTD_DIR/xinclude.dtd" "$work/"

	if grep -q '<!DOCTYPE target SYSTEM "gdb-target.dtd"' "$xml"; then
		xmllint_clean "$layout (as generated)" "$work/valid.log" --valid "$work/target.xml" &&
			ok "$layout: target.xml valid with its DOCTYPE (vendored DTD + internal subset)"
	else
		fail "$layout: target.xml has no <!DOCTYPE target SYSTEM \"gdb-target.dtd\" ...>"
	fi

	if ! with_timeout 30 python3 - "$xml" "$work/plain.xml" >"$work/strip.log" 2>&1 <<'EOF'
import re, sys
src, dst = sys.argv[1:]
text = open(src, encoding="utf-8").read()
# the DOCTYPE with its internal subset: <!DOCTYPE target SYSTEM "..." [ ... ]>
text, n = re.subn(r'<!DOCTYPE\s[^\[>]*(\[.*?\]\s*)?>\n?', "", text, count=1, flags=re.S)
if n != 1:
    sys.exit("no DOCTYPE found")
lldb_attr = re.compile(r'\s(altname|generic|dwarf_regnum|ehframe_regnum)="[^"]*"')
text = re.sub(r"<reg\s[^>]*>", lambda m: lldb_attr.sub("", m.group(0)), text)
if re.search(r"<!DOCTYPE|\s(altname|generic|dwarf_regnum|ehframe_regnum)=", text):
    sys.exit("stripping left a DOCTYPE or an LLDB attribute")
open(dst, "w", encoding="utf-8").write(text)
EOF
	then
		fail "$layout: cannot strip the LLDB extensions: $(cat "$work/strip.log")"
		continue
	fi
	xmllint_clean "$layout (stripped)" "$work/plain.log" --dtdvalid "$DTD_DIR/gdb-target.dtd" "$work/plain.xml" &&
		ok "$layout: target.xml without LLDB's attributes valid against gdb-target.dtd"
done
for layout in $LAYOUTS; do
	[ -f "$OUT_DIR/$layout/target.xml" ] || fail "no $OUT_DIR/$layout/target.xml"
done
finish
