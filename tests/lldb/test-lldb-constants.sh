#!/bin/sh
# tests/lldb/test-lldb-constants.sh: LLDB's constants are written once, in
# gen/model/known.c; the importer's stand-in lldb module is made from that
# table (known_lldb_module()).  This test takes the stand-in the way a file
# sees it (an LLDB file imported by "regdefgen diff" dumps the lldb module it
# was given) and compares every constant with LLDB 16's own lldb module,
# value by value; then checks that every lldb constant the generated LLDB
# files use is in the stand-in, and that the tests' own copies (dump_td.py's
# expected values, stubcheck.py's names) agree with it.  Negative controls:
# the comparisons report a stand-in dump with one value changed.
#
# Run from the repository root: sh tests/lldb/test-lldb-constants.sh
. tests/lib/common.sh

LLDB=${LLDB:-lldb-16}
if ! command -v "$LLDB" >/dev/null 2>&1; then
	fail "$LLDB not found (Debian packages lldb-16 python3-lldb-16)"
	finish
fi
make_tmpdir TMP
case "$TMP" in
*[\"\'\\]*) fail "temporary folder with quotes or backslashes: $TMP"; finish ;;
esac

# 1. the stand-in, as an imported file sees it: small.py with a dump first
{
	echo 'import json as _json, os as _os, lldb as _lldb'
	echo 'with open(_os.environ["REGDEFGEN_LLDB_DUMP"], "w") as _f:'
	echo '    _json.dump({n: getattr(_lldb, n) for n in dir(_lldb) if not n.startswith("_")}, _f, sort_keys=True)'
	cat tests/tools/data/diff/small.py
} >"$TMP/constdump.py"
if REGDEFGEN_LLDB_DUMP=$TMP/standin.json with_timeout 60 "$REGDEFGEN" diff \
	tests/tools/data/diff/small.json "$TMP/constdump.py" >"$TMP/diff.log" 2>&1; then
	ok "an LLDB file importing the stand-in lldb module reads as its def (regdefgen diff: same)"
else
	fail "regdefgen diff of the dumping file failed:"
	sed 's/^/    /' "$TMP/diff.log" >&2
fi
if [ ! -s "$TMP/standin.json" ]; then
	fail "the imported file wrote no dump of the stand-in lldb module"
	finish
fi

# 2. the same names in LLDB 16's embedded Python (the system python3 cannot
#    import lldb: lldb-target-definition.md section 1)
with_timeout 60 "$LLDB" --no-lldbinit -b -o "script import json, lldb; names = json.load(open(\"$TMP/standin.json\")); json.dump({n: getattr(lldb, n, None) for n in names}, open(\"$TMP/lldb.json\", \"w\"), sort_keys=True)" >"$TMP/lldb.log" 2>&1
if [ ! -s "$TMP/lldb.json" ]; then
	fail "$LLDB did not dump its lldb module:"
	sed 's/^/    /' "$TMP/lldb.log" >&2
	finish
fi

# compare STANDIN LLDB: one line per constant that differs; exit 1 if any
compare() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
ours, theirs = (json.load(open(p)) for p in sys.argv[1:3])
bad = ["%s: regdefgen %r, LLDB 16 %r" % (n, v, theirs.get(n)) for n, v in sorted(ours.items())
       if theirs.get(n) != v or type(theirs.get(n)) is not type(v)]
print("\n".join(bad) if bad else "%d constants" % len(ours))
sys.exit(1 if bad else 0)
EOF
}

if compare "$TMP/standin.json" "$TMP/lldb.json" >"$TMP/cmp.log"; then
	ok "every constant of the stand-in has LLDB 16's value: $(cat "$TMP/cmp.log")"
else
	while IFS= read -r line; do fail "$line"; done <"$TMP/cmp.log"
fi
grep -q '"eFormatHex": 11' "$TMP/standin.json" ||
	fail "the stand-in lacks eFormatHex = 11 (the dump is not what the test expects)"

# negative control: one value changed is reported, by name
sed 's/"eFormatHex": 11/"eFormatHex": 12/' "$TMP/standin.json" >"$TMP/tampered.json"
if compare "$TMP/tampered.json" "$TMP/lldb.json" >"$TMP/cmp-bad.log"; then
	fail "negative control: a stand-in with eFormatHex = 12 compared equal"
elif grep -qx "eFormatHex: regdefgen 12, LLDB 16 11" "$TMP/cmp-bad.log"; then
	ok "negative control: eFormatHex = 12 reported: $(cat "$TMP/cmp-bad.log")"
else
	fail "negative control: unexpected report: $(cat "$TMP/cmp-bad.log")"
fi

