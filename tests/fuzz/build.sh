#!/bin/sh
# tests/fuzz/build.sh MODE OUT: build every fuzz harness tests/fuzz/fuzz_NAME.c
# into OUT/fuzz_NAME.
#
#   MODE libfuzzer   $CLANG (default clang) -fsanitize=fuzzer,address,undefined,
#                    for tests/fuzz/run
#   MODE standalone  $CC (default cc) with tests/fuzz/standalone.c as main(),
#                    with -fsanitize=address,undefined when $CC can build and
#                    run such a program; for tests/fuzz/test-fuzz-regressions.sh
#
# The harnesses link the library: every gen/*.c but gen/cmd/*.c and
# gen/cmd-*.c, and the architecture tables make generated ($ARCH_DATA,
# default ${BUILD:-build}/gen/arch-data.c), compiled into OUT/obj/ (only
# what changed) and archived in OUT/libgen.a, so a harness pulls in only
# the objects it uses.
# fuzz_stub is the exception: it compiles tests/stub/stub.c in whole for
# the x86_64 layout, with the x86_64_regs.h that $REGDEFGEN (default
# build/regdefgen) generates into OUT/stub-gen/; it is skipped, with the
# reason, when stub.c or the generator is missing.
#
# Prints what it compiles, then a last line "harnesses: NAME..." naming the
# harnesses built.  FUZZ_ONLY="def mustache" builds only those.  Exit
# status 0, or 1 if a harness or the library did not build.
set -u
cd "$(dirname "$0")/../.." || exit 2
ROOT=$(pwd)
mode=${1:?usage: build.sh libfuzzer|standalone OUT}
out=${2:?usage: build.sh libfuzzer|standalone OUT}
: "${REGDEFGEN:=build/regdefgen}"
PKG_CFLAGS=$(pkg-config --cflags jansson libxml-2.0) || exit 1
PKG_LIBS=$(pkg-config --libs jansson libxml-2.0) || exit 1
# MAX_BODIES: the Mustache engine's section-body limit, lowered so an input
# that reaches it (tests/fuzz/regressions/mustache/nested-sections-hang)
# takes well under a second, not 20 s, under the sanitizers
BASE="-std=c11 -D_XOPEN_SOURCE=700 -g -fno-omit-frame-pointer -Wall -Wextra -Wno-unused-function -DMAX_BODIES=1000000ULL"

case $mode in
libfuzzer)
	: "${CLANG:=clang}"
	CCX=$CLANG
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
	OBJFLAGS="$BASE -O1 $SAN -fsanitize=fuzzer-no-link"
	LINKFLAGS="$BASE -O1 $SAN -fsanitize=fuzzer"
	MAIN=
	;;
standalone)
	: "${CC:=cc}"
	CCX=$CC
	SAN="-fsanitize=address,undefined -fno-sanitize-recover=all"
	mkdir -p "$out" || exit 1
	printf 'int main(void) { return 0; }\n' >"$out/san-probe.c"
	if $CCX $SAN -o "$out/san-probe" "$out/san-probe.c" 2>/dev/null && "$out/san-probe"; then
		echo "sanitizers: $SAN"
	else
		echo "sanitizers: not available with $CCX; building without"
		SAN=
	fi
	rm -f "$out/san-probe" "$out/san-probe.c"
	OBJFLAGS="$BASE -O1 $SAN"
	LINKFLAGS="$BASE -O1 $SAN"
	MAIN=tests/fuzz/standalone.c
	;;
*)
	echo "build.sh: unknown mode '$mode'" >&2
	exit 2
	;;
esac
command -v "$CCX" >/dev/null 2>&1 || { echo "build.sh: no $CCX" >&2; exit 1; }
mkdir -p "$out/obj" || exit 1

# the flags are part of what an object depends on
flags_stamp=$out/obj/flags
if [ "$(cat "$flags_stamp" 2>/dev/null)" != "$CCX $OBJFLAGS" ]; then
	rm -f "$out"/obj/*.o
	echo "$CCX $OBJFLAGS" >"$flags_stamp"
fi
stale() { # SRC OBJ: OBJ is missing or older than SRC or any gen/ header
	[ -f "$2" ] || return 0
	[ -n "$(find "$1" gen/*/*.h -newer "$2" | head -n 1)" ]
}
objs=
for src in gen/*/*.c; do
	case $src in gen/cmd/*) continue ;; esac
	obj=$out/obj/$(basename "$src" .c).o
	if stale "$src" "$obj"; then
		echo "cc $src"
		# shellcheck disable=SC2086
		$CCX $OBJFLAGS -Igen $PKG_CFLAGS -c "$src" -o "$obj" || exit 1
	fi
	objs="$objs $obj"
done
# the architecture tables are generated from defs/ by the build (make)
arch_data=${ARCH_DATA:-${BUILD:-build}/gen/arch-data.c}
if [ ! -f "$arch_data" ]; then
	echo "build.sh: no $arch_data (the architecture tables make generates; run make first)" >&2
	exit 1
fi
obj=$out/obj/arch-data.o
if stale "$arch_data" "$obj"; then
	echo "cc $arch_data"
	# shellcheck disable=SC2086
	$CCX $OBJFLAGS -Igen $PKG_CFLAGS -c "$arch_data" -o "$obj" || exit 1
fi
objs="$objs $obj"
rm -f "$out/libgen.a"
# shellcheck disable=SC2086
ar rcs "$out/libgen.a" $objs || exit 1

rc=0
built=
for h in tests/fuzz/fuzz_*.c; do
	[ -f "$h" ] || continue
	name=$(basename "$h" .c)
	name=${name#fuzz_}
	if [ -n "${FUZZ_ONLY:-}" ]; then
		case " $FUZZ_ONLY " in *" $name "*) ;; *) continue ;; esac
	fi
	case $name in
	stub)
		if [ ! -f tests/stub/stub.c ]; then
			echo "skipped fuzz_stub: no tests/stub/stub.c"
			continue
		fi
		if [ ! -x "$REGDEFGEN" ]; then
			echo "skipped fuzz_stub: no generator $REGDEFGEN to make x86_64_regs.h"
			continue
		fi
		if ! "$REGDEFGEN" generate -o "$out/stub-gen" defs/x86_64.json; then
			echo "fuzz_stub: $REGDEFGEN could not generate defs/x86_64.json" >&2
			rc=1
			continue
		fi
		echo "cc $h (tests/stub/stub.c, layout x86_64)"
		# shellcheck disable=SC2086
		$CCX $LINKFLAGS -Wno-unused-function -Itests/stub -I"$out/stub-gen/x86_64" \
			-DSTUB_LAYOUT_HEADER='"x86_64_regs.h"' -DSTUB_IDENT=x86_64 -DSTUB_IDENT_UC=X86_64 \
			-o "$out/fuzz_$name" "$h" $MAIN -lpthread || { rc=1; continue; }
		;;
	*)
		echo "cc $h"
		# shellcheck disable=SC2086
		$CCX $LINKFLAGS -Igen $PKG_CFLAGS -DFUZZ_ROOT="\"$ROOT\"" -o "$out/fuzz_$name" \
			"$h" $MAIN "$out/libgen.a" $PKG_LIBS -lpthread || { rc=1; continue; }
		;;
	esac
	built="$built $name"
done
echo "harnesses:$built"
exit $rc
