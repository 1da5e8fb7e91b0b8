#!/bin/sh
# tests/gdb/test-gdb-tdesc.sh: give every generated target.xml to GDB with
# `set tdesc filename` (no stub needed) and check what GDB made of it:
#   * `maint print remote-registers` prints no warning, and its rows with a
#     remote number (Name, Rmt Nr, Size, g/G Offset) are exactly the layout's
#     registers, as (a) the C header's descriptor table says (a tiny program
#     compiled against out/NAME/IDENT_regs.h prints it) and (b) the reference
#     tests/data/reference/NAME.tsv says; the g length agrees too;
#   * GDB really took the description: xmm0 and mxcsr sit in GDB's SSE slots
#     (GDB Nr 40/56 on amd64, 32/40 on i386; QEMU's own xmm-in-core XML puts
#     them elsewhere), fs_base/gs_base of x86_64-qemu in GDB's own slots
#     (152/153), and `maint print xml-tdesc` prints our features and
#     registers, not a fallback (a rejected file leaves GDB's default i386
#     description, which for i386-linux has the very same wire layout);
#   * that description (architecture, features in order, and per register
#     feature, type, group, bitsize, regnum) equals the reference, and so do
#     the LLDB attributes of our target.xml (dwarf_regnum, ehframe_regnum,
#     generic, altname).
#
# Run from the repository root: sh tests/gdb/test-gdb-tdesc.sh
# REGDEFGEN_TEST_OUT=DIR checks DIR/NAME/... instead of out/NAME/...
. tests/lib/common.sh

OUT_DIR=${REGDEFGEN_TEST_OUT:-$ROOT/out}
REF_DIR=$ROOT/tests/data/reference
GDB=${GDB:-gdb}
CC=${CC:-cc}

if ! command -v "$GDB" >/dev/null 2>&1; then
	fail "$GDB not found (Debian package gdb)"
	finish
fi
make_tmpdir TMP

for layout in $LAYOUTS; do
	ident=$(ident_of "$layout")
	IDENT=$(echo "$ident" | tr '[:lower:]' '[:upper:]')
	dir=$(cd "$OUT_DIR/$layout" 2>/dev/null && pwd)
	xml=$dir/target.xml
	header=$dir/${ident}_regs.h
	tsv=$REF_DIR/$layout.tsv
	if [ -z "$dir" ] || [ ! -f "$xml" ] || [ ! -f "$header" ]; then
		fail "$layout: no $OUT_DIR/$layout/target.xml or ${ident}_regs.h"
		continue
	fi
	[ -f "$tsv" ] || { fail "$layout: no reference $tsv"; continue; }
	failures_before=$_failures
	case "$xml" in
	*\'*) fail "$layout: paths with quotes are not supported"; continue ;;
	esac

	# (a) the header's table, from a program compiled against it
	cat >"$TMP/$ident-descs.c" <<EOF
#include <stdio.h>
#include "${ident}_regs.h"

int main(void)
{
	const struct regdefgen_reg_desc *d = ${ident}_reg_descs();
	unsigned i;

	printf("num_regs %d\\n", (int)${IDENT}_NUM_REGS);
	printf("g_packet_size %d\\n", (int)${IDENT}_G_PACKET_SIZE);
	for (i = 0; i < ${IDENT}_NUM_REGS; i++)
		printf("reg %s %u %u %u\\n", d[i].name, d[i].regnum, d[i].bitsize, d[i].offset);
	return 0;
}
EOF
	if ! with_timeout 120 "$CC" -std=c11 -Wall -Wextra -Werror -I"$dir" -o "$TMP/$ident-descs" "$TMP/$ident-descs.c" >"$TMP/$ident-cc.log" 2>&1; then
		fail "$layout: cannot compile a program against $header:"
		sed 's/^/    /' "$TMP/$ident-cc.log" >&2
		continue
	fi
	if ! with_timeout 30 "$TMP/$ident-descs" >"$TMP/$ident-descs.txt"; then
		fail "$layout: the descriptor program failed"
		continue
	fi

	# GDB, exactly: set tdesc filename + maint print remote-registers
	with_timeout 120 "$GDB" -nx -batch -ex "set tdesc filename $xml" -ex 'maint print remote-registers' >"$TMP/$ident-regs.txt" 2>&1
	rc=$?
	[ "$rc" -eq 0 ] || fail "$layout: gdb exited with $rc"
	if grep -i warning "$TMP/$ident-regs.txt" >"$TMP/$ident-warn.txt"; then
		while IFS= read -r line; do fail "$layout: gdb: $line"; done <"$TMP/$ident-warn.txt"
	fi
	# and what GDB says it is using
	with_timeout 120 "$GDB" -nx -batch -ex "set tdesc filename $xml" -ex 'maint print xml-tdesc' >"$TMP/$ident-tdesc.xml" 2>"$TMP/$ident-tdesc.err"
	rc=$?
	[ "$rc" -eq 0 ] || fail "$layout: gdb (maint print xml-tdesc) exited with $rc"
	if [ -s "$TMP/$ident-tdesc.err" ]; then
		while IFS= read -r line; do fail "$layout: gdb: $line"; done <"$TMP/$ident-tdesc.err"
	fi

	if with_timeout 60 python3 - "$layout" "$TMP/$ident-regs.txt" "$TMP/$ident-descs.txt" "$tsv" "$xml" "$TMP/$ident-tdesc.xml" >"$TMP/$ident-cmp.txt" 2>&1 <<'EOF'