# 3. every constant the generated LLDB files use is in the stand-in
used=$(cat out/*/*_target_definition.py | grep -o '\b\(e[A-Z][A-Za-z0-9_]*\|LLDB_[A-Z0-9_]*\)\b' | LC_ALL=C sort -u)
missing=
for n in $used; do
	grep -q "\"$n\":" "$TMP/standin.json" || missing="$missing $n"
done
if [ -n "$used" ] && [ -z "$missing" ]; then
	ok "the $(echo "$used" | wc -l) lldb constants the generated files use are all in the stand-in"
else
	fail "constants the generated files use that the stand-in lacks:${missing:- (none found: the grep is wrong)}"
fi

# 4. the byte order constant comes from the table too: a little-endian
#    layout gets eByteOrderLittle; a big-endian one is refused by check
#    (model/check.c: nothing proves big-endian outputs), nothing written
for endian in big little; do
	cat >"$TMP/toy_$endian.json" <<EOF
{"target": {"gdb_architecture": "toy", "address_bits": 32, "endian": "$endian", "lldb_triple": "toy-unknown-none"},
 "features": [{"id": "core", "name": "org.toy.core"}], "sets": [{"id": "gpr", "name": "General Purpose Registers"}],
 "registers": [{"name": "r0", "bitsize": 32, "feature": "core", "set": "gpr"}]}
EOF
	if [ "$endian" = big ]; then
		"$REGDEFGEN" generate -o "$TMP/gen" "$TMP/toy_$endian.json" >"$TMP/gen.log" 2>&1
		rc=$?
		[ $rc = 1 ] && [ ! -e "$TMP/gen/toy_big" ] && grep -q "^$TMP/toy_big.json:1:[0-9]*: error: 'endian' \"big\" is not supported" "$TMP/gen.log" &&
			ok "a big-endian layout is refused (exit 1, at the endian key, nothing written)" ||
			fail "big-endian layout: exit $rc: $(cat "$TMP/gen.log")"
		continue
	fi
	if ! "$REGDEFGEN" generate -o "$TMP/gen" "$TMP/toy_$endian.json" >"$TMP/gen.log" 2>&1; then
		fail "generate $endian: $(cat "$TMP/gen.log")"
		continue
	fi
	want=eByteOrderLittle
	[ "$endian" = big ] && want=eByteOrderBig
	file=$TMP/gen/toy_$endian/toy_${endian}_target_definition.py
	if grep -q "\"endian\": $want}" "$file"; then
		ok "a $endian-endian layout's LLDB file says $want"
	else
		fail "a $endian-endian layout's LLDB file lacks \"endian\": $want: $(grep -o '"endian": [A-Za-z]*' "$file")"
	fi
done

# 5. the tests' own copies agree with the table: dump_td.py's expected
#    constants (test-lldb-tables.sh's oracle, kept independent of the code it
#    checks) have the stand-in's values, and the constants stubcheck.py's
#    name-only stand-in special-cases exist
copies() { # copies STANDIN: one line per disagreement; exit 1 if any
	python3 - "$1" "$ROOT/tests/lldb" "$ROOT/tests/e2e/stubcheck.py" <<'EOF'
import json, re, sys
standin = json.load(open(sys.argv[1]))
sys.path.insert(0, sys.argv[2])
import dump_td
pairs = [v for t in (dump_td.ENCODINGS, dump_td.FORMATS, dump_td.GENERICS) for v in t.values()]
pairs.append(dump_td.BYTE_ORDER_LITTLE)
bad = ["dump_td.py: %s = %r, the table %r" % (n, v, standin.get(n)) for n, v in pairs if standin.get(n) != v]
used = set(re.findall(r"[\"'](e[A-Z][A-Za-z0-9]*|LLDB_[A-Z0-9_]+)[\"']", open(sys.argv[3]).read()))
bad += ["stubcheck.py: %s is no constant of the table" % n for n in sorted(used) if n not in standin]
print("\n".join(bad) if bad else "%d constants of dump_td.py, %d of stubcheck.py" % (len(pairs), len(used)))
sys.exit(1 if bad else 0)
EOF
}
if copies "$TMP/standin.json" >"$TMP/copies.log"; then
	ok "the tests' copies agree with the table: $(cat "$TMP/copies.log")"
else
	while IFS= read -r line; do fail "$line"; done <"$TMP/copies.log"
fi
if copies "$TMP/tampered.json" >"$TMP/copies-bad.log"; then
	fail "negative control: dump_td.py's eFormatHex agreed with a table saying 12"
elif grep -qx "dump_td.py: eFormatHex = 11, the table 12" "$TMP/copies-bad.log"; then
	ok "negative control: $(cat "$TMP/copies-bad.log")"
else
	fail "negative control: unexpected report: $(cat "$TMP/copies-bad.log")"
fi
finish
