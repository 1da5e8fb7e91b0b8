#!/usr/bin/env python3
"""tests/bench/synth.py [--compact] N OUT.json: write a synthetic regdefgen layout of N registers.

The layout is one self-contained def (no includes) with a target block, one
GDB feature per block of up to 1,000 registers, three LLDB register sets,
a flags type, vector types and a union of them.  Registers repeat the
pattern  int64 x5, vec128 x2, flags32 x1  in wire order, so for N registers
about 5/8 are 64-bit integer, 2/8 are 128-bit vector and 1/8 are 32-bit
flags registers.  Every other integer register has a 32-bit slice, and
every fourth a 16-bit one, so there are about N/8 * 5 * 3/4 slices.

Every register has a unique DWARF number; the first integer registers take
the generic roles pc, sp, fp and arg1..arg8, the first flags register
takes flags.  All names are unique identifiers; the result passes
`regdefgen check`.

With --compact the layout is N 64-bit integer registers and no slices,
whose common keys (bitsize, type, set, format) come from the def's
"defaults": one short line per register, so that a million registers (the
most a layout may have, slices included) fit the 64 MiB a def may have.
The benchmark grows this one from 100,000 to 1,000,000 registers.

Usage from the benchmark: python3 tests/bench/synth.py 10000 /tmp/x/synth_10000.json
                          python3 tests/bench/synth.py --compact 1000000 OUT.json
"""
import json
import sys

PATTERN = "iiiiivvf"          # int64 x5, vec128 x2, flags32 x1
REGS_PER_FEATURE = 1000
GENERICS = ["pc", "sp", "fp", "arg1", "arg2", "arg3", "arg4",
            "arg5", "arg6", "arg7", "arg8"]


def layout(n):
    nfeatures = max(1, (n + REGS_PER_FEATURE - 1) // REGS_PER_FEATURE)
    d = {
        "description": "Synthetic benchmark layout: %d registers" % n,
        "target": {
            "gdb_architecture": "i386:x86-64",
            "address_bits": 64,
            "endian": "little",
            "lldb_triple": "x86_64-unknown-linux-gnu",
            "lldb_breakpoint_pc_offset": 0,
        },
        "features": [{"id": "f%d" % k, "name": "org.regdefgen.bench.f%d" % k}
                     for k in range(nfeatures)],
        "sets": [
            {"id": "gpr", "name": "General Purpose Registers"},
            {"id": "vec", "name": "Vector Registers"},
            {"id": "flg", "name": "Flag Registers"},
        ],
        "types": [
            {"id": "bench_flags", "kind": "flags", "size": 4,
             "fields": [{"name": "F%d" % b, "start": b, "end": b} for b in range(0, 16)]
             + [{"name": "HI", "start": 16, "end": 31}]},
            {"id": "bench_v4f", "kind": "vector", "type": "ieee_single", "count": 4},
            {"id": "bench_v2d", "kind": "vector", "type": "ieee_double", "count": 2},
            {"id": "bench_v16i8", "kind": "vector", "type": "int8", "count": 16},
            {"id": "bench_v4i32", "kind": "vector", "type": "int32", "count": 4},
            {"id": "bench_vec128", "kind": "union",
             "fields": [{"name": "v4_float", "type": "bench_v4f"},
                        {"name": "v2_double", "type": "bench_v2d"},
                        {"name": "v16_int8", "type": "bench_v16i8"},
                        {"name": "v4_int32", "type": "bench_v4i32"},
                        {"name": "uint128", "type": "uint128"}]},
        ],
        "registers": [],
        "slices": [],
    }
    regs, slices = d["registers"], d["slices"]
    nint = nflags = 0
    for i in range(n):
        feature = "f%d" % (i // REGS_PER_FEATURE)
        kind = PATTERN[i % len(PATTERN)]
        if kind == "i":
            name = "r%d" % i
            r = {"name": name, "bitsize": 64, "type": "int64", "feature": feature,
                 "set": "gpr", "format": "hex", "dwarf": i}
            if nint < len(GENERICS):
                r["generic"] = GENERICS[nint]
                r["altname"] = "alt_" + GENERICS[nint]
                r["type"] = "code_ptr" if GENERICS[nint] == "pc" else \
                    "data_ptr" if GENERICS[nint] in ("sp", "fp") else "int64"
                r["format"] = "address" if GENERICS[nint] in ("pc", "sp", "fp") else "hex"
            if nint % 2 == 0:
                slices.append({"name": "r%d_d" % i, "parent": name, "msb": 31, "lsb": 0,
                               "set": "gpr"})
            if nint % 4 == 0:
                slices.append({"name": "r%d_w" % i, "parent": name, "msb": 15, "lsb": 0,
                               "set": "gpr", "format": "decimal", "encoding": "sint"})
            nint += 1
        elif kind == "v":
            r = {"name": "v%d" % i, "bitsize": 128, "type": "bench_vec128",
                 "feature": feature, "set": "vec", "group": "vector",
                 "encoding": "vector", "format": "uint8_t[]", "dwarf": i}
        else:
            r = {"name": "fl%d" % i, "bitsize": 32, "type": "bench_flags",
                 "feature": feature, "set": "flg", "dwarf": i}
            if nflags == 0:
                r["generic"] = "flags"
            nflags += 1
        regs.append(r)
    return d


def compact(n):
    d = layout(0)
    d["description"] = "Synthetic benchmark layout: %d registers, keys from defaults" % n
    d["features"] = [{"id": "f%d" % k, "name": "org.regdefgen.bench.f%d" % k}
                     for k in range(max(1, (n + REGS_PER_FEATURE - 1) // REGS_PER_FEATURE))]
    del d["types"]
    del d["slices"]
    d["defaults"] = {"bitsize": 64, "type": "int64", "set": "gpr", "format": "hex"}
    regs = d["registers"] = []
    for i in range(n):
        r = {"name": "r%d" % i, "feature": "f%d" % (i // REGS_PER_FEATURE), "dwarf": i}
        if i < len(GENERICS):
            r["generic"] = GENERICS[i]
        regs.append(r)
    d["registers"] = regs
    return d


def main(argv):
    make = layout
    if len(argv) > 1 and argv[1] == "--compact":
        make = compact
        argv = argv[:1] + argv[2:]
    if len(argv) != 3:
        sys.stderr.write("usage: synth.py [--compact] N OUT.json\n")
        return 2
    n = int(argv[1])
    if n < 1:
        sys.stderr.write("synth.py: N must be >= 1\n")
        return 2
    with open(argv[2], "w") as f:
        # One register per line: diffable, and the file looks like a real def.
        d = make(n)
        f.write("{\n")
        keys = list(d)
        for k, key in enumerate(keys):
            sep = "," if k + 1 < len(keys) else ""
            val = d[key]
            if isinstance(val, list) and key in ("registers", "slices", "features"):
                f.write('  "%s": [\n' % key)
                for j, item in enumerate(val):
                    f.write("    " + json.dumps(item) + ("," if j + 1 < len(val) else "") + "\n")
                f.write("  ]" + sep + "\n")
            else:
                f.write('  "%s": %s%s\n' % (key, json.dumps(val), sep))
        f.write("}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
