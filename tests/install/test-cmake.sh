#!/bin/sh
# find_package(regdefgen) after make install PREFIX=...: a project outside
# the tree builds the reference stub twice (an installed layout by name, and
# its own def with its own templates) with regdefgen_generate(), under the
# Ninja and the Makefile generators; exactly the right steps rerun when a
# part, a def or a template changes, and none when nothing did.
. tests/lib/common.sh
[ -n "${SANITIZE:-}" ] && { ok "skipped under SANITIZE (install uses the default build)"; finish; }
for t in cmake ninja; do
	command -v $t >/dev/null || { echo "SKIP: $t is not installed (make check installs it)"; exit 77; }
done

make_tmpdir T
with_timeout 120 make -s install PREFIX="$T/prefix" >/dev/null || { fail "make install failed"; finish; }
P="$T/prefix"
mkdir "$T/proj" && cp tests/stub/stub.c "$T/proj/" && cp -r "$P/share/regdefgen/defs" \
	"$P/share/regdefgen/templates" "$T/proj/" || exit 1
cat >"$T/proj/CMakeLists.txt" <<'CM'
cmake_minimum_required(VERSION 3.20)
project(stubs C)
find_package(regdefgen 0.1 REQUIRED)
add_executable(stub-x86_64 stub.c)
target_compile_definitions(stub-x86_64 PRIVATE STUB_LAYOUT_HEADER="x86_64/x86_64_regs.h"
  STUB_IDENT=x86_64 STUB_IDENT_UC=X86_64)
regdefgen_generate(TARGET stub-x86_64 LAYOUTS x86_64)
add_executable(stub-i386 stub.c)
target_compile_definitions(stub-i386 PRIVATE STUB_LAYOUT_HEADER="i386/i386_regs.h"
  STUB_IDENT=i386 STUB_IDENT_UC=I386)
regdefgen_generate(TARGET stub-i386 DEFS defs/i386.json TEMPLATES templates)
CM

# what a build did, as "gen:LAYOUT cc:TARGET ld:TARGET" sorted
steps() {
	sed -n -e 's/.*regdefgen: generating \([^ ]*\) for .*/gen:\1/p' \
		-e 's/.*Building C object CMakeFiles\/\([^ ]*\)\.dir\/.*/cc:\1/p' \
		-e 's/.*Linking C executable \(.*\)$/ld:\1/p' "$1" | LC_ALL=C sort -u | tr '\n' ' ' | sed 's/ $//'
}
# expect GEN LABEL STEPS: build, compare what ran with STEPS
expect() {
	with_timeout 300 $BUILDCMD >"$T/out.txt" 2>&1 || { fail "$1: $2: build failed: $(tail -5 "$T/out.txt")"; return; }
	got=$(steps "$T/out.txt")
	[ "$got" = "$3" ] && ok "$1: $2: ran '${got:-nothing}'" || fail "$1: $2: ran '$got', want '$3'"
}

for gen in Ninja "Unix Makefiles"; do
	# every run starts from pristine project files
	cp "$P/share/regdefgen/defs/i386.json" "$T/proj/defs/i386.json"
	cp "$P/share/regdefgen/templates/IDENT_regs.h.mustache" "$T/proj/templates/"
	B="$T/build-$(echo "$gen" | tr -d ' ')"
	with_timeout 120 cmake -S "$T/proj" -B "$B" -G "$gen" -DCMAKE_PREFIX_PATH="$P" >"$T/cfg.txt" 2>&1 ||
		{ fail "$gen: configure failed: $(tail -5 "$T/cfg.txt")"; continue; }
	BUILDCMD="cmake --build $B"
	expect "$gen" "first build" "cc:stub-i386 cc:stub-x86_64 gen:i386 gen:x86_64 ld:stub-i386 ld:stub-x86_64"
	for f in target.xml x86_64_regs.h x86_64_target_definition.py; do
		cmp -s "$B/regdefgen-stub-x86_64/x86_64/$f" "out/x86_64/$f" || fail "$gen: generated $f differs from out/x86_64/$f"
	done
	cmp -s "$B/regdefgen-stub-i386/i386/i386_regs.h" out/i386/i386_regs.h || fail "$gen: i386_regs.h differs from out/"
	# the stub really runs with the generated layout
	n=$("$B/stub-x86_64" --list | grep -c .)
	[ "$n" = 57 ] || fail "$gen: stub-x86_64 --list printed $n registers, want 57"
	expect "$gen" "nothing changed" ""
	sleep 1 # coarse time stamps: a touch must be newer than the last build
	touch "$P/share/regdefgen/defs/x86/amd64-sse.json"
	# Ninja restats: the header did not change, so only the generator runs;
	# make cannot know that and recompiles what includes it
	if [ "$gen" = Ninja ]; then want="gen:x86_64"; else want="cc:stub-x86_64 gen:x86_64 ld:stub-x86_64"; fi
	expect "$gen" "installed part touched" "$want"
	expect "$gen" "nothing changed after it" ""
	sleep 1
	touch "$T/proj/defs/x86/i386-sse.json"
	if [ "$gen" = Ninja ]; then want="gen:i386"; else want="cc:stub-i386 gen:i386 ld:stub-i386"; fi
	expect "$gen" "project part touched" "$want"
	sleep 1
	sed -i 's/"description": "/"description": "Edited: /' "$T/proj/defs/i386.json"
	expect "$gen" "project def edited" "cc:stub-i386 gen:i386 ld:stub-i386"
	grep -q '^ \* Edited: Classic GDB i386' "$B/regdefgen-stub-i386/i386/i386_regs.h" ||
		fail "$gen: the edited description is not in the header"
	sleep 1
	printf '/* edited template */\n' >>"$T/proj/templates/IDENT_regs.h.mustache"
	expect "$gen" "project template edited" "cc:stub-i386 gen:i386 ld:stub-i386"
	tail -1 "$B/regdefgen-stub-i386/i386/i386_regs.h" | grep -qx '/\* edited template \*/' ||
		fail "$gen: the edited template is not in the header"
	expect "$gen" "nothing changed at the end" ""
done

# negative control: an unknown layout is a configure error naming it
sed -i 's/LAYOUTS x86_64)/LAYOUTS x86_64 nosuch)/' "$T/proj/CMakeLists.txt"
with_timeout 120 cmake -S "$T/proj" -B "$T/build-bad" -DCMAKE_PREFIX_PATH="$P" >"$T/cfg.txt" 2>&1 &&
	fail "an unknown layout configured" ||
	{ grep -q "no installed layout 'nosuch'" "$T/cfg.txt" && ok "an unknown layout fails to configure, naming it" ||
		fail "unknown layout: $(tail -5 "$T/cfg.txt")"; }
finish