import sys
import xml.etree.ElementTree as ET

layout, regs_txt, descs_txt, tsv, our_xml, gdb_xml = sys.argv[1:]
errors = []
def err(msg):
    errors.append("%s: %s" % (layout, msg))

# --- maint print remote-registers ---
# columns: Name Nr Rel Offset Size Type [Rmt Nr, g/G Offset]
rows, header_seen = [], False
for line in open(regs_txt):
    t = line.split()
    if t[:2] == ["Name", "Nr"]:
        header_seen = True
        continue
    if len(t) < 6 or not all(x.isdigit() for x in t[1:5]):
        continue
    name, nr, size = t[0], int(t[1]), int(t[4])
    rest = t[5:]
    if len(rest) >= 3 and rest[-1].isdigit() and rest[-2].isdigit():
        rows.append({"name": name, "nr": nr, "size": size,
                     "rmt": int(rest[-2]), "goff": int(rest[-1])})
    else:
        rows.append({"name": name, "nr": nr, "size": size, "rmt": None, "goff": None})
if not header_seen:
    err("no register table in the output of maint print remote-registers")
wire = sorted((r for r in rows if r["rmt"] is not None), key=lambda r: r["rmt"])
got = [(r["name"], r["rmt"], r["size"], r["goff"]) for r in wire]

