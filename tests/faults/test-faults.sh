#!/bin/sh
# tests/faults/test-faults.sh: the generator's writes under faults.
#
#  1. kill -9 at random moments while it rewrites a large layout (50,000
#     registers; two variants of one def alternate, so every run changes
#     every file): each output file must be byte-equal to the whole old or
#     the whole new version.  Temporary files a killed run leaves
#     (NAME.PID.tmpXXXXXX: a killed process cannot remove them) are counted and
#     reported, not failed; any other stray file fails.
#  2. a read-only output folder (as root, chmod does not stop writes: the
#     generator runs as user nobody, and, where mount namespaces work, into
#     a read-only bind mount): a clear error naming the folder and the
#     reason, exit 1, nothing created, old files untouched.
#  3. a full output folder (a 16 KiB tmpfs, and a 1 MiB tmpfs filled up, in
#     a private mount namespace; skipped with the reason if that is not
#     permitted): a clear error, exit 1, no temporary or partial file left,
#     old files whole-old.
#
# FAULTS_KILLS (default 24) and FAULTS_KILL_REGS (default 50000) size part 1.
# A killed run leaves only NAME.PID.tmpXXXXXX files, and the next complete run
# must remove them (their PID no longer runs).  What issue 5 asks but regdefgen does not do yet is a
# note, or a failure with FAULTS_STRICT=1.
# Run from the repository root (tests/run does), with BUILD and REGDEFGEN set.

# ---- helpers run in a private mount namespace (see part 3) ----
if [ "${1:-}" = --in-namespace ]; then
	mode=$2 dir=$3 size=$4; shift 4
	mkdir -p "$dir" || exit 3
	case $mode in
	tmpfs) mount -t tmpfs -o "size=$size,mode=0755" regdefgen-faults "$dir" || exit 3 ;;
	ro) mount --bind "$dir" "$dir" && mount -o remount,bind,ro "$dir" || exit 3 ;;
	esac
	"$@"
	exit $?
fi

. tests/lib/common.sh
. tests/faults/lib.sh

[ -x "$REGDEFGEN" ] || { fail "no $REGDEFGEN (build first)"; finish; }
REGDEFGEN_ABS=$(cd "$(dirname "$REGDEFGEN")" && pwd)/$(basename "$REGDEFGEN")
KILLS=${FAULTS_KILLS:-24}
KILL_REGS=${FAULTS_KILL_REGS:-50000}
make_tmpdir T
chmod 755 "$T" # user nobody reads the defs here (part 2)

# strict MSG: a failure with FAULTS_STRICT=1, else a note (what issue 5 asks
# but regdefgen does not do yet)
strict() {
	if [ "${FAULTS_STRICT:-0}" = 1 ]; then fail "$*"; else echo "note: $*"; fi
}
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
outputs_of() { # IDENT: the files the shipped templates make
	echo "target.xml ${1}_regs.h ${1}_target_definition.py"
}
# files_in DIR: every file below DIR, one per line, sorted
files_in() { (cd "$1" 2>/dev/null && find . -type f | sed 's|^\./||' | LC_ALL=C sort); }

# ---- 1. kill -9 at random moments ----
mkdir -p "$T/a" "$T/b"
python3 tests/faults/mkdef.py regs "$KILL_REGS" a "$T/a/big.json" &&
	python3 tests/faults/mkdef.py regs "$KILL_REGS" b "$T/b/big.json" ||
	fail "mkdef.py could not write the synthetic defs"
"$REGDEFGEN" generate -o "$T/ref-a" "$T/a/big.json" &&
	"$REGDEFGEN" generate -o "$T/ref-b" "$T/b/big.json" ||
	fail "generating the reference outputs failed"
start=$(now)
"$REGDEFGEN" generate -o "$T/out" "$T/a/big.json" || fail "first complete run failed"
full=$(elapsed "$start")
echo "a complete run over $KILL_REGS registers takes ${full}s"

killed=0 landed=0 mixed=0 stale_before=0 bad=0
current=a # what the folder was last completely generated from
i=0
while [ "$i" -lt "$KILLS" ]; do
	next=$( [ "$current" = a ] && echo b || echo a)
	# a third of the kills anywhere in the run, the rest while it writes
	if [ $((i % 3)) = 0 ]; then
		how=$(python3 tests/faults/killat.py any "$full" "$T/out" \
			"$REGDEFGEN" generate -o "$T/out" "$T/$next/big.json")
	else
		how=$(python3 tests/faults/killat.py write 0.08 "$T/out" \
			"$REGDEFGEN" generate -o "$T/out" "$T/$next/big.json")
	fi
	[ "$how" = killed ] && killed=$((killed + 1))
	delay="$how ($( [ $((i % 3)) = 0 ] && echo 'at a random moment' || echo 'while writing'))"
	got_a=0 got_b=0 stale=0
	for f in $(files_in "$T/out"); do
		name=${f#big/}
		case $name in
		target.xml|big_regs.h|big_target_definition.py)
			if cmp -s "$T/out/$f" "$T/ref-a/$f"; then got_a=$((got_a + 1))
			elif cmp -s "$T/out/$f" "$T/ref-b/$f"; then got_b=$((got_b + 1))
			else
				fail "kill $i, $delay: $f is neither the whole old nor the whole new version ($(wc -c <"$T/out/$f") bytes)"
				bad=$((bad + 1))
			fi ;;
		*.tmp??????) stale=$((stale + 1)) ;;
		*) fail "kill $i, $delay: stray file $f"; bad=$((bad + 1)) ;;
		esac
	done
	[ $((got_a + got_b)) -eq 3 ] || [ "$bad" -gt 0 ] ||
		fail "kill $i, $delay: an output file is missing: $(files_in "$T/out" | tr '\n' ' ')"
	[ "$got_a" -gt 0 ] && [ "$got_b" -gt 0 ] && mixed=$((mixed + 1))
	[ "$got_a" -eq 3 ] && current=a
	[ "$got_b" -eq 3 ] && current=b
	# a kill that left one more temporary file landed in the middle of a write
	[ "$stale" -gt "$stale_before" ] && landed=$((landed + 1))
	stale_before=$stale
	i=$((i + 1))
