#!/bin/sh
# tests/faults/test-limits.sh: hostile and huge defs are generated in
# bounded memory and time, or refused with a clear message naming the
# limit; never a crash or a hang.
#
# Each case runs "regdefgen generate" under tests/faults/peakrss.py, which
# reports the exit status (or the signal), the peak RSS and the time:
#   million      1,000,000 registers (MAX_REGISTERS): completes or is refused
#   million+1    1,000,001 registers: refused, the message names the limit
#   oversize     a def of MAX_DEF_FILE_BYTES + 1 bytes: refused, naming the limit
#   includes     parts nested 100 deep: refused, naming the limit
#   type-chain   200,000 types, each a union of the next, in both orders
#                (deep recursion in the checker and the view)
#   wide         500,000 features and 500,000 types (a valid def of 44 MB)
# A case passes if it exits 0 (outputs complete) or 1 with an "error:" line
# (and, where it is refused for size, the number of the limit), within
# FAULTS_TIMEOUT seconds (default 600) and FAULTS_RSS_LIMIT_MB of peak RSS
# (default 2048; not bounded under SANITIZE=1 unless set).  Every case runs
# with an address-space limit of FAULTS_AS_LIMIT_MB (default 8192; none
# under SANITIZE=1) so a runaway cannot take the machine.
#
# FAULTS_HUGE=0 skips the million-register cases (a minute and GBs each).
# Under SANITIZE=1 they are skipped too: ASan's shadow memory and
# quarantine make RSS figures meaningless and the runs slow; the plain
# build measures them.
. tests/lib/common.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
TIMEOUT=${FAULTS_TIMEOUT:-600}
RSS_LIMIT_MB=${FAULTS_RSS_LIMIT_MB:-2048}
if [ "${SANITIZE:-}" = 1 ] && [ -z "${FAULTS_RSS_LIMIT_MB:-}" ]; then
	RSS_LIMIT_MB=0 # ASan's shadow and quarantine: report RSS, bound nothing
	echo "note: SANITIZE=1: peak RSS is reported, not bounded"
fi
PEAKRSS_AS_MB=${FAULTS_AS_LIMIT_MB:-8192}
# ASan reserves terabytes of address space for its shadow: no limit there
[ "${SANITIZE:-}" = 1 ] && PEAKRSS_AS_MB=
export PEAKRSS_AS_MB
huge=${FAULTS_HUGE:-1}
[ "${SANITIZE:-}" = 1 ] && huge=0
make_tmpdir T

# limit_of NAME: the value of #define NAME in gen/model/load.h
limit_of() {
	sed -n "s/^#define $1 *(*\([0-9]*\)u* *<< *\([0-9]*\))*.*/\1 \2/p; s/^#define $1 *\([0-9]*\)\$/\1 0/p" gen/model/load.h |
		awk 'NR == 1 { printf "%d", $1 * 2 ^ $2 }'
}
MAX_REGISTERS=$(limit_of MAX_REGISTERS)
MAX_DEF_FILE_BYTES=$(limit_of MAX_DEF_FILE_BYTES)
MAX_INCLUDE_DEPTH=$(limit_of MAX_INCLUDE_DEPTH)
echo "limits (gen/model/load.h): MAX_REGISTERS=$MAX_REGISTERS MAX_DEF_FILE_BYTES=$MAX_DEF_FILE_BYTES MAX_INCLUDE_DEPTH=$MAX_INCLUDE_DEPTH"

