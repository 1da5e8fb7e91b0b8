#!/bin/sh
# tests/e2e/test-stub-build-race.sh: building the reference stubs is safe
# when tests run in parallel ("make check -j2": test-stub-gdb.sh,
# test-stub-lldb.sh, test-stub-protocol.sh, test-probe.sh and
# test-lldb-versions.sh all build into $BUILD/stub and then run the stubs).
# Four builds of one fresh folder start at once, each running its stubs as
# soon as its build returns: all succeed, the stubs work, and each stub is
# compiled exactly once, never two compiles at a time (the builds took
# turns; the others found everything up to date).  Negative control: the
# same four builds without stub_make's lock compile stubs more than once
# and side by side, the race the lock removes.
cd "$(dirname "$0")/../.." || exit 2
. tests/lib/common.sh
command -v flock >/dev/null || { echo "SKIP: no flock (util-linux)"; exit 77; }
make_tmpdir T
# each build serial: overlapping compiles can then only come from two builds
unset MAKEFLAGS MFLAGS MAKELEVEL
LAYOUTS_UNDER_TEST="x86_64 i386-qemu"

# a compiler that notes each compile, and "overlap" when another compile
# is running at the same time (each holds a marker file while it runs)
cat >"$T/cc" <<'CC'
#!/bin/sh
: >"$MARKS/$$"
[ "$(ls "$MARKS" | wc -l)" -gt 1 ] && echo overlap >>"$CC_LOG"
echo compile >>"$CC_LOG"
${REAL_CC:-cc} "$@"; rc=$?
rm -f "$MARKS/$$"
exit $rc
CC
chmod +x "$T/cc"

# race LABEL DIR BUILD_CMD: four BUILD_CMD DIR at once; each then runs
# every stub it built (--list prints the register table and exits)
race() {
	_label=$1 _dir=$2 _cmd=$3
	mkdir -p "$T/$_label.marks"
	: >"$T/$_label.cc.log"
	_jobs=
	for i in 1 2 3 4; do
		(
			MARKS=$T/$_label.marks CC_LOG=$T/$_label.cc.log CC=$T/cc
			export MARKS CC_LOG CC
			$_cmd "$_dir" >"$T/$_label.$i.log" 2>&1 || { echo "build failed" >>"$T/$_label.$i.log"; exit 1; }
			for l in $LAYOUTS_UNDER_TEST; do
				with_timeout 10 "$_dir/stub-$l" --list >"$T/$_label.$i.$l.list" 2>>"$T/$_label.$i.log" ||
					{ echo "stub-$l did not run" >>"$T/$_label.$i.log"; exit 1; }
			done
		) &
		_jobs="$_jobs $!"
	done
	_failed=0
	for p in $_jobs; do wait "$p" || _failed=$((_failed + 1)); done
	RACE_FAILED=$_failed
	RACE_COMPILES=$(grep -c '^compile' "$T/$_label.cc.log")
	RACE_OVERLAPS=$(grep -c '^overlap' "$T/$_label.cc.log")
}

locked() { stub_make "$1" STUB_LAYOUTS="$LAYOUTS_UNDER_TEST"; }
unlocked() {
	case $REGDEFGEN in /*) _g=$REGDEFGEN ;; *) _g=$ROOT/$REGDEFGEN ;; esac
	with_timeout 300 make -s -C tests/stub REGDEFGEN="$_g" STUB_BUILD="$1" STUB_LAYOUTS="$LAYOUTS_UNDER_TEST"
}

race locked "$T/locked" locked
if [ "$RACE_FAILED" = 0 ]; then
	ok "four concurrent stub_make builds of one folder all succeeded and ran their stubs"
else
	fail "$RACE_FAILED of four concurrent stub_make builds failed:"; cat "$T"/locked.*.log >&2
fi
[ "$RACE_COMPILES" = 2 ] && ok "each of the 2 stubs compiled once (the other builds found them up to date)" ||
	fail "stub_make: $RACE_COMPILES compiles for 2 stubs (want 2)"
[ "$RACE_OVERLAPS" = 0 ] && ok "no two compiles ran at once" ||
	fail "stub_make: $RACE_OVERLAPS compiles ran beside another"
for i in 1 2 3 4; do
	grep -q '^ *[0-9].*rip' "$T/locked.$i.x86_64.list" ||
		fail "build $i: stub-x86_64 --list printed no rip: $(head -3 "$T/locked.$i.x86_64.list")"
done
ls "$T/locked"/stub-*.tmp >/dev/null 2>&1 && fail "temporary stub files left behind: $(ls "$T/locked")"

# negative control: the builds without the lock
race unlocked "$T/unlocked" unlocked
if [ "$RACE_COMPILES" -gt 2 ] && [ "$RACE_OVERLAPS" -gt 0 ]; then
	ok "negative control: without the lock the four builds compiled $RACE_COMPILES times, $RACE_OVERLAPS side by side"
else
	fail "negative control: without the lock $RACE_COMPILES compiles, $RACE_OVERLAPS overlapping: the check cannot see a race"
fi
finish
