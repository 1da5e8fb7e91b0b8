#!/usr/bin/env python3
"""tests/arm/armregs.py: values, parsing and comparison for tests/arm/test-arm-qemu.sh.

Subcommands (one line per problem, "ok ..." lines for passed checks; exit 1
if a problem was found, 2 on bad usage):

  names LAYOUT            the registers the test reads, one line (GDB names)
  lldb-names LAYOUT       the same plus LLDB's sub-registers (w0-w30)
  writes LAYOUT           GDB "set $REG = VALUE" lines: a distinctive value
                          for every register QEMU's g packet holds
  truth LAYOUT GDB.out TRUTH.json
                          GDB.out: "info registers NAMES" through QEMU's own
                          description after the writes; each write must have
                          landed; the table is saved
  same-truth LAYOUT A.json B.json
  gdb LAYOUT TRUTH.json GDB.out
                          GDB with the generated target.xml: every register
                          equals the truth, no warning; arm-m-qemu: f0-f7 and
                          fps read zero
  lldb LAYOUT TRUTH.json LLDB.out [--expect-mismatch[=REG]]
                          LLDB ("register read NAMES"): every register equals
                          the truth, w<n> the low 32 bits of x<n>.  With
                          --expect-mismatch the check passes only when some
                          register differs (=REG: that one does)
  gdb-too-long GDB.out    GDB must have refused the g reply as too long
                          (expected 68 bytes, got 168 bytes)

The register names and values are written here, independently of the
generated files: the truth comes from QEMU through its own description.
"""

import json
import re
import sys

AARCH64 = ["x%d" % n for n in range(31)] + ["sp", "pc", "cpsr"]
ARM_M = ["r%d" % n for n in range(13)] + ["sp", "lr", "pc", "xpsr"]
ARM_A = ["r%d" % n for n in range(13)] + ["sp", "lr", "pc", "cpsr"]
LAYOUTS = {"aarch64-qemu": AARCH64, "arm-m-qemu": ARM_M, "arm-qemu": ARM_A}
# the layouts whose g packet keeps QEMU's legacy FPA slots (168 bytes)
WITH_FPA = ("arm-m-qemu", "arm-qemu")
# QEMU's legacy FPA slots in the Cortex-M g packet before its XML is read
FPA = ["f%d" % n for n in range(8)] + ["fps"]


def values(layout):
    """A value per register whose low byte is unique, so a register read at
    another register's offset shows a different value."""
    out = {}
    for i, name in enumerate(LAYOUTS[layout]):
        if layout == "aarch64-qemu":
            if name == "cpsr":
                out[name] = 0x900003C5  # N and V set, EL1h, DAIF (reset 0x400003c5)
            else:
                out[name] = int.from_bytes(bytes([i + 1] + [0xA0 + k for k in range(1, 8)]), "little")
        else:
            if name == "xpsr":
                out[name] = 0xA1000000  # N, C, T (reset 0x40000000)
            elif name == "cpsr":
                out[name] = 0x800001D3  # N; SVC mode, A/I/F masked as at reset (0x400001d3): sp/lr stay the SVC bank
            elif name == "sp":
                out[name] = 0x2000FFF0  # word aligned: QEMU keeps sp's low bits clear
            elif name == "pc":
                out[name] = 0x00001230  # even: the Thumb bit is not part of pc
            else:
                out[name] = int.from_bytes(bytes([i + 1, 0xB1, 0xB2, 0xB3]), "little")
    return out


def parse_gdb(path):
    """'info registers' lines: NAME VALUE ...; vectors as {0x0 <repeats 12 times>}."""
    regs = {}
    for line in open(path, errors="replace"):
        m = re.match(r"^(\w+)\s+(0x[0-9a-f]+)\s", line)
        if m:
            regs[m.group(1)] = int(m.group(2), 16)
            continue
        m = re.match(r"^(\w+)\s+\{(.*)\}\s*$", line)
        if m:
            regs[m.group(1)] = m.group(2).strip()
    return regs


def parse_lldb(path):
    regs = {}
    for line in open(path, errors="replace"):
        m = re.match(r"^\s*(\w+)\s*=\s*(0x[0-9a-f]+)\s*$", line)
        if m:
            regs[m.group(1)] = int(m.group(2), 16)
            continue
        m = re.match(r"^\s*(\w+)\s*=\s*(error: .*)$", line)
        if m:
            regs[m.group(1)] = m.group(2).strip()
    return regs


def problems_against(truth, got, names, what):
    bad = []
    for name in names:
        want = truth[name]
        have = got.get(name)
        if have != want:
            shown = "missing" if have is None else (("0x%x" % have) if isinstance(have, int) else have)
            bad.append("%s: %s reads %s, truth 0x%x" % (what, name, shown, want))
    return bad


