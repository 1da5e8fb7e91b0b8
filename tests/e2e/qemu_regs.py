#!/usr/bin/env python3
"""tests/e2e/qemu_regs.py: parsing and comparison for tests/e2e/test-qemu.sh.

Subcommands (each prints one line per problem, "ok ..." lines for
passed checks, and exits 1 if it found a problem, 2 on bad usage):

  wait-listen PORT SECONDS [PID]
      wait until something listens on 127.0.0.1:PORT (read from
      /proc/net/tcp, so the stub never sees a probing connection); give up
      early if process PID is gone.
  truth LAYOUT WRITES.gdb GDB.out TRUTH.json
      GDB.out is the output of GDB with QEMU's own description after the
      writes in WRITES.gdb, "maint flush register-cache",
      "maint print remote-registers" and "maint print raw-registers".
      Builds the truth table (name -> remote number, g offset, size, raw
      bytes), checks the writes landed, checks GDB did NOT treat xmm0 as
      an SSE register, and saves the table.
  same-truth LAYOUT A.json B.json
      the two tables must be identical (QEMU is deterministic).
  gdb LAYOUT TRUTH.json GDB.out
      GDB.out is the output of GDB with the generated target.xml
      ("maint print remote-registers" + "maint print raw-registers");
      every wire register must match the truth in remote number, offset,
      size and bytes, no register may be extra, no warning printed, and
      xmm0 must sit at GDB's SSE slot.
  lldb LAYOUT TRUTH.json LLDB.out [--expect-mismatch]
      LLDB.out is the output of LLDB with a target definition file:
      "register read --all", a line "=== bytes ===", then
      "register read -f uint8_t[] --all".  Every primary register must
      equal the truth byte for byte, every x86 sub-register must equal its
      slice of the parent's truth bytes, and nothing may be extra.
      With --expect-mismatch (negative control) the check passes only if
      some register LLDB shows has bytes different from the truth.

Everything here is independent of the generated files: the truth comes
from QEMU through its own description, register names and slices are the
x86 facts written below.
"""

import json
import re
import sys

# Per layout: GDB internal number of xmm0 when GDB recognises the SSE
# feature (amd64: 40, i386: 32), the LLDB names that differ from GDB's, and
# LLDB's x86 sub-registers as (name, parent, msb, lsb).
def _amd64_slices():
    out = []
    legacy = ["ax", "bx", "cx", "dx", "di", "si", "bp", "sp"]
    for r in legacy:
        out.append(("e" + r, "r" + r, 31, 0))
    for n in range(8, 16):
        out.append(("r%dd" % n, "r%d" % n, 31, 0))
    for r in legacy:
        out.append((r, "r" + r, 15, 0))
    for n in range(8, 16):
        out.append(("r%dw" % n, "r%d" % n, 15, 0))
    for r in "abcd":
        out.append((r + "h", "r%sx" % r, 15, 8))
    for r in "abcd":
        out.append((r + "l", "r%sx" % r, 7, 0))
    for r in ["di", "si", "bp", "sp"]:
        out.append((r + "l", "r" + r, 7, 0))
    for n in range(8, 16):
        out.append(("r%dl" % n, "r%d" % n, 7, 0))
    return out


def _i386_slices():
    out = []
    for r in ["ax", "bx", "cx", "dx", "di", "si", "bp", "sp"]:
        out.append((r, "e" + r, 15, 0))
    for r in "abcd":
        out.append((r + "h", "e%sx" % r, 15, 8))
    for r in "abcd":
        out.append((r + "l", "e%sx" % r, 7, 0))
    return out


ST_NAMES = {"st%d" % i: "stmm%d" % i for i in range(8)}
LAYOUTS = {
    "x86_64-qemu": {
        "sse_nr": 40,
        "lldb_names": dict(ST_NAMES, eflags="rflags"),
        "slices": _amd64_slices(),
    },
    "i386-qemu": {
        "sse_nr": 32,
        "lldb_names": dict(ST_NAMES),
        "slices": _i386_slices(),
    },
}

problems = []


def problem(msg):
    problems.append(msg)
    print(msg)


def hexbytes(b):
    return " ".join("%02x" % x for x in b) if b else "(none)"


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read()


# ---- GDB output ----

ROW_REMOTE = re.compile(
    r"^\s*(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*?)\s+(\d+)\s+(\d+)\s*$")
