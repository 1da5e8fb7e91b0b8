#!/bin/sh
# tests/lldb/test-lldb-tables.sh: load every generated LLDB target-definition
# file in LLDB 16's embedded Python (the way LLDB itself imports it: module =
# file stem, get_dynamic_setting(None, "gdb-server-target-definition")) and
# compare the dict it returns, key by key, with the reference facts in
# tests/data/reference/NAME.tsv: register list order and names, set,
# bitsize, offset, encoding and format (as the lldb constants' values), gcc
# and dwarf numbers, generic, alt-name, slices, sets, host-info triple,
# breakpoint-pc-offset and g-packet-size.  Each mismatch prints
# "LAYOUT: REGISTER: KEY: expected X, got Y".
#
# Run from the repository root: sh tests/lldb/test-lldb-tables.sh
# REGDEFGEN_TEST_OUT=DIR checks DIR/NAME/... instead of out/NAME/...
# (used to prove the test fails on a corrupted copy).
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
REF_DIR=$ROOT/tests/data/reference
HELPER_DIR=$ROOT/tests/lldb
LLDB=${LLDB:-lldb-16}

if ! command -v "$LLDB" >/dev/null 2>&1; then
	fail "$LLDB not found (Debian packages lldb-16 python3-lldb-16)"
	finish
fi
make_tmpdir TMP

for layout in $LAYOUTS; do
	ident=$(ident_of "$layout")
	dir=$(cd "$OUT_DIR/$layout" 2>/dev/null && pwd)
	file=$dir/${ident}_target_definition.py
	tsv=$REF_DIR/$layout.tsv
	dump=$TMP/$layout.dump
	log=$TMP/$layout.log
	if [ -z "$dir" ] || [ ! -f "$file" ]; then
		fail "$layout: no $OUT_DIR/$layout/${ident}_target_definition.py"
		continue
	fi
	if [ ! -f "$tsv" ]; then
		fail "$layout: no reference $tsv"
		continue
	fi
	case "$dir$HELPER_DIR$TMP" in
	*[\"\'\\]*) fail "$layout: paths with quotes or backslashes are not supported"; continue ;;
	esac
	# The command line of real-clients.md §4, then the dict is handed to
	# the helper; no .pyc is written next to the generated file, and no
	# ~/.lldbinit is read.
	with_timeout 60 "$LLDB" --no-lldbinit -b -o "script import sys; sys.dont_write_bytecode = True; sys.path.insert(0, \"$dir\"); import ${ident}_target_definition as m; d = m.get_dynamic_setting(None, \"gdb-server-target-definition\"); sys.path.insert(0, \"$HELPER_DIR\"); import dump_td; dump_td.write(d, \"$dump\")" >"$log" 2>&1
	rc=$?
	if [ "$rc" -ne 0 ] || [ ! -s "$dump" ]; then
		fail "$layout: LLDB did not load $file (exit $rc):"
		sed 's/^/    /' "$log" >&2
		continue
	fi
	if with_timeout 60 python3 "$HELPER_DIR/dump_td.py" compare "$layout" "$tsv" "$dump" >"$TMP/$layout.diff" 2>&1; then
		n=$(grep -c '^reg	' "$tsv")
		s=$(grep -c '^slice	' "$tsv")
		ok "$layout: $n registers + $s sub-registers, sets, host-info, g-packet-size, breakpoint-pc-offset as in the reference"
	else
		while IFS= read -r line; do
			fail "$line"
		done <"$TMP/$layout.diff"
		[ -s "$TMP/$layout.diff" ] || fail "$layout: comparison failed without output"
	fi
done
finish