def main(argv):
    if len(argv) < 3 or (argv[1] != "gdb-too-long" and argv[2] not in LAYOUTS):
        print("usage: see the docstring", file=sys.stderr)
        return 2
    cmd = argv[1]
    if cmd == "names":
        print(" ".join(LAYOUTS[argv[2]]))
        return 0
    if cmd == "lldb-names":
        extra = ["w%d" % n for n in range(31)] if argv[2] == "aarch64-qemu" else []
        print(" ".join(LAYOUTS[argv[2]] + extra))
        return 0
    if cmd == "writes":
        for name, v in values(argv[2]).items():
            print("set $%s = 0x%x" % (name, v))
        return 0
    if cmd == "truth":
        layout, gdb_out, truth_path = argv[2:5]
        got = parse_gdb(gdb_out)
        want = values(layout)
        bad = []
        truth = {}
        for name in LAYOUTS[layout]:
            if not isinstance(got.get(name), int):
                bad.append("%s: GDB with QEMU's description shows no value for %s" % (layout, name))
                continue
            truth[name] = got[name]
            if got[name] != want[name]:
                bad.append("%s: the write to %s did not land: 0x%x written, 0x%x read back" % (layout, name, want[name], got[name]))
        if bad:
            print("\n".join(bad))
            return 1
        json.dump(truth, open(truth_path, "w"), indent=1, sort_keys=True)
        print("ok %s: GDB wrote %d registers through QEMU's description and read them back (pc 0x%x, %s 0x%x)"
              % (layout, len(truth), truth["pc"], LAYOUTS[layout][-1], truth[LAYOUTS[layout][-1]]))
        return 0
    if cmd == "same-truth":
        a = json.load(open(argv[3]))
        b = json.load(open(argv[4]))
        if a != b:
            print("%s: QEMU gave different truths in two runs" % argv[2])
            return 1
        print("ok %s: second QEMU run has the same truth" % argv[2])
        return 0
    if cmd == "gdb":
        layout, truth_path, out = argv[2:5]
        truth = json.load(open(truth_path))
        got = parse_gdb(out)
        bad = problems_against(truth, got, LAYOUTS[layout], layout + ": GDB with the generated target.xml")
        text = open(out, errors="replace").read()
        for line in text.splitlines():
            if "warning" in line.lower() and "No executable has been specified" not in line:
                bad.append("%s: GDB printed: %s" % (layout, line))
        if layout in WITH_FPA:
            for name in FPA:
                v = got.get(name)
                if v not in (0, "0x0 <repeats 12 times>"):
                    bad.append("%s: GDB shows %s = %r, QEMU sends zeros" % (layout, name, v))
        if bad:
            print("\n".join(bad))
            return 1
        print("ok %s: GDB with the generated target.xml reads all %d registers as the truth%s"
              % (layout, len(LAYOUTS[layout]), ", f0-f7 and fps zero" if layout in WITH_FPA else ""))
        return 0
    if cmd == "lldb":
        layout, truth_path, out = argv[2:5]
        expect = None
        if len(argv) > 5:
            if not argv[5].startswith("--expect-mismatch"):
                print("usage: unknown option %s" % argv[5], file=sys.stderr)
                return 2
            expect = argv[5].partition("=")[2] or "*"
        truth = json.load(open(truth_path))
        names = list(LAYOUTS[layout])
        if layout == "aarch64-qemu":
            for n in range(31):
                truth["w%d" % n] = truth["x%d" % n] & 0xFFFFFFFF
                names.append("w%d" % n)
        got = parse_lldb(out)
        bad = problems_against(truth, got, names, layout + ": LLDB")
        if expect is None:
            if bad:
                print("\n".join(bad))
                return 1
            print("ok %s: LLDB reads all %d registers as the truth" % (layout, len(names)))
            return 0
        hits = [b for b in bad if expect == "*" or (": %s reads " % expect) in b]
        if not hits:
            print("%s: negative control: LLDB with the wrong file read %s as the truth"
                  % (layout, "every register" if expect == "*" else expect))
            return 1
        print("ok %s: negative control: %s" % (layout, hits[0].split(": ", 1)[1]))
        return 0
    if cmd == "gdb-too-long":
        text = open(argv[2], errors="replace").read()
        if "Remote 'g' packet reply is too long (expected 68 bytes, got 168 bytes)" not in text:
            print("negative control: GDB with a 68-byte target.xml did not refuse QEMU's 168-byte g reply")
            return 1
        print("ok negative control: GDB with a 68-byte target.xml: Remote 'g' packet reply is too long (expected 68 bytes, got 168 bytes)")
        return 0
    print("usage: unknown subcommand %s" % cmd, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