ROW_RAW = re.compile(
    r"^\s*(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(.*?)\s+(0x[0-9a-f]+|<\S+>)\s*$")


def parse_gdb(text):
    """Returns (remote, raw): remote = {name: {gdb_nr, rmt, off, size}} for
    registers on the wire; raw = {name: bytes-or-marker} from raw-registers."""
    remote, raw = {}, {}
    table = None
    for line in text.splitlines():
        if line.startswith(" Name ") and "Rmt Nr" in line:
            table = "remote"
            continue
        if line.startswith(" Name ") and "Raw value" in line:
            table = "raw"
            continue
        if table == "remote":
            m = ROW_REMOTE.match(line)
            if m and m.group(1) != "''":
                remote[m.group(1)] = {
                    "gdb_nr": int(m.group(2)), "size": int(m.group(5)),
                    "rmt": int(m.group(7)), "off": int(m.group(8))}
        elif table == "raw":
            m = ROW_RAW.match(line)
            if m and m.group(1) != "''":
                v = m.group(7)
                if v.startswith("0x"):
                    # GDB prints the raw bytes as one number, most significant
                    # byte first; x86 is little-endian, so reverse.
                    digits = v[2:]
                    raw[m.group(1)] = bytes.fromhex(digits)[::-1].hex()
                else:
                    raw[m.group(1)] = v
    return remote, raw


