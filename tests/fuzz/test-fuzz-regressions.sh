#!/bin/sh
# tests/fuzz/test-fuzz-regressions.sh: replay every input the fuzzers ever
# kept, without libFuzzer.
#
# Builds each harness tests/fuzz/fuzz_NAME.c with $CC (default cc) and the
# small driver tests/fuzz/standalone.c, with ASan and UBSan when the
# compiler can (tests/fuzz/build.sh), into $BUILD/fuzz-standalone/, and runs
# it on:
#   tests/fuzz/regressions/NAME/   inputs that crashed a harness once (fixed since)
#   tests/fuzz/corpus/NAME/        hand-written seeds
#   generated seeds                tests/fuzz/make-seeds: defs/, tests/bad/
#                                  (not pending/), templates/, the mustache spec
# Any crash, sanitizer report, leak or abort fails the test, naming the
# input.  tests/fuzz/pending/NAME/ holds crashing inputs of bugs not fixed
# yet: they are run too and reported, but do not fail the test; one that
# passes is named so it can be moved to regressions/.
# Run from the repository root (tests/run does), with BUILD set.
. tests/lib/common.sh

out=$BUILD/fuzz-standalone
if ! sh tests/fuzz/build.sh standalone "$out" >"$out.log" 2>&1; then
	fail "building the harnesses failed:"
	grep -v '^cc ' "$out.log" | tail -n 30 >&2
	finish
fi
grep -e '^sanitizers:' -e '^skipped' "$out.log"
names=$(sed -n 's/^harnesses://p' "$out.log")
make_tmpdir T
sh tests/fuzz/make-seeds "$T/seeds" || fail "make-seeds failed"
# the harnesses' own temporary folders go in T, removed at exit
mkdir -p "$T/tmp" && TMPDIR=$T/tmp && export TMPDIR

# ASan: report leaks; UBSan: stop at the first error with a stack
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export ASAN_OPTIONS UBSAN_OPTIONS

# run_inputs NAME SECONDS DIR...: each file of each DIR through fuzz_NAME,
# one process per file (killed after SECONDS) so a failure names its
# input; prints the failing inputs
run_inputs() {
	_name=$1 _secs=$2; shift 2
	for _dir in "$@"; do
		[ -d "$_dir" ] || continue
		for _f in "$_dir"/*; do
			[ -f "$_f" ] || continue
			case $(basename "$_f") in README*|.*) continue ;; esac
			if ! with_timeout "$_secs" "$out/fuzz_$_name" "$_f" >"$T/run.log" 2>&1; then
				echo "$_f"
				sed 's/^/    /' "$T/run.log" | grep -v '^    *#[0-9]* 0x[0-9a-f]* in fuzzer::' | head -n 25 >"$T/why-$(echo "$_f" | tr / _)"
			fi
		done
	done
}

for name in $names; do
	count=0
	for d in "tests/fuzz/regressions/$name" "tests/fuzz/corpus/$name" "$T/seeds/$name"; do
		[ -d "$d" ] && count=$((count + $(find "$d" -maxdepth 1 -type f ! -name 'README*' | wc -l)))
	done
	bad=$(run_inputs "$name" 60 "tests/fuzz/regressions/$name" "tests/fuzz/corpus/$name" "$T/seeds/$name")
	if [ -n "$bad" ]; then
		for f in $bad; do
			fail "fuzz_$name crashes on $f:"
			cat "$T/why-$(echo "$f" | tr / _)" >&2
		done
	else
		ok "fuzz_$name: $count inputs (regressions, hand-written and generated seeds), no crash, leak or undefined behaviour"
	fi
	if [ -d "tests/fuzz/pending/$name" ]; then
		still=$(run_inputs "$name" 10 "tests/fuzz/pending/$name")
		for f in "tests/fuzz/pending/$name"/*; do
			[ -f "$f" ] || continue
			case $(basename "$f") in README*) continue ;; esac
			if echo "$still" | grep -q -x -F "$f"; then
				echo "known bug (pending): fuzz_$name still fails on $f"
			else
				echo "note: fuzz_$name passes on pending $f now: move it to tests/fuzz/regressions/$name/"
			fi
		done
	fi
done
finish
