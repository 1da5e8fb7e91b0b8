#!/bin/sh
# tests/header/test-compile-matrix.sh: the generated C headers
# (out/NAME/IDENT_regs.h) under every compiler we support.
#   1. each header compiles with zero warnings (-Wall -Wextra -Wpedantic
#      -Werror) under gcc and clang with -std=c99 and -std=c11, and as C++17
#      under g++ and clang++;
#   2. all headers together in one translation unit, same matrix;
#   3. per layout, the header included in two translation units linked into
#      one program (no duplicate symbols; built as C11 with gcc and as C++17
#      with clang++); the program prints the descriptor table and the
#      REGNUM/OFFSET/SIZE macros, which must equal the reference
#      (tests/data/reference/NAME.tsv), and reads target.xml through
#      IDENT_target_xml_read, whole and in small pieces at odd offsets as
#      qXfer:features:read would (alternating between the two translation
#      units); every read must give the bytes of out/NAME/target.xml;
#   4. the compile-time layout checks fire: a copy of the header with one
#      OFFSET macro (or the G_PACKET_SIZE) off by one must not compile, in
#      every mode of the matrix, and the error must name the check.
#
# Run from the repository root: sh tests/header/test-compile-matrix.sh
# REGDEFGEN_TEST_OUT=DIR checks DIR/NAME/... instead of out/NAME/...
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
REF_DIR=$ROOT/tests/data/reference
WARN="-Wall -Wextra -Wpedantic -Werror"
# "label|compiler|flags" (C++ compilers get -x c++ for the .c sources)
MODES="gcc-c99|gcc|-std=c99
gcc-c11|gcc|-std=c11
clang-c99|clang|-std=c99
clang-c11|clang|-std=c11
g++-c++17|g++|-x c++ -std=c++17
clang++-c++17|clang++|-x c++ -std=c++17"

make_tmpdir TMP
missing=
for c in gcc clang g++ clang++; do
	command -v "$c" >/dev/null 2>&1 || missing="$missing $c"
done
if [ -n "$missing" ]; then
	fail "compilers not found:$missing (Debian packages gcc g++ clang)"
	finish
fi

# compile LABEL LOG COMPILER FLAGS... : run one compiler, 120 s at most
compile() {
	_label=$1 _log=$2; shift 2
	if ! with_timeout 120 "$@" >"$_log" 2>&1; then
		fail "$_label: compilation failed: $*"
		head -n 30 "$_log" | sed 's/^/    /' >&2
		return 1
	fi
	if [ -s "$_log" ]; then
		fail "$_label: compiler printed something: $*"
		head -n 30 "$_log" | sed 's/^/    /' >&2
		return 1
	fi
	return 0
}

headers=
for layout in $LAYOUTS; do
	ident=$(ident_of "$layout")
	h=$OUT_DIR/$layout/${ident}_regs.h
	if [ -f "$h" ]; then
		headers="$headers $layout"
	else
		fail "no $h"
	fi
done

# ---- 1. each header alone, 2. all together ----
all_tu=$TMP/all.c
: >"$all_tu"
for layout in $headers; do
	ident=$(ident_of "$layout")
	IDENT=$(echo "$ident" | tr '[:lower:]' '[:upper:]')
	cat >"$TMP/one-$ident.c" <<EOF
#include "${ident}_regs.h"
int use_${ident}(void);
int use_${ident}(void)
{
	char buf[8];
	return (int)${ident}_reg_descs()[0].regnum + (int)${ident}_target_xml_read(buf, 0, sizeof buf) + ${IDENT}_NUM_REGS;
}
EOF
	echo "#include \"${ident}_regs.h\"" >>"$all_tu"
done
incs=
for layout in $headers; do incs="$incs -I$OUT_DIR/$layout"; done
cat >>"$all_tu" <<'EOF'
int all_headers(void);
int all_headers(void) { return 0; }
EOF
while IFS='|' read -r label cc flags; do
	n=0
	for layout in $headers; do
		ident=$(ident_of "$layout")
		# shellcheck disable=SC2086
		compile "$layout: $label" "$TMP/one-$ident-$label.log" \
			"$cc" $flags $WARN -I"$OUT_DIR/$layout" -c -o "$TMP/one-$ident-$label.o" "$TMP/one-$ident.c" &&
			n=$((n + 1))
	done
	# shellcheck disable=SC2086
	compile "all headers in one TU: $label" "$TMP/all-$label.log" \
		"$cc" $flags $WARN $incs -c -o "$TMP/all-$label.o" "$all_tu" &&
		ok "$label: $n headers alone and all together compile without warnings"