def gdb_table(text, who):
    """The wire registers with their bytes: {name: {rmt, off, size, bytes}}."""
    remote, raw = parse_gdb(text)
    if not remote:
        problem("%s: no 'maint print remote-registers' table in GDB output" % who)
    table = {}
    for name, r in remote.items():
        v = raw.get(name)
        if v is None or v.startswith("<"):
            problem("%s: register %s: GDB printed no raw value (%s)" % (who, name, v))
            continue
        if len(v) != 2 * r["size"]:
            problem("%s: register %s: raw value has %d bytes, size is %d"
                    % (who, name, len(v) // 2, r["size"]))
        table[name] = {"rmt": r["rmt"], "off": r["off"], "size": r["size"],
                       "bytes": v}
    return table, remote


def gdb_warnings(text):
    """GDB lines that mean something went wrong (a rejected or degraded
    description, a failed write, a protocol error)."""
    out = []
    lines = text.splitlines()
    for i, l in enumerate(lines):
        if l.startswith("warning:") and "No executable has been specified" not in l:
            out.append(l)
        elif "Error in sourced command file" in l:
            out.append(l + " " + (lines[i + 1] if i + 1 < len(lines) else ""))
        elif "internal-error" in l or re.match(r"Remote (?!debugging using)", l):
            out.append(l)
    return out


# ---- writes ----

WRITE = re.compile(
    r"^set\s+\$(\w+)(?:\.v2_int64\[(\d)\])?\s*=\s*(?:\(long\))?\s*(\S+)\s*$")


def parse_writes(path):
    """[(register, half or None, value string)] in file order."""
    out = []
    for line in read(path).splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        m = WRITE.match(line)
        if not m:
            raise SystemExit("%s: cannot parse write line: %s" % (path, line))
        out.append((m.group(1), m.group(2), m.group(3)))
    return out


def cmd_truth(layout, writes_path, gdb_out, truth_path):
    cfg = LAYOUTS[layout]
    who = "%s: truth (GDB with QEMU's own description)" % layout
    text = read(gdb_out)
    for w in gdb_warnings(text):
        problem("%s: GDB said: %s" % (who, w))
    table, remote = gdb_table(text, who)
    if not table:
        return
    # The truth must be a meaningful table: every written value landed.
    floats = {}
    for reg, half, value in parse_writes(writes_path):
        t = table.get(reg)
        if t is None:
            problem("%s: register %s was written but QEMU does not serve it" % (who, reg))
            continue
        b = bytes.fromhex(t["bytes"])
        if value.startswith(("0x", "0X")) or value.isdigit():
            want = int(value, 0)
            if half is not None:
                got = int.from_bytes(b[8 * int(half):8 * int(half) + 8], "little")
                what = "%s.v2_int64[%s]" % (reg, half)
            else:
                got = int.from_bytes(b, "little")
                what = reg
            if got != want:
                problem("%s: QEMU did not keep the write %s = %#x (reads back %#x);"
                        " the reset-state write rules changed, see the comments in %s"
                        % (who, what, want, got, writes_path))
        else:
            floats[reg] = b
    seen = {}
    for reg, b in floats.items():
        if not any(b):
            problem("%s: float write to %s reads back as zero" % (who, reg))
        if b in seen:
            problem("%s: %s and %s read back the same bytes" % (who, reg, seen[b]))
        seen[b] = reg
    # GDB with QEMU's own XML does not see an SSE feature: xmm0 is an extra
    # register, not at GDB's SSE slot.
    x = remote.get("xmm0")
    if x is None:
        problem("%s: no xmm0 in GDB's table" % who)
    elif x["gdb_nr"] == cfg["sse_nr"]:
        problem("%s: GDB put xmm0 at its SSE slot %d even with QEMU's own XML;"
                " the SSE comparison below proves nothing" % (who, cfg["sse_nr"]))
    else:
        print("ok %s: GDB with QEMU's own XML has xmm0 as extra register Nr %d (not SSE Nr %d)"
              % (layout, x["gdb_nr"], cfg["sse_nr"]))
    size = max(t["off"] + t["size"] for t in table.values())
    with open(truth_path, "w") as f:
        json.dump(table, f, indent=1, sort_keys=True)
    if not problems:
        print("ok %s: truth table: %d registers, %d-byte g packet, %d values written and read back"
              % (layout, len(table), size, len(parse_writes(writes_path))))


def cmd_same_truth(layout, a_path, b_path):
    a = json.load(open(a_path))
    b = json.load(open(b_path))
    for name in sorted(set(a) | set(b)):
        if a.get(name) != b.get(name):
            problem("%s: second QEMU: register %s: expected %s, actual %s"
                    % (layout, name, a.get(name), b.get(name)))
    if not problems:
        print("ok %s: second QEMU gives the same truth table" % layout)


def cmd_gdb(layout, truth_path, gdb_out):
    cfg = LAYOUTS[layout]
    truth = json.load(open(truth_path))
    who = "%s: GDB with generated target.xml" % layout
    text = read(gdb_out)
    for w in gdb_warnings(text):
        problem("%s: GDB said: %s" % (who, w))
    table, remote = gdb_table(text, who)
    for name in sorted(truth, key=lambda n: truth[n]["rmt"]):
        t = truth[name]
        g = table.get(name)
        if g is None:
            problem("%s: register %s: missing (expected bytes %s)"
                    % (who, name, hexbytes(bytes.fromhex(t["bytes"]))))
            continue
        for key, label in (("rmt", "remote number"), ("off", "g offset"), ("size", "size")):
            if g[key] != t[key]:
                problem("%s: register %s: %s: expected %d, actual %d"
                        % (who, name, label, t[key], g[key]))
        if g["bytes"] != t["bytes"]:
            problem("%s: register %s: expected bytes %s, actual %s"
                    % (who, name, hexbytes(bytes.fromhex(t["bytes"])),
                       hexbytes(bytes.fromhex(g["bytes"]))))
    for name in sorted(set(table) - set(truth)):
        problem("%s: register %s (remote number %d) is not served by QEMU"
                % (who, name, table[name]["rmt"]))
    x = remote.get("xmm0")
    if x is not None and x["gdb_nr"] != cfg["sse_nr"]:
        problem("%s: xmm0 is GDB register Nr %d, expected SSE slot %d"
                " (GDB does not treat the target as SSE)" % (who, x["gdb_nr"], cfg["sse_nr"]))
    if not problems:
        print("ok %s: %d registers equal the truth (number, offset, size, bytes);"
              " xmm0 at SSE Nr %d" % (who, len(truth), cfg["sse_nr"]))


# ---- LLDB output ----

LLDB_ROW = re.compile(r"^\s*(\w+) = \{((?:\s*0x[0-9a-f]{2})*)\s*\}\s*$")


def parse_lldb_bytes(text):
    part = text.split("=== bytes ===", 1)
    if len(part) < 2:
        return None
    regs = {}
    for line in part[1].splitlines():
        m = LLDB_ROW.match(line)
        if m:
            regs[m.group(1)] = bytes(int(x, 16) for x in m.group(2).split())
    return regs


def cmd_lldb(layout, truth_path, lldb_out, expect_mismatch):
    cfg = LAYOUTS[layout]
    truth = json.load(open(truth_path))
    who = "%s: LLDB with %s" % (layout, "the wrong file (negative control)"
                                if expect_mismatch else "generated target definition")
    text = read(lldb_out)
    errs = [l for l in text.splitlines() if "failed to parse" in l or l.startswith("error:")]
    for e in errs:
        problem("%s: LLDB said: %s" % (who, e))
    for s in ("General Purpose Registers:", "Floating Point Registers:"):
        if s not in text:
            problem("%s: no register set %r in 'register read --all'"
                    " (file not used? LLDB falls back to QEMU's XML)" % (who, s))
    regs = parse_lldb_bytes(text)
    if not regs:
        problem("%s: no register values in LLDB output" % who)
        return
    expected = {}
    for name, t in truth.items():
        expected[cfg["lldb_names"].get(name, name)] = bytes.fromhex(t["bytes"])
    for name, parent, msb, lsb in cfg["slices"]:
        p = truth.get(parent)
        if p is None:
            problem("%s: slice %s: parent %s not in the truth" % (who, name, parent))
            continue
        expected[name] = bytes.fromhex(p["bytes"])[lsb // 8:(msb + 1) // 8]
    mismatches = []
    lldb_to_gdb = {v: k for k, v in cfg["lldb_names"].items()}
    order = sorted(expected, key=lambda n: (
        truth[lldb_to_gdb.get(n, n)]["rmt"] if lldb_to_gdb.get(n, n) in truth else 999))
    for name in order:
        want = expected[name]
        got = regs.get(name)
        if got is None:
            mismatches.append((name, "register %s: missing in LLDB (expected bytes %s)"
                               % (name, hexbytes(want)), False))
        elif got != want:
            mismatches.append((name, "register %s: expected bytes %s, actual %s"
                               % (name, hexbytes(want), hexbytes(got)), True))
    for name in sorted(set(regs) - set(expected)):
        mismatches.append((name, "register %s: not a QEMU register or x86 sub-register"
                           " (bytes %s)" % (name, hexbytes(regs[name])), False))
    if expect_mismatch:
        valued = [m for m in mismatches if m[2]]
        if not valued:
            problem("%s: expected LLDB to read wrong bytes, but every register it"
                    " shows equals the truth: the comparison cannot fail" % who)
        else:
            ex = next((m for m in valued if m[0] == "stmm0"), valued[0])
            print("ok %s: mismatch detected in %d registers (%d with wrong bytes), e.g. %s"
                  % (who, len(mismatches), len(valued), ex[1]))
        return
    for _, msg, _ in mismatches:
        problem("%s: %s" % (who, msg))
    if not problems:
        print("ok %s: %d registers and %d sub-registers equal the truth byte for byte"
              % (who, len(truth), len(cfg["slices"])))


# ---- misc ----

def _alive(pid):
    try:
        with open("/proc/%s/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def cmd_wait_listen(port, seconds, pid=None):
    import time
    want = ":%04X" % int(port)
    deadline = time.time() + float(seconds)
    while time.time() < deadline:
        try:
            with open("/proc/net/tcp") as f:
                for line in f.readlines()[1:]:
                    cols = line.split()
                    # local address ends in the port, state 0A = LISTEN
                    if cols[1].endswith(want) and cols[3] == "0A":
                        return
        except OSError:
            pass
        if pid is not None and not _alive(pid):
            problem("process %s exited before listening on 127.0.0.1:%s" % (pid, port))
            return
        time.sleep(0.05)
    problem("nothing listens on 127.0.0.1:%s after %s s" % (port, seconds))


def main(argv):
    if len(argv) < 2:
        raise SystemExit(__doc__)
    cmd, args = argv[1], argv[2:]
    if cmd != "wait-listen" and (not args or args[0] not in LAYOUTS):
        print("usage: unknown layout %r" % (args[0] if args else None))
        return 2
    if cmd == "wait-listen" and len(args) in (2, 3):
        cmd_wait_listen(*args)
    elif cmd == "truth" and len(args) == 4:
        cmd_truth(*args)
    elif cmd == "same-truth" and len(args) == 3:
        cmd_same_truth(*args)
    elif cmd == "gdb" and len(args) == 3:
        cmd_gdb(*args)
    elif cmd == "lldb" and len(args) in (3, 4):
        if len(args) == 4 and args[3] != "--expect-mismatch":
            print("usage: unknown option %s" % args[3])
            return 2
        cmd_lldb(args[0], args[1], args[2], len(args) == 4)
    else:
        print("usage: bad arguments for %s" % cmd)
        return 2
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
