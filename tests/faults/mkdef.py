#!/usr/bin/env python3
"""mkdef.py: synthetic defs for the fault tests.

  mkdef.py regs N VARIANT OUT.json   a valid layout of N 64-bit registers
                                     (VARIANT a or b: same size, different
                                     content, so regenerating changes files)
  mkdef.py pad BYTES OUT.json        a valid small layout padded with
                                     spaces to BYTES bytes
  mkdef.py chain N ORDER OUT.json    N types, each a union of the next
                                     (ORDER rev: each names a type defined
                                     after it) or of the previous (fwd)
  mkdef.py wide N OUT.json           N features and N types, one register
  mkdef.py includes N OUT.json       parts nested N deep (OUT.json includes
                                     p1.json, which includes p2.json, ...)
"""
import json
import os
import sys


def header(variant, n):
    return {
        "description": "synthetic layout of %d registers, variant %s" % (n, variant),
        "target": {"gdb_architecture": "i386:x86-64", "address_bits": 64,
                   "endian": "little", "lldb_triple": "x86_64-unknown-linux-gnu"},
        "features": [{"id": "core", "name": "org.gnu.gdb.i386.core"}],
        "sets": [{"id": "gpr", "name": "General Purpose Registers"}],
        "defaults": {"feature": "core", "set": "gpr", "bitsize": 64},
    }


def regs(n, variant, out):
    # Written piecewise: a million registers as one Python list of dicts
    # would cost the test more memory than the generator.
    head = json.dumps(header(variant, n))[:-1]
    prefix = "r" if variant == "a" else "q"
    with open(out, "w") as f:
        f.write(head + ', "registers": [\n')
        for i in range(n):
            f.write('{"name": "%s%d", "dwarf": %d}%s\n'
                    % (prefix, i, i, "," if i + 1 < n else ""))
        f.write("]}\n")


def pad(size, out):
    d = header("a", 1)
    d["registers"] = [{"name": "r0"}]
    text = json.dumps(d)
    with open(out, "w") as f:
        f.write(text[:-1])
        left = size - len(text)
        chunk = " " * 65536
        while left > 0:
            f.write(chunk[:min(left, len(chunk))])
            left -= len(chunk)
        f.write("}")


def compact(d, out):
    with open(out, "w") as f:
        f.write(json.dumps(d, separators=(",", ":")))


def chain(n, order, out):
    d = header("a", 1)
    last = {"id": "t%x" % n, "kind": "vector", "type": "uint8", "count": 8}
    if order == "rev":
        # t1 -> t2 -> ... -> tN: resolving t1 first recurses N deep
        types = [{"id": "t%x" % i, "kind": "union",
                  "fields": [{"name": "x", "type": "t%x" % (i + 1)}]}
                 for i in range(1, n)] + [last]
        top = "t1"
    else:
        types = [last] + [{"id": "t%x" % i, "kind": "union",
                           "fields": [{"name": "x", "type": "t%x" % (i + 1)}]}
                          for i in range(n - 1, 0, -1)]
        top = "t1"
    d["types"] = types
    d["registers"] = [{"name": "r0", "type": top}]
    compact(d, out)


def wide(n, out):
    d = header("a", 1)
    d["features"] = [{"id": "f%x" % i, "name": "f%x" % i} for i in range(n)]
    d["types"] = [{"id": "t%x" % i, "kind": "vector", "type": "uint8", "count": 8}
                  for i in range(n)]
    d["registers"] = [{"name": "r0", "feature": "f0"}]
    compact(d, out)


def includes(n, out):
    folder = os.path.dirname(out) or "."
    d = header("a", 1)
    d["registers"] = [{"name": "r0"}]
    d["include"] = ["p1.json"]
    compact(d, out)
    for i in range(1, n + 1):
        part = {"include": ["p%d.json" % (i + 1)]} if i < n else {}
        compact(part, os.path.join(folder, "p%d.json" % i))


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "regs":
        regs(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "pad":
        pad(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 5 and sys.argv[1] == "chain":
        chain(int(sys.argv[2]), sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 4 and sys.argv[1] == "wide":
        wide(int(sys.argv[2]), sys.argv[3])
    elif len(sys.argv) == 4 and sys.argv[1] == "includes":
        includes(int(sys.argv[2]), sys.argv[3])
    else:
        sys.stderr.write(__doc__)
        sys.exit(2)


main()