done <<EOF
$MODES
EOF

# ---- 3. two translation units, one program ----
for layout in $headers; do
	ident=$(ident_of "$layout")
	dir=$OUT_DIR/$layout
	tsv=$REF_DIR/$layout.tsv
	[ -f "$tsv" ] || { fail "$layout: no reference $tsv"; continue; }
	[ -f "$dir/target.xml" ] || { fail "$layout: no $dir/target.xml"; continue; }
	work=$TMP/prog-$ident
	mkdir -p "$work"
	if ! with_timeout 30 python3 - "$ident" "$tsv" "$work" >"$work/gen.log" 2>&1 <<'EOF'
import sys
ident, tsv, work = sys.argv[1:]
IDENT = ident.upper()
names = [line.split("\t")[2] for line in open(tsv, encoding="utf-8") if line.startswith("reg\t")]
macros = "\n".join(
    '\tprintf("macro %%s %%d %%d %%d\\n", "%s", (int)%s_REGNUM_%s, (int)%s_OFFSET_%s, (int)%s_SIZE_%s);'
    % (n, IDENT, n.upper(), IDENT, n.upper(), IDENT, n.upper()) for n in names)
tu2 = """#include <stddef.h>
#include "%(ident)s_regs.h"
size_t tu2_read(char *buf, size_t offset, size_t len);
const struct regdefgen_reg_desc *tu2_descs(void);
size_t tu2_read(char *buf, size_t offset, size_t len)
{
	return %(ident)s_target_xml_read(buf, offset, len);
}
const struct regdefgen_reg_desc *tu2_descs(void)
{
	return %(ident)s_reg_descs();
}
""" % {"ident": ident}
tu1 = r"""#include <stdio.h>
#include <string.h>
#include "%(ident)s_regs.h"
size_t tu2_read(char *buf, size_t offset, size_t len);
const struct regdefgen_reg_desc *tu2_descs(void);

#define XML_SIZE ((size_t)%(IDENT)s_TARGET_XML_SIZE)
static char piece[%(IDENT)s_TARGET_XML_SIZE + 64];

static const char *str(const char *s)
{
	return s ? s : "-";
}

/* Reads target.xml from start to its end in pieces of chunk bytes, as a
 * qXfer client does (next offset = offset + bytes returned, stop at 0),
 * alternating between the two translation units; writes what it got. */
static int read_all(const char *path, size_t start, size_t chunk)
{
	FILE *f = fopen(path, "wb");
	size_t off = start, n;
	unsigned turn = 0;

	if (!f)
		return 1;
	for (;;) {
		memset(piece, 0x5a, sizeof piece);
		n = (turn++ & 1) ? tu2_read(piece, off, chunk) : %(ident)s_target_xml_read(piece, off, chunk);
		if (n > chunk || piece[n] != 0x5a) {
			fprintf(stderr, "read at %%lu, %%lu bytes: wrote past the bytes it returned (%%lu)\n",
				(unsigned long)off, (unsigned long)chunk, (unsigned long)n);
			fclose(f);
			return 1;
		}
		if (n < chunk && off + n != XML_SIZE && !(off >= XML_SIZE && n == 0)) {
			fprintf(stderr, "read at %%lu, %%lu bytes: short read (%%lu) before the end (%%lu)\n",
				(unsigned long)off, (unsigned long)chunk, (unsigned long)n, (unsigned long)XML_SIZE);
			fclose(f);
			return 1;
		}
		if (n == 0)
			break;
		if (fwrite(piece, 1, n, f) != n) {
			fclose(f);
			return 1;
		}
		off += n;
	}
	return fclose(f) != 0;
}

int main(int argc, char **argv)
{
	const struct regdefgen_reg_desc *d1 = %(ident)s_reg_descs(), *d2 = tu2_descs();
	static const size_t reads[][2] = {
		{ 0, %(IDENT)s_TARGET_XML_SIZE + 32 }, { 0, 7 }, { 1, 7 }, { 3, 7 }, { 5, 7 },
		{ 0, 1 }, { 11, 13 }, { 7, 4096 }, { %(IDENT)s_TARGET_XML_SIZE - 1, 7 },
		{ %(IDENT)s_TARGET_XML_SIZE, 7 }, { %(IDENT)s_TARGET_XML_SIZE + 5, 7 },
	};
	char path[4096];
	unsigned i;
	int bad = 0;

	if (argc != 2)
		return 2;
	printf("num_regs %%d\n", (int)%(IDENT)s_NUM_REGS);
	printf("g_packet_size %%d\n", (int)%(IDENT)s_G_PACKET_SIZE);
	printf("target_xml_size %%lu\n", (unsigned long)XML_SIZE);
	for (i = 0; i < %(IDENT)s_NUM_REGS; i++) {
		printf("desc %%s %%u %%u %%u %%d %%s %%s\n", d1[i].name, d1[i].regnum, d1[i].bitsize,
			d1[i].offset, d1[i].dwarf, str(d1[i].generic), str(d1[i].group));
		if (strcmp(d1[i].name, d2[i].name) || d1[i].regnum != d2[i].regnum ||
		    d1[i].bitsize != d2[i].bitsize || d1[i].offset != d2[i].offset ||
		    d1[i].dwarf != d2[i].dwarf || strcmp(str(d1[i].generic), str(d2[i].generic)) ||
		    strcmp(str(d1[i].group), str(d2[i].group)))
			bad = 1;
	}
	printf("tables_agree %%d\n", !bad);
%(macros)s
	for (i = 0; i < sizeof reads / sizeof reads[0]; i++) {
		snprintf(path, sizeof path, "%%s/read-%%u.xml", argv[1], i);
		printf("read %%lu %%lu %%s\n", (unsigned long)reads[i][0], (unsigned long)reads[i][1], path);
		if (read_all(path, reads[i][0], reads[i][1]))
			return 1;
	}
	return 0;
}
""" % {"ident": ident, "IDENT": IDENT, "macros": macros}
open(work + "/tu1.c", "w").write(tu1)
open(work + "/tu2.c", "w").write(tu2)
EOF
	then
		fail "$layout: cannot write the test program: $(cat "$work/gen.log")"
		continue
	fi
	for pm in "gcc-c11|gcc|-std=c11" "clang++-c++17|clang++|-x c++ -std=c++17"; do
		label=${pm%%|*}
		rest=${pm#*|}
		cc=${rest%%|*}
		flags=${rest#*|}
		bin=$work/prog-$label
		# shellcheck disable=SC2086
		compile "$layout: two TUs ($label)" "$work/cc-$label.log" \
			"$cc" $flags $WARN -I"$dir" -o "$bin" "$work/tu1.c" "$work/tu2.c" || continue
		rm -rf "$work/run-$label"
		mkdir -p "$work/run-$label"
		if ! with_timeout 30 "$bin" "$work/run-$label" >"$work/run-$label.txt" 2>"$work/run-$label.err"; then
			fail "$layout: two TUs ($label): the program failed: $(cat "$work/run-$label.err")"
			continue
		fi
		if with_timeout 30 python3 - "$layout" "$tsv" "$dir/target.xml" "$work/run-$label.txt" >"$work/cmp-$label.txt" 2>&1 <<'EOF'
import sys
layout, tsv, xml, run = sys.argv[1:]
errors = []
def err(m):
    errors.append("%s: %s" % (layout, m))

facts, ref = {}, []
for line in open(tsv, encoding="utf-8"):
    c = line.rstrip("\n").split("\t")
    if c[0] == "fact":
        facts[c[1]] = c[2]
    elif c[0] == "reg":
        r = dict(zip(["rmt", "name", "lldb_name", "bits", "off", "feature", "gdb_type", "group",
                      "dwarf", "eh", "set", "enc", "fmt", "generic", "alt"], c[1:]))
        ref.append(r)
xml_bytes = open(xml, "rb").read()

vals, descs, macros, reads = {}, [], [], []
for line in open(run):
    t = line.split()
    if t[0] == "desc":
        descs.append(t[1:])
    elif t[0] == "macro":
        macros.append(t[1:])
    elif t[0] == "read":
        reads.append((int(t[1]), int(t[2]), t[3]))
    else:
        vals[t[0]] = t[1]

def check(what, expected, got):
    if str(expected) != str(got):
        err("%s: expected %s, got %s" % (what, expected, got))

check("NUM_REGS", len(ref), vals.get("num_regs"))
check("G_PACKET_SIZE", facts["g_bytes"], vals.get("g_packet_size"))
check("TARGET_XML_SIZE (bytes of target.xml)", len(xml_bytes), vals.get("target_xml_size"))
check("descriptor tables of the two TUs agree", 1, vals.get("tables_agree"))
check("number of descriptors", len(ref), len(descs))
for r, d in zip(ref, descs):
    want = [r["name"], r["rmt"], r["bits"], r["off"],
            "-1" if r["dwarf"] == "-" else r["dwarf"], r["generic"], r["group"]]
    for key, w, g in zip(["name", "regnum", "bitsize", "offset", "dwarf", "generic", "group"], want, d):
        check("desc %s: %s" % (r["name"], key), w, g)
check("number of macro rows", len(ref), len(macros))
for r, m in zip(ref, macros):
    check("REGNUM_%s" % r["name"].upper(), r["rmt"], m[1])
    check("OFFSET_%s" % r["name"].upper(), r["off"], m[2])
    check("SIZE_%s" % r["name"].upper(), int(r["bits"]) // 8, m[3])
if not reads:
    err("no target.xml reads")
for start, chunk, path in reads:
    got = open(path, "rb").read()
    want = xml_bytes[start:]
    if got != want:
        i = next((i for i, (a, b) in enumerate(zip(want, got)) if a != b), min(len(want), len(got)))
        err("target_xml_read from %d in pieces of %d: %d bytes, target.xml gives %d from there; "
            "first difference at byte %d" % (start, chunk, len(got), len(want), start + i))
for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
		then
			ok "$layout: two TUs ($label): descriptors and macros equal the reference; target.xml read whole and in pieces at odd offsets equals out/$layout/target.xml"
		else
			while IFS= read -r line; do fail "$line ($label)"; done <"$work/cmp-$label.txt"
		fi
	done
done

# ---- 4. the compile-time offset checks fire ----
for layout in $headers; do
	ident=$(ident_of "$layout")
	IDENT=$(echo "$ident" | tr '[:lower:]' '[:upper:]')
	tsv=$REF_DIR/$layout.tsv
	[ -f "$tsv" ] || continue
	# the second register: its check compares it with the first
	reg=$(awk -F '\t' '$1 == "reg" && $2 == "1" { print toupper($3) }' "$tsv")
	for what in "OFFSET_$reg" "G_PACKET_SIZE"; do
		bad=$TMP/bad-$ident-$what
		mkdir -p "$bad"
		if ! with_timeout 30 python3 - "$OUT_DIR/$layout/${ident}_regs.h" "$bad/${ident}_regs.h" "${IDENT}_$what" <<'EOF'
import re, sys
src, dst, macro = sys.argv[1:]
text = open(src, encoding="utf-8").read()
text, n = re.subn(r"^(#define %s )(\d+)$" % re.escape(macro),
                  lambda m: m.group(1) + str(int(m.group(2)) + 1), text, flags=re.M)
if n != 1:
    sys.exit("%s: #define %s N found %d times" % (src, macro, n))
open(dst, "w", encoding="utf-8").write(text)
EOF
		then
			fail "$layout: cannot corrupt ${IDENT}_$what"
			continue
		fi
		nfired=0 nmodes=0
		while IFS='|' read -r label cc flags; do
			nmodes=$((nmodes + 1))
			log=$bad/$label.log
			# shellcheck disable=SC2086
			if with_timeout 120 "$cc" $flags $WARN -I"$bad" -c -o "$bad/$label.o" "$TMP/one-$ident.c" >"$log" 2>&1; then
				fail "$layout: $label compiled a header with ${IDENT}_$what off by one"
			elif ! grep -q "${ident}_\(offset_of_[a-z0-9_]*\|g_packet_size\)" "$log"; then
				fail "$layout: $label rejected ${IDENT}_$what off by one, but not with the layout check:"
				head -n 10 "$log" | sed 's/^/    /' >&2
			else
				nfired=$((nfired + 1))
			fi
		done <<EOF
$MODES
EOF
		[ "$nfired" -eq "$nmodes" ] &&
			ok "$layout: ${IDENT}_$what off by one stops compilation in all $nmodes modes"
	done
done
finish
