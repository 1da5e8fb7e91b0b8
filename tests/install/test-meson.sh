#!/bin/sh
# regdefgen.pc and the Meson example (dist/meson-example) after make install
# PREFIX=...: pkg-config names the installed tool, defs and templates; the
# example builds out of tree, its programs print what the generated headers
# say, and exactly the right steps rerun when a part, a def or a template
# changes (depfile:), none when nothing did.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (install uses the default build)"; finish; }
for t in meson ninja pkg-config; do
	command -v $t >/dev/null || { echo "SKIP: $t is not installed (make check installs it)"; exit 77; }
done

make_tmpdir T
with_timeout 120 make -s install PREFIX="$T/prefix" >/dev/null || { fail "make install failed"; finish; }
P="$T/prefix"
export PKG_CONFIG_PATH="$P/share/pkgconfig"

# pkg-config: every variable names what is really there
v() { pkg-config --variable="$1" regdefgen; }
[ "$(pkg-config --modversion regdefgen)" = "$(sed -n 's/^#define REGDEFGEN_VERSION "\(.*\)"/\1/p' gen/base/version.h)" ] &&
	[ "$(v regdefgen)" = "$P/bin/regdefgen" ] && [ -x "$(v regdefgen)" ] &&
	[ "$(v defsdir)" = "$P/share/regdefgen/defs" ] && [ -f "$(v defsdir)/x86_64.json" ] &&
	[ "$(v templatesdir)" = "$P/share/regdefgen/templates" ] && [ -f "$(v templatesdir)/target.xml.mustache" ] &&
	ok "regdefgen.pc: version, regdefgen, defsdir, templatesdir" ||
	fail "regdefgen.pc: $(pkg-config --modversion regdefgen) $(v regdefgen) $(v defsdir) $(v templatesdir)"

cp -r dist/meson-example "$T/proj" || exit 1
B="$T/build"
with_timeout 120 meson setup "$T/proj" "$B" >"$T/cfg.txt" 2>&1 || { fail "meson setup: $(tail -5 "$T/cfg.txt")"; finish; }

steps() {
	sed -n -e 's/.*Generating \([^/]*\)\/[^ ]*-regs with a custom command.*/gen:\1/p' \
		-e 's/.*Compiling C object [^/]*\/\([^ /]*\)\.p\/.*/cc:\1/p' \
		-e 's/.*Linking target [^/]*\/\([^ ]*\)$/ld:\1/p' "$1" | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}
expect() {
	with_timeout 300 ninja -C "$B" >"$T/out.txt" 2>&1 || { fail "$1: build failed: $(tail -5 "$T/out.txt")"; return; }
	got=$(steps "$T/out.txt")
	[ "$got" = "$2" ] && ok "$1: ran '${got:-nothing}'" || fail "$1: ran '$got', want '$2'"
}

expect "first build" "cc:show-i386 cc:show-x86_64 gen:i386 gen:x86_64 ld:show-i386 ld:show-x86_64"
[ "$("$B/x86_64/show-x86_64")" = "x86_64: 57 registers, 536-byte g packet" ] &&
	[ "$("$B/i386/show-i386")" = "i386: 41 registers, 308-byte g packet" ] &&
	ok "the example's programs print the generated headers' figures" ||
	fail "show: $("$B/x86_64/show-x86_64") / $("$B/i386/show-i386")"
cmp -s "$B/x86_64/x86_64_regs.h" out/x86_64/x86_64_regs.h || fail "generated x86_64_regs.h differs from out/"
expect "nothing changed" ""
sleep 1 # coarse time stamps: a touch must be newer than the last build
touch "$P/share/regdefgen/defs/x86/amd64-sse.json"
expect "x86_64-only part touched (header unchanged: restat)" "gen:x86_64"
expect "nothing changed after it" ""
sleep 1
sed -i 's/"description": "/"description": "Edited: /' "$P/share/regdefgen/defs/i386.json"
expect "i386 def edited" "cc:show-i386 gen:i386 ld:show-i386"
sleep 1
printf '/* edited template */\n' >>"$P/share/regdefgen/templates/IDENT_regs.h.mustache"
expect "header template edited" "cc:show-i386 cc:show-x86_64 gen:i386 gen:x86_64 ld:show-i386 ld:show-x86_64"
tail -1 "$B/x86_64/x86_64_regs.h" | grep -qx '/\* edited template \*/' || fail "the edited template is not in the header"
expect "nothing changed at the end" ""

# negative control: without regdefgen.pc the example does not configure
PKG_CONFIG_PATH=/nonexistent with_timeout 120 meson setup "$T/proj" "$T/build-bad" >"$T/cfg.txt" 2>&1 &&
	fail "configured without regdefgen.pc" ||
	{ grep -q "regdefgen" "$T/cfg.txt" && ok "without regdefgen.pc, meson setup fails naming regdefgen" ||
		fail "without .pc: $(tail -3 "$T/cfg.txt")"; }
finish