# --- (a) the header's descriptor table ---
descs, hdr = [], {}
for line in open(descs_txt):
    t = line.split()
    if t[0] == "reg":
        descs.append((t[1], int(t[2]), int(t[3]) // 8, int(t[4])))
    else:
        hdr[t[0]] = int(t[1])

# --- (b) the reference ---
ref, facts, ref_regs = [], {}, []
for line in open(tsv, encoding="utf-8"):
    c = line.rstrip("\n").split("\t")
    if c[0] == "reg":
        ref.append((c[2], int(c[1]), int(c[4]) // 8, int(c[5])))
        ref_regs.append(dict(zip(["rmt", "name", "lldb_name", "bits", "off", "feature", "gdb_type",
                                  "group", "dwarf", "eh", "set", "enc", "fmt", "generic", "alt"], c[1:])))
    elif c[0] == "fact":
        facts[c[1]] = c[2]

def compare(what, want):
    bad = []
    for i in range(max(len(want), len(got))):
        w = want[i] if i < len(want) else None
        g = got[i] if i < len(got) else None
        if w != g:
            bad.append("%s: remote register #%d: expected (name, Rmt Nr, Size, g/G Offset) = %s, GDB has %s"
                       % (what, i, w, g))
    for b in bad[:5]:
        err(b)
    if len(bad) > 5:
        err("%s: ... and %d more differing rows" % (what, len(bad) - 5))

compare("header", descs)
compare("reference", ref)
if hdr.get("num_regs") != len(descs) or hdr.get("num_regs") != len(ref):
    err("header: NUM_REGS %s, descriptor table has %d, reference %d"
        % (hdr.get("num_regs"), len(descs), len(ref)))
g_len = got[-1][3] + got[-1][2] if got else 0
for what, n in (("reference g_bytes", int(facts["g_bytes"])),
                ("header G_PACKET_SIZE", hdr.get("g_packet_size"))):
    if g_len != n:
        err("g length: GDB's last register ends at %d, %s is %s" % (g_len, what, n))
if len(set(r[1] for r in got)) != len(got):
    err("duplicate Rmt Nr in GDB's table")

# --- GDB took the description: fixed GDB numbers for known registers ---
amd64 = facts["architecture"] == "i386:x86-64"
slots = {"xmm0": 40, "mxcsr": 56} if amd64 else {"xmm0": 32, "mxcsr": 40}
if layout == "x86_64-qemu":
    slots.update({"fs_base": 152, "gs_base": 153})
by_name = {r["name"]: r for r in rows}
for name, nr in slots.items():
    r = by_name.get(name)
    if r is None or r["nr"] != nr:
        err("GDB Nr of %s: expected %d (GDB's own slot), got %s"
            % (name, nr, r and r["nr"]))

# --- maint print xml-tdesc is our description ---
def summary(path):
    root = ET.parse(path).getroot()
    arch = root.findtext("architecture")
    feats = []
    for f in root.findall("feature"):
        regs = [(r.get("name"), r.get("regnum"), r.get("bitsize"),
                 r.get("type", "int"), r.get("group")) for r in f.findall("reg")]
        feats.append((f.get("name"), regs))
    return arch, feats
try:
    ours = summary(our_xml)
    gdbs = summary(gdb_xml)
except ET.ParseError as e:
    err("maint print xml-tdesc: not XML (%s): GDB has no description from the file" % e)
else:
    if ours[0] != gdbs[0]:
        err("maint print xml-tdesc: architecture %r, ours %r" % (gdbs[0], ours[0]))
    of, gf = [f[0] for f in ours[1]], [f[0] for f in gdbs[1]]
    if of != gf:
        err("maint print xml-tdesc: features %s, ours %s" % (gf, of))
    for (fname, oregs), (_, gregs) in zip(ours[1], gdbs[1]):
        if oregs != gregs:
            diff = [(a, b) for a, b in zip(oregs, gregs) if a != b][:3]
            err("maint print xml-tdesc: feature %s: registers differ from ours "
                "(%d vs %d; first differences (ours, GDB's): %s)" % (fname, len(oregs), len(gregs), diff))

# --- the description GDB took, and our file's LLDB attributes, vs the reference ---
def regs_of(path):
    root = ET.parse(path).getroot()
    out = {}
    for f in root.findall("feature"):
        for r in f.findall("reg"):
            out[r.get("name")] = (f.get("name"), r)
    return root, out
for what, path in (("maint print xml-tdesc", gdb_xml), ("target.xml", our_xml)):
    try:
        root, regs = regs_of(path)
    except ET.ParseError:
        continue  # reported above
    if root.findtext("architecture") != facts["architecture"]:
        err("%s: architecture %r, reference %r" % (what, root.findtext("architecture"), facts["architecture"]))
    feats = ",".join(f.get("name") for f in root.findall("feature"))
    if feats != facts["gdb_features"]:
        err("%s: features %s, reference %s" % (what, feats, facts["gdb_features"]))
    for x in ref_regs:
        if x["name"] not in regs:
            err("%s: no register %s" % (what, x["name"]))
            continue
        feature, r = regs.pop(x["name"])
        got = {"feature": feature, "gdb_type": r.get("type", "int"), "group": r.get("group", "-"),
               "bits": r.get("bitsize"), "rmt": r.get("regnum")}
        if what == "target.xml":  # LLDB's attributes (GDB ignores and does not print them)
            got.update({"dwarf": r.get("dwarf_regnum", "-"), "eh": r.get("ehframe_regnum", "-"),
                        "generic": r.get("generic", "-"), "alt": r.get("altname", "-")})
        for key, value in got.items():
            if value != x[key]:
                err("%s: %s: %s: expected %s, got %s" % (what, x["name"], key, x[key], value))
    for name in regs:
        err("%s: register %s is not in the reference" % (what, name))

for e in errors:
    print(e)
sys.exit(1 if errors else 0)
EOF
	then
		[ "$_failures" -eq "$failures_before" ] &&
			ok "$layout: GDB took target.xml: $(grep -c "^reg" "$TMP/$ident-descs.txt") remote registers equal header and reference, SSE slots, xml-tdesc and LLDB attributes as in the reference"
	else
		while IFS= read -r line; do fail "$line"; done <"$TMP/$ident-cmp.txt"
	fi
done
finish
