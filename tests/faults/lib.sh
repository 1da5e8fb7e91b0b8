# tests/faults/lib.sh: helpers shared by the fault tests (sourced after
# tests/lib/common.sh; needs T, a scratch folder).
#
#   expect_refused WHAT DIR REASON CMD...
#       CMD must exit 1 with an "error:" line naming DIR and containing
#       REASON (an strerror text), and leave DIR exactly as it was: the same
#       entries, the same file contents, no temporary file.

expect_refused() {
	_what=$1 _dir=$2 _reason=$3; shift 3
	_before=$(cd "$_dir" && find . -mindepth 1 | LC_ALL=C sort && find . -type f -exec cksum {} + | LC_ALL=C sort)
	"$@" >"$T/stdout" 2>"$T/stderr"
	_rc=$?
	_after=$(cd "$_dir" && find . -mindepth 1 | LC_ALL=C sort && find . -type f -exec cksum {} + | LC_ALL=C sort)
	if [ "$_rc" -ne 1 ]; then
		fail "$_what: exit status $_rc, expected 1"
		sed 's/^/    /' "$T/stderr" | head -n 5 >&2
	elif ! grep "error: " "$T/stderr" | grep "$_reason" | grep -q -F "$_dir"; then
		fail "$_what: no clear error naming $_dir and '$_reason':"
		sed 's/^/    /' "$T/stderr" | head -n 5 >&2
	else
		ok "$_what: exit 1, $(head -n 1 "$T/stderr")"
	fi
	if [ "$_before" = "$_after" ]; then
		ok "$_what: nothing created, nothing changed"
	else
		fail "$_what: $_dir changed; before:
$_before
after:
$_after"
	fi
}