done
[ "$bad" -eq 0 ] && ok "$KILLS kill -9 ($killed hit a running generator): every output file whole-old or whole-new"
echo "  $landed kills landed while a file was being written (left a temporary file);" \
	"$mixed left the folder with some files old and some new (each file is atomic, the set is not)"
# a complete run afterwards: every file new, and what the killed runs left
next=$( [ "$current" = a ] && echo b || echo a)
"$REGDEFGEN" generate -o "$T/out" "$T/$next/big.json" || fail "complete run after the kills failed"
for f in $(outputs_of big); do
	cmp -s "$T/out/big/$f" "$T/ref-$next/big/$f" || fail "after a complete run, big/$f is not the new version"
done
stale=$(files_in "$T/out" | grep -c '\.tmp......$')
if [ "$stale" -gt 0 ]; then
	fail "$stale temporary file(s) left by killed runs remain after a complete run" \
		"(regdefgen removes stale NAME.PID.tmpXXXXXX files of dead runs):"
	files_in "$T/out" | grep '\.tmp......$' | sed 's/^/    /'
else
	ok "no temporary file left by the killed runs"
fi

# ---- 2. read-only output folder ----
as_nobody=
if command -v setpriv >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as_nobody="setpriv --reuid=65534 --regid=65534 --clear-groups"
elif command -v runuser >/dev/null 2>&1 && runuser -u nobody -- true 2>/dev/null; then
	as_nobody="runuser -u nobody --"
fi
if [ "$(id -u)" != 0 ]; then
	as_nobody= # already unprivileged: chmod is enough
fi
if [ "$(id -u)" = 0 ] && [ -z "$as_nobody" ]; then
	echo "skipped: read-only folder as user nobody: neither setpriv nor runuser can switch user here"
