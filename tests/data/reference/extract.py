#!/usr/bin/env python3
"""Extract the per-layout facts of x86-layouts.md into tests/data/reference/NAME.tsv.

Usage: python3 tests/data/reference/extract.py PATH/TO/x86-layouts.md [OUTDIR]

OUTDIR defaults to the folder of this script.  The script is kept for
provenance: the TSV files it wrote are committed and reviewed, and the tests
read only those (never the markdown).  Run it again when the reference
changes and review the diff.

What is read, mechanically:
  * "### Summary of the six layouts": g bytes, <architecture>, LLDB host-info
    triple, LLDB breakpoint-pc-offset, GDB features, primary/sub-register
    counts and index ranges (the counts are only cross-checked);
  * the line "LLDB sets for all six: `[...]`";
  * the register table of each "## N. LAYOUT — ..." section;
  * the slice tables of "### 1.1" and "## 7." (one "Idx ..." column per layout).

Table conventions resolved (x86-layouts.md §0):
  * LLDB name "=" -> Name; EH "=" -> DWARF; bold EH (**5**) -> 5;
  * "—" -> none, written "-" in the TSV;
  * Generic "flags†" (x86_64 layouts) -> "flags" (we emit it, see †);
  * Set GPR/FPR -> 0/1 (the index into the sets list);
  * Feature short names -> full GDB feature names; "core (→x)" (QEMU rows) ->
    x, the feature of our GDB-friendly description; "custom" ->
    org.regdefgen.x86.system;
  * GDB types as we emit them: QEMU's x64_eflags/x64_mxcsr -> i386_eflags/
    i386_mxcsr; x64_cr0/i386_cr0, *_cr3, *_cr4, *_efer -> x86_cr0, x86_cr3,
    x86_cr4, x86_efer; a QEMU row moved to "segments" (fs_base/gs_base of
    x86_64-qemu) gets type "int" (§3: the GDB-friendly form uses type="int",
    64 bits).
The verbatim Feature and GDB type cells are kept in the last two columns
(ref_feature, ref_gdb_type) so the mapping can be reviewed.

Consistency checks (the script stops with an error if one fails): Rmt is
0, 1, 2, ...; Off is the sum of the sizes before; the last offset + size is
the summary's g bytes and the "Total `g` size" line; register and slice
counts and index ranges match the summary; slice bits = msb - lsb + 1.
"""

import hashlib
import json
import os
import re
import sys

FEATURES = {
    "core": "org.gnu.gdb.i386.core",
    "sse": "org.gnu.gdb.i386.sse",
    "linux": "org.gnu.gdb.i386.linux",
    "segments": "org.gnu.gdb.i386.segments",
    "custom": "org.regdefgen.x86.system",
}

TYPES = {
    "x64_eflags": "i386_eflags",
    "x64_mxcsr": "i386_mxcsr",
    "x64_cr0": "x86_cr0", "i386_cr0": "x86_cr0",
    "x64_cr3": "x86_cr3", "i386_cr3": "x86_cr3",
    "x64_cr4": "x86_cr4", "i386_cr4": "x86_cr4",
    "x64_efer": "x86_efer", "i386_efer": "x86_efer",
}

SETS = {"GPR": 0, "FPR": 1}
NONE = "-"
DASH = "\u2014"  # the table's "—"

REG_COLUMNS = ["rmt", "name", "lldb_name", "bits", "off", "feature", "gdb_type",
               "group", "dwarf", "eh", "set", "enc", "fmt", "generic", "alt",
               "ref_feature", "ref_gdb_type"]
SLICE_COLUMNS = ["idx", "name", "slice", "bits", "set", "enc", "fmt"]


class ExtractError(Exception):
    pass


def die(msg):
    raise ExtractError(msg)


def cells(line):
    """Cells of a markdown table row (outer pipes removed, stripped)."""
    s = line.strip()
    if not (s.startswith("|") and s.endswith("|")):
        return None
    return [c.strip() for c in s[1:-1].split("|")]


