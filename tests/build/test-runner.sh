#!/bin/sh
# tests/build/test-runner.sh: tests/run itself, on fake tests (RUN_TESTS_DIR):
# a failing test's every FAIL line and its whole diff are printed (even far
# from the end of a long log) and its "ok:" lines are not; one test runs by
# name; a name that names nothing is an error, not "0 failed"; -j2 runs two
# 2-second tests in about 2 s, not 4, and prints the same lines in the same
# order as -j1; the closing line is "N passed, N failed"; a test that runs
# make under "make check -j2" leaves the runner's own files alone.
. tests/lib/common.sh
make_tmpdir T
F=$T/fake
mkdir -p "$F/a" "$F/b" "$T/build" || { fail "mkdir"; finish; }
cat >"$F/a/test-pass.sh" <<'SH'
echo "ok: one"
SH
# the FAIL line and the diff come first, then 100 lines of noise: a tail
# of the log would show neither
cat >"$F/a/test-fail.sh" <<'SH'
echo "ok: this passing check is not shown"
echo "FAIL: first check went wrong" >&2
printf -- '--- want\n+++ got\n-rax 8\n+rax 4\n' >&2
i=0; while [ $i -lt 100 ]; do echo "ok: filler $i"; echo "noise $i"; i=$((i + 1)); done
echo "FAIL: second check went wrong" >&2
exit 1
SH
printf 'sleep 2\necho "ok: slow 1"\n' >"$F/b/test-slow1.sh"
printf 'sleep 2\necho "ok: slow 2"\n' >"$F/b/test-slow2.sh"

runner() { # ARGS...: tests/run on the fake tests, output in $T/out, status in rc
	BUILD=$T/build RUN_TESTS_DIR=$F JOBS= MAKEFLAGS= with_timeout 60 sh tests/run "$@" >"$T/out" 2>&1
	rc=$?
}
has() { grep -qF -- "$1" "$T/out" && ok "$2" || { fail "$2: no '$1' in:"; sed 's/^/    /' "$T/out" >&2; }; }
hasnt() { grep -qF -- "$1" "$T/out" && { fail "$2: '$1' in:"; sed 's/^/    /' "$T/out" >&2; } || ok "$2"; }

t0=$(date +%s)
runner -j1
serial_secs=$(($(date +%s) - t0))
[ "$rc" = 1 ] && ok "a failing test: exit 1" || fail "a failing test: exit $rc"
has "FAIL $F/a/test-fail.sh (exit 1" "the failing test is named"
has "    FAIL: first check went wrong" "the first FAIL line, 100 lines before the end, is printed"
has "    FAIL: second check went wrong" "the last FAIL line is printed"
has "    -rax 8" "the diff is printed"
has "    +rax 4" "the diff is printed whole"
hasnt "this passing check is not shown" "ok: lines of a failing test are left out"
has "PASS $F/a/test-pass.sh" "the passing test is reported"
[ "$(tail -n 1 "$T/out")" = "3 passed, 1 failed" ] && ok "closing line: 3 passed, 1 failed" ||
	fail "closing line: '$(tail -n 1 "$T/out")'"
grep '^PASS\|^FAIL' "$T/out" | sed 's/ (.*//' >"$T/serial"

t0=$(date +%s)
runner -j2
secs=$(($(date +%s) - t0))
grep '^PASS\|^FAIL' "$T/out" | sed 's/ (.*//' >"$T/parallel"
cmp -s "$T/serial" "$T/parallel" && ok "-j2 prints the same results in the same order as -j1" ||
	{ fail "-j2 results differ from -j1:"; diff "$T/serial" "$T/parallel" >&2; }
# serial the two slow tests alone take 4 s; in parallel about 2 (+ polling)
[ "$secs" -le 3 ] && ok "-j2: two 2-second tests in ${secs}s" || fail "-j2 took ${secs}s: not parallel"
# negative control: -j1 really runs them one after the other
[ "$serial_secs" -ge 4 ] && ok "-j1: the same tests in ${serial_secs}s" || fail "-j1 took ${serial_secs}s: the timing proves nothing"

runner test-pass
[ "$rc" = 0 ] && [ "$(tail -n 1 "$T/out")" = "1 passed, 0 failed" ] && ok "one test by name: 1 passed, 0 failed" ||
	{ fail "one test by name: exit $rc"; cat "$T/out" >&2; }
runner a/test-fail
[ "$rc" = 1 ] && [ "$(tail -n 1 "$T/out")" = "0 passed, 1 failed" ] && ok "DIR/NAME selects one test" ||
	{ fail "DIR/NAME: exit $rc"; cat "$T/out" >&2; }
# negative control: a misspelt name must not pass as "0 passed, 0 failed"
runner test-pas
[ "$rc" = 2 ] && has "no test is named 'test-pas'" "a name that names no test: exit 2, said" ||
	fail "a name that names no test: exit $rc"
runner -j0
[ "$rc" = 2 ] && ok "-j0 refused (exit 2)" || fail "-j0: exit $rc"
# A test that runs make: under "make check -j2" MAKEFLAGS names make's
# jobserver fds (--jobserver-auth=3,4), closed for tests/run, whose fd 3 is
# then its list of tests to launch.  The fake test has an fd 4 open (as a
# test that holds a file does) and runs a make with two jobs: with the
# jobserver still named, that make reads its tokens from tests/run's list
# and the names after it come out mangled (the runner then waits forever).
J=$T/jobs
mkdir -p "$J/c" || { fail "mkdir"; finish; }
printf 'all: x y\nx y:\n\t@sleep 0.3\n' >"$T/two.mk"
cat >"$J/c/test-a-make.sh" <<SH
exec 4>/dev/null
make -s -f "$T/two.mk" && echo "ok: make ran"
SH
printf 'echo "ok: b"\n' >"$J/c/test-b.sh"
printf 'echo "ok: c"\n' >"$J/c/test-c.sh"
jobrun() { # RUNNER: the three tests one at a time, with make's jobserver named
	BUILD=$T/build RUN_TESTS_DIR=$J JOBS=1 MAKEFLAGS=" -j2 --jobserver-auth=3,4" \
		with_timeout 10 sh "$1" >"$T/out" 2>&1
	rc=$?
}
jobrun tests/run
if [ "$rc" = 0 ] && [ "$(tail -n 1 "$T/out")" = "3 passed, 0 failed" ] && grep -q "^PASS $J/c/test-c.sh" "$T/out"; then
	ok "a test running make under make -j2: every test named and run (3 passed)"
else
	fail "a test running make under make -j2: exit $rc"; sed 's/^/    /' "$T/out" >&2
fi
# negative control: the same runner without the MAKEFLAGS cleaning
mkdir -p "$T/neg/tests" && sed '/^MAKEFLAGS=\$(printf/d' tests/run >"$T/neg/tests/run"
if grep -q 'jobserver-' "$T/neg/tests/run" && ! grep -q '^MAKEFLAGS=\$(printf' "$T/neg/tests/run"; then
	jobrun "$T/neg/tests/run"
	if [ "$rc" != 0 ]; then
		ok "negative control: with the jobserver left in MAKEFLAGS the run fails (exit $rc)"
	else
		fail "negative control: the runner without the cleaning passed too: the check proves nothing"
	fi
else
	fail "negative control: could not remove the MAKEFLAGS cleaning from a copy of tests/run"
fi
finish