# run_case NAME DEF [LIMIT]: generate DEF; LIMIT, if given, is a number a
# refusal must name.  Set MUST_REFUSE=1 for a case that must be refused.
run_case() {
	_name=$1 _def=$2 _limit=${3:-}
	rm -rf "$T/out"
	_res=$(python3 tests/faults/peakrss.py "$TIMEOUT" "$REGDEFGEN" generate -o "$T/out" "$_def" 2>"$T/stderr")
	_status=$(echo "$_res" | sed -n 's/.*status=\([^ ]*\).*/\1/p')
	_rss_kb=$(echo "$_res" | sed -n 's/.*peak_rss_kb=\([0-9]*\).*/\1/p')
	_secs=$(echo "$_res" | sed -n 's/.*seconds=\([0-9.]*\).*/\1/p')
	_rss_mb=$((_rss_kb / 1024))
	_fig="peak RSS $_rss_mb MiB, ${_secs}s"
	_err=$(grep -m 1 'error:' "$T/stderr")
	if grep -q -e 'Sanitizer' -e 'runtime error:' "$T/stderr"; then
		fail "$_name: sanitizer report ($_fig):$(echo; grep -m 1 -A 6 -e 'ERROR: .*Sanitizer' -e 'runtime error:' "$T/stderr")"
		rm -f "$_def"
		return
	fi
	case $_status in
	0)
		if [ "${MUST_REFUSE:-0}" = 1 ]; then
			fail "$_name: accepted ($_fig); it must be refused"
		elif [ "$(find "$T/out" -type f | wc -l)" -lt 3 ]; then
			fail "$_name: exit 0 but outputs are missing: $(find "$T/out" -type f | tr '\n' ' ')"
		else
			ok "$_name: generated ($(du -sh "$T/out" | cut -f 1) of output), $_fig"
		fi ;;
	1)
		if [ -z "$_err" ]; then
			fail "$_name: exit 1 without an error message ($_fig)"
		elif [ -n "$_limit" ] && ! echo "$_err" | grep -q "$_limit"; then
			fail "$_name: refused, but the message does not name the limit $_limit: $_err"
		else
			ok "$_name: refused, $_fig: $_err"
		fi ;;
	timeout)
		fail "$_name: still running after ${TIMEOUT}s (killed); $_fig" ;;
	signal-*)
		fail "$_name: crashed (${_status#signal-}: $(kill -l "${_status#signal-}" 2>/dev/null)), $_fig$(
			[ -s "$T/stderr" ] && echo; head -n 3 "$T/stderr")" ;;
	*)
		fail "$_name: exit status $_status ($_fig): $(head -n 3 "$T/stderr")" ;;
	esac
	if [ "$RSS_LIMIT_MB" -gt 0 ] && [ "$_status" != timeout ] && [ -n "$_rss_kb" ] &&
		[ "$_rss_mb" -gt "$RSS_LIMIT_MB" ]; then
		fail "$_name: peak RSS $_rss_mb MiB is over the bound of $RSS_LIMIT_MB MiB"
	fi
	find "$T/out" -name '*.tmp??????' 2>/dev/null | grep -q . &&
		fail "$_name: temporary files left: $(find "$T/out" -name '*.tmp??????')"
	rm -f "$_def"
}

mk() { python3 tests/faults/mkdef.py "$@" || fail "mkdef.py $* failed"; }

if [ "$huge" = 1 ]; then
	mk regs "$MAX_REGISTERS" a "$T/million.json"
	run_case "million registers ($MAX_REGISTERS, $(wc -c <"$T/million.json") bytes)" "$T/million.json" "$MAX_REGISTERS"
	mk regs $((MAX_REGISTERS + 1)) a "$T/million1.json"
	MUST_REFUSE=1 run_case "$((MAX_REGISTERS + 1)) registers" "$T/million1.json" "$MAX_REGISTERS"
else
	echo "skipped: million-register cases (FAULTS_HUGE=0 or SANITIZE=1)"
fi

mk pad $((MAX_DEF_FILE_BYTES + 1)) "$T/oversize.json"
MUST_REFUSE=1 run_case "def of $((MAX_DEF_FILE_BYTES + 1)) bytes" "$T/oversize.json" "$MAX_DEF_FILE_BYTES"

mkdir -p "$T/inc"
mk includes 100 "$T/inc/inc.json"
MUST_REFUSE=1 run_case "parts nested 100 deep" "$T/inc/inc.json" "$MAX_INCLUDE_DEPTH"

mk chain 200000 rev "$T/chain-rev.json"
run_case "200,000 nested types, each naming a later one" "$T/chain-rev.json"
mk chain 200000 fwd "$T/chain-fwd.json"
run_case "200,000 nested types, each naming an earlier one" "$T/chain-fwd.json"

mk wide 500000 "$T/wide.json"
run_case "500,000 features and 500,000 types" "$T/wide.json"
finish