def table_at(lines, i):
    """The table starting at line i: (header cells, list of row cells, next i)."""
    header = cells(lines[i])
    sep = cells(lines[i + 1])
    if header is None or sep is None or not all(re.fullmatch(r":?-+:?", c) for c in sep):
        die("line %d: not a table header" % (i + 1))
    rows = []
    j = i + 2
    while j < len(lines):
        c = cells(lines[j])
        if c is None:
            break
        if len(c) != len(header):
            die("line %d: %d cells, header has %d" % (j + 1, len(c), len(header)))
        rows.append((j + 1, c))
        j += 1
    return header, rows, j


def unbold(s):
    m = re.fullmatch(r"\*\*(.*)\*\*", s)
    return m.group(1) if m else s


def integer(s, where):
    if not re.fullmatch(r"-?\d+", s):
        die("%s: %r is not an integer" % (where, s))
    return int(s)


def first_code(s):
    m = re.search(r"`([^`]*)`", s)
    return m.group(1) if m else None


def parse_summary(lines, i, where):
    header, rows, _ = table_at(lines, i)
    want = ["Layout", "Primary regs", "`g` bytes", "GDB features (GDB-friendly form)",
            "`<architecture>`", "LLDB host-info triple", "LLDB breakpoint-pc-offset",
            "LLDB sub-registers"]
    if header != want:
        die("%s: unexpected summary columns %r" % (where, header))
    out = {}
    for ln, c in rows:
        w = "line %d" % ln
        layout = c[0]
        f = {}
        f["primary_regs"] = integer(re.match(r"\d+", c[1]).group(0), w)
        f["g_bytes"] = integer(c[2], w)
        feats = c[3].split("GDB-friendly:", 1)[-1]
        feats = re.sub(r"\(.*?\)", "", feats)
        names = [x.strip() for x in feats.split("+")]
        for n in names:
            if n not in FEATURES:
                die("%s: unknown feature %r" % (w, n))
        f["gdb_features"] = ",".join(FEATURES[n] for n in names)
        arch = first_code(c[4])
        if arch is None:
            die("%s: no architecture" % w)
        f["architecture"] = arch
        triple = first_code(c[5])
        if triple is None:
            die("%s: no triple" % w)
        f["triple"] = triple
        if c[6].startswith("absent"):
            f["breakpoint_pc_offset"] = NONE
        else:
            v = first_code(c[6])
            if v is None:
                die("%s: breakpoint-pc-offset %r" % (w, c[6]))
            f["breakpoint_pc_offset"] = str(integer(v, w))
        m = re.match(r"(\d+), (?:list )?indices (\d+)-(\d+)", c[7])
        if not m:
            die("%s: sub-registers %r" % (w, c[7]))
        f["num_slices"], f["_slice_first"], f["_slice_last"] = (int(x) for x in m.groups())
        out[layout] = f
    return out


def resolve_feature(cell, where):
    m = re.fullmatch(r"core \(\u2192(\w+)\)", cell)
    short = m.group(1) if m else cell
    if short not in FEATURES:
        die("%s: unknown feature %r" % (where, cell))
    return FEATURES[short], bool(m)


