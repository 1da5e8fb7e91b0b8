#!/usr/bin/env python3
"""tests/riscv/riscv_regs.py: writes and checks for tests/riscv/test-riscv-qemu.sh.

Subcommands (each prints "ok ..." for a passed check and one line per
problem, and exits 1 if it found a problem, 2 on bad usage):

  writes XLEN
      print the GDB commands that write a distinctive value into every
      writable register of QEMU's g packet (ra..t6, pc; x0 is hard-wired
      zero) and into two registers QEMU serves only through p/P once a
      client has read its XML (ft1, mscratch).  Register n gets the bytes
      n*XLEN/8 .. n*XLEN/8 + XLEN/8 - 1, so a register read at any other
      offset shows some other register's bytes.
  truth XLEN GDB.out TRUTH.json
      GDB.out: GDB with QEMU's own description after the writes,
      "maint print remote-registers", "info registers general", "p/x $ft1"
      and "p/x $mscratch".  Builds the truth for QEMU's g registers (remote
      number, g offset, size, bytes) from the remote table and the values,
      checks every write landed and the g registers are exactly 33 of
      XLEN bits; saves the table.
  gdb XLEN TRUTH.json GDB.out
      GDB with the generated target.xml: "maint print remote-registers" +
      "maint print raw-registers"; every register equals the truth in
      number, offset, size and bytes, nothing extra, no warning.
  lldb XLEN TRUTH.json LLDB.out [--expect-mismatch]
      LLDB with a target definition file: "register read --all",
      "=== bytes ===", "register read -f uint8_t[] --all", then
      "register read x10 pc" (alt-name and role); every register equals
      the truth byte for byte and nothing is extra.  With
      --expect-mismatch (negative control) passes only if some register
      shows other bytes than the truth.

The expected names are RISC-V's ABI names, written here independently of
defs/ (the truth comes from QEMU through its own description).
"""

import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "e2e"))
import qemu_regs  # noqa: E402  (parsers for GDB's and LLDB's tables)

