#!/bin/sh
# dpkg-buildpackage -us -uc -b builds the .deb from a copy of the tree
# (the files git tracks or would, as a clean clone has them); lintian reports no error;
# the package, unpacked with dpkg -x into a throwaway root, holds the tool,
# man page, defs, templates, CMake package, regdefgen.pc and completion,
# and the unpacked tool lists and generates the shipped layouts exactly as
# out/ has them.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (the package builds its own way)"; finish; }
for t in dpkg-buildpackage lintian dh; do
	command -v $t >/dev/null || { echo "SKIP: $t is not installed (make check installs dpkg-dev, lintian, debhelper)"; exit 77; }
done
command -v git >/dev/null && [ -d .git ] || { echo "SKIP: not a git checkout (the test packages the tracked files)"; exit 77; }

make_tmpdir T
mkdir "$T/src"
git ls-files -z -co --exclude-standard | xargs -0 tar -cf - | tar -xf - -C "$T/src" || { fail "copying the tree failed"; finish; }
version=$(sed -n 's/^#define REGDEFGEN_VERSION "\(.*\)"/\1/p' gen/base/version.h)
deb_version=$(cd "$T/src" && dpkg-parsechangelog -S Version)
[ "$deb_version" = "$version" ] && ok "debian/changelog's version is version.h's ($version)" ||
	fail "debian/changelog says $deb_version, gen/base/version.h $version"
(cd "$T/src" && with_timeout 900 dpkg-buildpackage -us -uc -b) >"$T/build.log" 2>&1 ||
	{ fail "dpkg-buildpackage failed: $(tail -15 "$T/build.log")"; finish; }
deb=$(ls "$T"/regdefgen_*_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] && ok "dpkg-buildpackage built $(basename "$deb")" || { fail "no .deb in $T"; finish; }
with_timeout 600 lintian --fail-on error "$T"/regdefgen_*.changes >"$T/lintian.log" 2>&1 &&
	! grep -q '^E:' "$T/lintian.log" && ok "lintian: no errors ($(grep -c '^W:' "$T/lintian.log") warnings)" ||
	fail "lintian: $(grep '^E:' "$T/lintian.log")"

R=$T/root
dpkg -x "$deb" "$R" || { fail "dpkg -x failed"; finish; }
for f in usr/bin/regdefgen usr/share/man/man1/regdefgen.1.gz usr/share/regdefgen/templates/target.xml.mustache \
	usr/share/regdefgen/defs/x86_64-qemu.json usr/share/regdefgen/defs/x86/amd64-gpr.json \
	usr/share/cmake/regdefgen/regdefgenConfig.cmake usr/share/cmake/regdefgen/regdefgenConfigVersion.cmake \
	usr/share/pkgconfig/regdefgen.pc usr/share/bash-completion/completions/regdefgen usr/share/doc/regdefgen/copyright; do
	[ -f "$R/$f" ] || fail "the package lacks /$f"
done
ok "the package holds the tool, man page, defs, templates, CMake package, regdefgen.pc, completion"
[ "$(PKG_CONFIG_PATH=$R/usr/share/pkgconfig pkg-config --variable=regdefgen regdefgen)" = /usr/bin/regdefgen ] &&
	ok "regdefgen.pc names /usr/bin/regdefgen" || fail "regdefgen.pc: $(grep prefix= "$R/usr/share/pkgconfig/regdefgen.pc")"
zcat "$R/usr/share/man/man1/regdefgen.1.gz" | grep -q '^\.B regdefgen list' || fail "man page lacks 'regdefgen list'"

[ "$("$R/usr/bin/regdefgen" --version)" = "regdefgen $version" ] || fail "unpacked tool: $("$R/usr/bin/regdefgen" --version)"
with_timeout 30 "$R/usr/bin/regdefgen" list >"$T/list" || fail "the unpacked tool's list failed"
[ "$(awk '{print $1}' "$T/list" | tr '\n' ' ')" = "$(cd defs && ls *.json | sed 's/\.json$//' | LC_ALL=C sort | tr '\n' ' ')" ] &&
	ok "the unpacked tool lists its own defs: $(awk '{print $1}' "$T/list" | tr '\n' ' ')" || fail "list: $(cat "$T/list")"
mkdir "$T/w" && (cd "$T/w" && with_timeout 30 "$R/usr/bin/regdefgen" generate x86_64-qemu -o .) ||
	fail "the unpacked tool could not generate x86_64-qemu"
for f in target.xml x86_64_qemu_regs.h x86_64_qemu_target_definition.py; do
	cmp -s "$T/w/x86_64-qemu/$f" "out/x86_64-qemu/$f" || fail "the unpacked tool's $f differs from out/"
done
ok "the unpacked tool generates x86_64-qemu from its own defs and templates, equal to out/"
finish