def parse_registers(lines, i, layout, where):
    header, rows, _ = table_at(lines, i)
    want = ["Rmt", "Name", "LLDB name", "Bits", "Off", "Feature", "GDB type", "Group",
            "DWARF", "EH", "Set", "Enc", "Fmt", "Generic", "Alt"]
    if header != want:
        die("%s: unexpected register columns %r" % (where, header))
    regs = []
    for ln, c in rows:
        w = "line %d" % ln
        col = dict(zip(want, c))
        r = {}
        r["rmt"] = str(integer(col["Rmt"], w))
        r["name"] = col["Name"]
        r["lldb_name"] = col["Name"] if col["LLDB name"] == "=" else col["LLDB name"]
        r["bits"] = str(integer(col["Bits"], w))
        r["off"] = str(integer(col["Off"], w))
        feature, moved = resolve_feature(col["Feature"], w)
        r["feature"] = feature
        gtype = TYPES.get(col["GDB type"], col["GDB type"])
        if moved and feature == FEATURES["segments"]:
            gtype = "int"
        r["gdb_type"] = gtype
        r["group"] = NONE if col["Group"] == DASH else col["Group"]
        dwarf = NONE if col["DWARF"] == DASH else str(integer(col["DWARF"], w))
        r["dwarf"] = dwarf
        eh = unbold(col["EH"])
        if eh == "=":
            eh = dwarf
        elif eh == DASH:
            eh = NONE
        else:
            eh = str(integer(eh, w))
        r["eh"] = eh
        if col["Set"] not in SETS:
            die("%s: unknown set %r" % (w, col["Set"]))
        r["set"] = str(SETS[col["Set"]])
        r["enc"] = col["Enc"]
        r["fmt"] = col["Fmt"]
        gen = col["Generic"].rstrip("\u2020")
        r["generic"] = NONE if gen == DASH else gen
        r["alt"] = NONE if col["Alt"] == DASH else col["Alt"]
        r["ref_feature"] = col["Feature"]
        r["ref_gdb_type"] = col["GDB type"]
        for k, v in r.items():
            if v == "" or "\t" in v:
                die("%s: empty or tab in %s" % (w, k))
        regs.append(r)
    # wire consistency
    off = 0
    for n, r in enumerate(regs):
        if int(r["rmt"]) != n:
            die("%s: %s has Rmt %s, expected %d" % (layout, r["name"], r["rmt"], n))
        if int(r["off"]) != off:
            die("%s: %s has Off %s, expected %d" % (layout, r["name"], r["off"], off))
        if int(r["bits"]) % 8:
            die("%s: %s: bits %s" % (layout, r["name"], r["bits"]))
        off += int(r["bits"]) // 8
    return regs, off


def parse_slices(lines, i, where):
    header, rows, _ = table_at(lines, i)
    if header[-3:] != ["Name", "Slice", "Bits"]:
        die("%s: unexpected slice columns %r" % (where, header))
    layouts = []
    for h in header[:-3]:
        m = re.fullmatch(r"Idx \(?([\w-]+)\)?", h)
        if not m:
            die("%s: slice column %r" % (where, h))
        layouts.append(m.group(1))
    out = {lay: [] for lay in layouts}
    for ln, c in rows:
        w = "line %d" % ln
        name, sl, bits = c[-3], c[-2].strip("`"), integer(c[-1], w)
        m = re.fullmatch(r"([A-Za-z_]\w*)\[(\d+):(\d+)\]", sl)
        if not m:
            die("%s: slice %r" % (w, sl))
        if int(m.group(2)) - int(m.group(3)) + 1 != bits:
            die("%s: %s is %d bits, slice says otherwise" % (w, name, bits))
        for lay, idx in zip(layouts, c[:len(layouts)]):
            # slices: set 0, uint, hex for all (§1.1 / §7 text)
            out[lay].append({"idx": str(integer(idx, w)), "name": name, "slice": sl,
                             "bits": str(bits), "set": "0", "enc": "uint", "fmt": "hex"})
    return out


