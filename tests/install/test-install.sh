#!/bin/sh
# make install PREFIX=... puts the tool, its templates, the shipped defs and
# the man page in place, and the installed tool finds its own templates.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (install uses the default build)"; finish; }

make_tmpdir T
with_timeout 120 make -s install PREFIX="$T/prefix" >/dev/null || fail "make install failed"
for f in bin/regdefgen share/man/man1/regdefgen.1 share/regdefgen/templates/target.xml.mustache \
	share/regdefgen/defs/x86_64-qemu.json share/regdefgen/defs/x86/amd64-gpr.json; do
	[ -f "$T/prefix/$f" ] && ok "installed $f" || fail "missing $f after make install"
done
cd "$T" || exit 1
with_timeout 30 prefix/bin/regdefgen generate -o gen prefix/share/regdefgen/defs/x86_64-qemu.json ||
	fail "the installed regdefgen could not generate"
cmp -s gen/x86_64-qemu/target.xml "$ROOT/out/x86_64-qemu/target.xml" 2>/dev/null ||
	grep -q '<reg name="mxcsr" bitsize="32" regnum="65"' gen/x86_64-qemu/target.xml ||
	fail "the installed tool generated a different target.xml"
[ -f gen/x86_64-qemu/x86_64_qemu_regs.h ] && ok "installed tool generates" || fail "no header generated"
man -l prefix/share/man/man1/regdefgen.1 2>/dev/null | grep -q "regdefgen generate" ||
	grep -q '^\.B regdefgen generate' prefix/share/man/man1/regdefgen.1 || fail "man page unreadable"
finish