else
	# the folder itself is read-only: the layout's folder cannot be made
	mkdir -p "$T/ro1" && chmod 555 "$T/ro1"
	expect_refused "read-only output folder" "$T/ro1" "Permission denied" \
		$as_nobody "$REGDEFGEN_ABS" generate -o "$T/ro1" defs/x86_64.json
	# the layout's folder exists with old files, read-only
	mkdir -p "$T/ro2/x86_64"
	for f in $(outputs_of x86_64); do echo "old $f" >"$T/ro2/x86_64/$f"; done
	chmod 444 "$T/ro2/x86_64"/* && chmod 555 "$T/ro2/x86_64" "$T/ro2"
	expect_refused "read-only layout folder with old files" "$T/ro2" "Permission denied" \
		$as_nobody "$REGDEFGEN_ABS" generate -o "$T/ro2" defs/x86_64.json
	chmod -R u+w "$T/ro1" "$T/ro2"
fi

# ---- 3. full output folder, and a read-only mount ----
ns=
if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null 2>&1 && unshare -m true 2>/dev/null; then
	ns="unshare -m"
elif command -v unshare >/dev/null 2>&1 && unshare -rm true 2>/dev/null; then
	ns="unshare -rm" # a user namespace may mount tmpfs but not change user
fi
# in_ns MODE DIR SIZE CMD...: CMD with DIR a fresh tmpfs of SIZE (MODE
# tmpfs) or DIR bind-mounted read-only (MODE ro), in a private mount
# namespace, so nothing stays mounted whatever happens.  Exit 3: no mount.
in_ns() { $ns sh tests/faults/test-faults.sh --in-namespace "$@"; }

if [ -z "$ns" ]; then
	echo "skipped: full and read-only-mounted output folders: no mount namespace here (unshare -m and unshare -rm both refused)"
else
	# 3a. a 16 KiB folder, empty: the x86_64 outputs (51 KB) cannot fit
	cat >"$T/full-a.sh" <<EOF
cd "$ROOT" && "$REGDEFGEN_ABS" generate -o "$T/full" defs/x86_64.json >"$T/stdout" 2>"$T/stderr"
echo \$? >"$T/rc"
(cd "$T/full" && find . -mindepth 1 | LC_ALL=C sort) >"$T/left"
(cd "$T/full" && find . -type f -exec cksum {} +) >"$T/sums"
EOF
	in_ns tmpfs "$T/full" 16k sh "$T/full-a.sh"
	if [ $? -eq 3 ]; then
		echo "skipped: full output folder: cannot mount a tmpfs here"
	else
		rc=$(cat "$T/rc")
		if [ "$rc" -ne 1 ] || ! grep -q 'error: .*No space left on device' "$T/stderr"; then
			fail "full 16 KiB folder: exit $rc, expected 1 and a 'No space left on device' error:"
			sed 's/^/    /' "$T/stderr" >&2
		else
			ok "full 16 KiB folder: exit 1, $(grep -m 1 'error:' "$T/stderr")"
		fi
		grep -q '\.tmp......$' "$T/left" && fail "full 16 KiB folder: temporary file(s) left: $(grep '\.tmp' "$T/left" | tr '\n' ' ')"
		"$REGDEFGEN" generate -o "$T/ref-x86" defs/x86_64.json
		partial=0
		while read -r sum size path; do
			case $path in *.tmp??????) continue ;; esac
			[ "$(cksum <"$T/ref-x86/$path" | awk '{ print $1, $2 }')" = "$sum $size" ] || {
				fail "full 16 KiB folder: $path is partial ($size bytes)"; partial=1; }
		done <"$T/sums"
		if grep -q -v -e '^\./x86_64$' "$T/left"; then
			strict "full 16 KiB folder: the failed run left complete new files behind, so the set of outputs is part new, part missing: $(grep -v -e '^\./x86_64$' "$T/left" | tr '\n' ' ')"
		elif grep -q '^\./x86_64$' "$T/left"; then
			echo "note: full 16 KiB folder: the failed run left the empty folder x86_64/ behind"
		else
			ok "full 16 KiB folder: nothing left behind"
		fi
		[ "$partial" = 0 ] && ok "full 16 KiB folder: no partial file"
	fi

	# 3b. a 1 MiB folder holding old outputs, then filled up: a rewrite
	# fails and the old files stay whole
	mkdir -p "$T/s/a" "$T/s/b"
	python3 tests/faults/mkdef.py regs 200 a "$T/s/a/small.json"
	python3 tests/faults/mkdef.py regs 200 b "$T/s/b/small.json"
	"$REGDEFGEN" generate -o "$T/ref-small" "$T/s/a/small.json"
	cat >"$T/full-b.sh" <<EOF
"$REGDEFGEN_ABS" generate -o "$T/full2" "$T/s/a/small.json" || exit 4
dd if=/dev/zero of="$T/full2/filler" bs=4096 2>/dev/null
"$REGDEFGEN_ABS" generate -o "$T/full2" "$T/s/b/small.json" >"$T/stdout" 2>"$T/stderr"
echo \$? >"$T/rc"
rm -f "$T/full2/filler"
(cd "$T/full2" && find . -mindepth 1 | LC_ALL=C sort) >"$T/left"
for f in $(outputs_of small); do
	cmp -s "$T/full2/small/\$f" "$T/ref-small/small/\$f" || echo "\$f"
done >"$T/changed"
EOF
	in_ns tmpfs "$T/full2" 1m sh "$T/full-b.sh"
	case $? in
	3) echo "skipped: full folder with old files: cannot mount a tmpfs here" ;;
	4) fail "full folder with old files: the first run into an empty 1 MiB tmpfs failed" ;;
	*)
		rc=$(cat "$T/rc")
		if [ "$rc" -ne 1 ] || ! grep -q 'error: .*No space left on device' "$T/stderr"; then
			fail "full folder with old files: exit $rc, expected 1 and a 'No space left on device' error:"
			sed 's/^/    /' "$T/stderr" >&2
		else
			ok "full folder with old files: exit 1, $(grep -m 1 'error:' "$T/stderr")"
		fi
		grep -q '\.tmp' "$T/left" && fail "full folder with old files: temporary file(s) left: $(grep '\.tmp' "$T/left" | tr '\n' ' ')"
		if [ -s "$T/changed" ]; then
			fail "full folder with old files: not whole-old: $(tr '\n' ' ' <"$T/changed")"
		else
			ok "full folder with old files: every old file whole-old, no temporary file"
		fi ;;
	esac

	# 3c. a read-only mount (EROFS, which root cannot override)
	if [ "$ns" = "unshare -m" ]; then
		mkdir -p "$T/rom/x86_64"
		for f in $(outputs_of x86_64); do echo "old $f" >"$T/rom/x86_64/$f"; done
		cat >"$T/rom.sh" <<EOF
cd "$ROOT" && . tests/lib/common.sh && . tests/faults/lib.sh
T="$T"
expect_refused "read-only mount with old files" "$T/rom" "Read-only file system" \
	"$REGDEFGEN_ABS" generate -o "$T/rom" defs/x86_64.json
finish
EOF
		in_ns ro "$T/rom" - sh "$T/rom.sh"
		case $? in
		0) ;;
		3) echo "skipped: read-only mount: cannot bind-mount here" ;;
		*) fail "read-only mount: see above" ;;
		esac
	fi
fi
finish