def main(argv):
    if len(argv) not in (2, 3):
        sys.stderr.write("usage: extract.py x86-layouts.md [OUTDIR]\n")
        return 2
    src = argv[1]
    outdir = argv[2] if len(argv) == 3 else os.path.dirname(os.path.abspath(__file__))
    with open(src, "rb") as f:
        raw = f.read()
    digest = hashlib.sha256(raw).hexdigest()
    lines = raw.decode("utf-8").split("\n")

    summary = None
    sets = None
    regs = {}
    totals = {}
    slices = {}
    section = None
    for i, line in enumerate(lines):
        where = "line %d" % (i + 1)
        m = re.match(r"##\s+(\d+)\.\s+([\w-]+) \u2014 ", line)
        if m:
            section = m.group(2)
            continue
        if line.startswith("#"):
            section = None
        if line.startswith("### Summary of the six layouts"):
            j = i + 1
            while not lines[j].startswith("|"):
                j += 1
            summary = parse_summary(lines, j, where)
        elif line.startswith("LLDB sets for all six:"):
            sets = json.loads(first_code(line))
        elif line.startswith("| Rmt | Name |") and section is not None:
            if section in regs:
                die("%s: second register table for %s" % (where, section))
            regs[section], totals[section] = parse_registers(lines, i, section, where)
        elif re.match(r"\| Idx", line):
            for lay, sl in parse_slices(lines, i, where).items():
                if lay in slices:
                    die("%s: second slice table for %s" % (where, lay))
                slices[lay] = sl
        m = re.match(r"Total `g` size: \*\*(\d+) bytes\*\* \((\d+) registers\)", line)
        if m and section is not None:
            if section not in regs:
                die("%s: total before table" % where)
            if int(m.group(1)) != totals[section] or int(m.group(2)) != len(regs[section]):
                die("%s: %s total line %s/%s, table gives %d bytes/%d registers"
                    % (where, section, m.group(1), m.group(2), totals[section], len(regs[section])))

    if summary is None or sets is None:
        die("summary table or sets line not found")
    if set(summary) != set(regs) or set(summary) != set(slices):
        die("layouts differ: summary %s, register tables %s, slice tables %s"
            % (sorted(summary), sorted(regs), sorted(slices)))

    for layout in summary:
        f = summary[layout]
        r = regs[layout]
        s = slices[layout]
        if f["g_bytes"] != totals[layout]:
            die("%s: summary says %d bytes, table adds up to %d" % (layout, f["g_bytes"], totals[layout]))
        if f["primary_regs"] != len(r):
            die("%s: summary says %d registers, table has %d" % (layout, f["primary_regs"], len(r)))
        if f["num_slices"] != len(s):
            die("%s: summary says %d slices, table has %d" % (layout, f["num_slices"], len(s)))
        idxs = [int(x["idx"]) for x in s]
        if idxs != list(range(len(r), len(r) + len(s))) or \
                (idxs[0], idxs[-1]) != (f["_slice_first"], f["_slice_last"]):
            die("%s: slice indices %d-%d do not follow the %d registers / summary %d-%d"
                % (layout, idxs[0], idxs[-1], len(r), f["_slice_first"], f["_slice_last"]))
        feats = f["gdb_features"].split(",")
        for x in r:
            if x["feature"] not in feats:
                die("%s: %s in feature %s not listed in the summary" % (layout, x["name"], x["feature"]))

        path = os.path.join(outdir, layout + ".tsv")
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            out.write("# %s: facts from x86-layouts.md (sha256 %s),\n" % (layout, digest))
            out.write("# extracted by tests/data/reference/extract.py; see README.md there.\n")
            out.write("# '-' = none/absent.  Rows: fact KEY VALUE; set INDEX NAME; reg ...; slice ...\n")
            for key in ("g_bytes", "architecture", "triple", "breakpoint_pc_offset",
                        "gdb_features", "primary_regs", "num_slices"):
                out.write("fact\t%s\t%s\n" % (key, f[key]))
            for n, name in enumerate(sets):
                out.write("set\t%d\t%s\n" % (n, name))
            out.write("#reg\t" + "\t".join(REG_COLUMNS) + "\n")
            for x in r:
                out.write("reg\t" + "\t".join(x[k] for k in REG_COLUMNS) + "\n")
            out.write("#slice\t" + "\t".join(SLICE_COLUMNS) + "\n")
            for x in s:
                out.write("slice\t" + "\t".join(x[k] for k in SLICE_COLUMNS) + "\n")
        print("wrote %s: %d registers, %d slices, %d bytes" % (path, len(r), len(s), totals[layout]))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except ExtractError as e:
        sys.stderr.write("extract.py: %s\n" % e)
        sys.exit(1)