ABI = (["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "fp", "s1"]
       + ["a%d" % i for i in range(8)] + ["s%d" % i for i in range(2, 12)]
       + ["t3", "t4", "t5", "t6"])
G_NAMES = ABI + ["pc"]
P_ONLY = {"ft1": "0x4004000000000000", "mscratch": None}  # ft1 = 2.5 as a double

problems = qemu_regs.problems
problem = qemu_regs.problem
hexbytes = qemu_regs.hexbytes


def value_of(n, xlen):
    w = xlen // 8
    return sum(((n * w + k) & 0xff) << (8 * k) for k in range(w))


def mscratch_value(xlen):
    return 0x5c5c5c5c5c5c5c5c & ((1 << xlen) - 1)


def cmd_writes(xlen):
    for n, name in enumerate(G_NAMES):
        if n == 0:
            continue
        print("set $%s = %#x" % (name, value_of(n, xlen)))
    print("set $ft1 = 2.5")
    print("set $mscratch = %#x" % mscratch_value(xlen))


VALUE = re.compile(r"^(\w+)\s+(0x[0-9a-f]+)\s")
PRINT = re.compile(r"^\$\d+ = (0x[0-9a-f]+|\{.*\})")


def cmd_truth(xlen, gdb_out, truth_path):
    who = "riscv%d-qemu: truth (GDB with QEMU's own description)" % xlen
    text = qemu_regs.read(gdb_out)
    for w in qemu_regs.gdb_warnings(text):
        problem("%s: GDB said: %s" % (who, w))
    remote, _ = qemu_regs.parse_gdb(text)
    values = {}
    for line in text.splitlines():
        m = VALUE.match(line)
        if m and m.group(1) in G_NAMES:
            values[m.group(1)] = int(m.group(2), 16)
    prints = [PRINT.match(l).group(1) for l in text.splitlines() if PRINT.match(l)]
    w = xlen // 8
    table = {}
    for n, name in enumerate(G_NAMES):
        r = remote.get(name)
        if r is None:
            problem("%s: QEMU's description has no %s" % (who, name))
            continue
        if (r["rmt"], r["off"], r["size"]) != (n, n * w, w):
            problem("%s: %s is remote %d at g offset %d, %d bytes; expected %d, %d, %d"
                    % (who, name, r["rmt"], r["off"], r["size"], n, n * w, w))
        v = values.get(name)
        if v is None:
            problem("%s: 'info registers general' printed no %s" % (who, name))
            continue
        want = 0 if n == 0 else value_of(n, xlen)
        if v != want:
            problem("%s: QEMU did not keep %s = %#x (reads %#x)" % (who, name, want, v))
        table[name] = {"rmt": n, "off": n * w, "size": w,
                       "bytes": v.to_bytes(w, "little").hex()}
    # The p-only writes must have landed too: they prove QEMU has these
    # registers, and that a file describing only g leaves them out knowingly.
    if prints[:2] != [P_ONLY["ft1"], "%#x" % mscratch_value(xlen)]:
        problem("%s: ft1/mscratch read back %s, expected %s, %#x"
                % (who, prints[:2], P_ONLY["ft1"], mscratch_value(xlen)))
    extra = sorted(n for n, r in remote.items()
                   if r["rmt"] > 32 and r["off"] < 33 * w)
    if extra:
        problem("%s: registers past pc inside the g packet: %s" % (who, extra))
    with open(truth_path, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
    if not problems:
        print("ok riscv%d-qemu: truth: %d g registers (%d bytes) written and read back;"
              " QEMU also serves %d registers by p/P only (ft1 = 2.5, mscratch = %#x"
              " written through its XML)"
              % (xlen, len(table), 33 * w, len([r for r in remote.values() if r["rmt"] > 32]),
                 mscratch_value(xlen)))


def load(truth_path):
    with open(truth_path) as f:
        return json.load(f)


def cmd_gdb(xlen, truth_path, gdb_out):
    truth = load(truth_path)
    who = "riscv%d-qemu: GDB with generated target.xml" % xlen
    text = qemu_regs.read(gdb_out)
    for w in qemu_regs.gdb_warnings(text):
        problem("%s: GDB said: %s" % (who, w))
    table, _ = qemu_regs.gdb_table(text, who)
    for name in G_NAMES:
        t, g = truth.get(name), table.get(name)
        if t is None:
            continue
        if g is None:
            problem("%s: register %s: missing" % (who, name))
            continue
        for key in ("rmt", "off", "size", "bytes"):
            if g[key] != t[key]:
                problem("%s: register %s: %s: expected %s, actual %s"
                        % (who, name, key, t[key], g[key]))
    for name in sorted(set(table) - set(truth)):
        problem("%s: register %s is not in QEMU's g packet" % (who, name))
    if not problems:
        print("ok %s: %d registers equal the truth (number, offset, size, bytes)"
              % (who, len(truth)))


def cmd_lldb(xlen, truth_path, lldb_out, expect_mismatch):
    truth = load(truth_path)
    who = "riscv%d-qemu: LLDB with %s" % (
        xlen, "the other XLEN's file (negative control)" if expect_mismatch
        else "generated target definition")
    text = qemu_regs.read(lldb_out)
    regs = qemu_regs.parse_lldb_bytes(text)
    if not regs:
        problem("%s: no register values in LLDB output" % who)
        for l in text.splitlines()[-8:]:
            problem("%s:   LLDB: %s" % (who, l))
        return
    # The only errors allowed: the p-only registers the test asks for on
    # purpose, and the memory at the made-up pc.
    for l in text.splitlines():
        if l.startswith("error:") and not re.match(
                r"error: (Invalid register name '(ft1|mscratch)'\.|memory read failed for 0x)", l):
            problem("%s: LLDB said: %s" % (who, l))
    bad = []
    for name in G_NAMES:
        want = bytes.fromhex(truth[name]["bytes"])
        got = regs.get(name)
        if got is None:
            bad.append((name, "register %s: missing in LLDB" % name, False))
        elif got != want:
            bad.append((name, "register %s: expected bytes %s, actual %s"
                        % (name, hexbytes(want), hexbytes(got)), True))
    for name in sorted(set(regs) - set(G_NAMES)):
        bad.append((name, "register %s: not in QEMU's g packet" % name, False))
    if expect_mismatch:
        valued = [b for b in bad if b[2]]
        if valued:
            print("ok %s: %d registers differ, e.g. %s" % (who, len(valued), valued[0][1]))
        else:
            problem("%s: every register equals the truth: the comparison cannot fail" % who)
        return
    for _, msg, _ in bad:
        problem("%s: %s" % (who, msg))
    # The alt-name x10 is a0, and the pc role made LLDB show a frame.
    a0 = value_of(10, xlen)
    if not re.search(r"^\s*a0 = 0x0*%x\b" % a0, text, re.M):
        problem("%s: 'register read x10' did not show a0 = %#x" % (who, a0))
    pc = value_of(32, xlen)
    if not re.search(r"frame #0: 0x0*%x\b" % pc, text):
        problem("%s: LLDB's frame 0 is not at pc %#x (no pc role?)" % (who, pc))
    if not problems:
        print("ok %s: %d registers equal the truth byte for byte; x10 reads a0;"
              " frame 0 at pc %#x" % (who, len(truth), pc))


def main(argv):
    if len(argv) < 3 or argv[2] not in ("32", "64"):
        print("usage: riscv_regs.py CMD XLEN ...")
        return 2
    cmd, xlen, args = argv[1], int(argv[2]), argv[3:]
    if cmd == "writes" and not args:
        cmd_writes(xlen)
    elif cmd == "truth" and len(args) == 2:
        cmd_truth(xlen, *args)
    elif cmd == "gdb" and len(args) == 2:
        cmd_gdb(xlen, *args)
    elif cmd == "lldb" and len(args) in (2, 3):
        if len(args) == 3 and args[2] != "--expect-mismatch":
            print("usage: unknown option %s" % args[2])
            return 2
        cmd_lldb(xlen, args[0], args[1], len(args) == 3)
    else:
        print("usage: bad arguments for %s" % cmd)
        return 2
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
