#!/bin/sh
# tests/build/test-runner.sh: tests/run itself, on fake tests (RUN_TESTS_DIR):
# a failing test's every FAIL line and its whole diff are printed (even far
# from the end of a long log) and its "ok:" lines are not; one test runs by
# name; a name that names nothing is an error, not "0 failed"; -j2 runs two
# tests at the same time (each sees the other start: a rendezvous, not a
# stopwatch, so a loaded machine cannot fail it) and prints the same lines in
# the same order as -j1; the closing line is "N passed, N failed"; a test that runs
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
# each slow test says it has started, then waits (at most SLOW_WAIT tenths
# of a second) for the other to say so: "together" when both ran at once
for me in 1 2; do
	other=$((3 - me))
	cat >"$F/b/test-slow$me.sh" <<SH
: >"$F/b/started$me"
i=0
while [ ! -e "$F/b/started$other" ] && [ \$i -lt "\$SLOW_WAIT" ]; do sleep 0.1; i=\$((i + 1)); done
[ -e "$F/b/started$other" ] && echo together >"$F/b/result$me" || echo alone >"$F/b/result$me"
echo "ok: slow $me"
SH
done
results() { cat "$F/b/result1" "$F/b/result2" 2>/dev/null | tr '\n' ' '; }

runner() { # ARGS...: tests/run on the fake tests, output in $T/out, status in rc
	rm -f "$F/b/started1" "$F/b/started2" "$F/b/result1" "$F/b/result2"
	BUILD=$T/build RUN_TESTS_DIR=$F JOBS= MAKEFLAGS= SLOW_WAIT=$slow_wait \
		with_timeout 90 sh tests/run "$@" >"$T/out" 2>&1
	rc=$?
}
has() { grep -qF -- "$1" "$T/out" && ok "$2" || { fail "$2: no '$1' in:"; sed 's/^/    /' "$T/out" >&2; }; }
hasnt() { grep -qF -- "$1" "$T/out" && { fail "$2: '$1' in:"; sed 's/^/    /' "$T/out" >&2; } || ok "$2"; }

slow_wait=20 # tenths of a second: under -j1 the first waits in vain
runner -j1
serial_results=$(results)
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

slow_wait=300 # under load the other may start late: 30 s at most
runner -j2
grep '^PASS\|^FAIL' "$T/out" | sed 's/ (.*//' >"$T/parallel"
cmp -s "$T/serial" "$T/parallel" && ok "-j2 prints the same results in the same order as -j1" ||
	{ fail "-j2 results differ from -j1:"; diff "$T/serial" "$T/parallel" >&2; }
[ "$(results)" = "together together " ] && ok "-j2: the two slow tests ran at the same time" ||
	fail "-j2: the slow tests say '$(results)', not 'together together': not parallel"
# negative control: under -j1 the first slow test waits in vain (2 s)
case "$serial_results" in
*alone*) ok "-j1: a slow test ran alone ($serial_results)" ;;
*) fail "-j1: the slow tests say '$serial_results': the rendezvous proves nothing" ;;
esac

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
