#!/usr/bin/env python3
"""stubcheck.py: helpers for the reference-stub tests (tests/e2e/test-stub-*.sh).

Knows the stub's register pattern and takes the layout from the stub itself
(`stub-NAME --list`: the generated IDENT_regs.h, in $STUB_DIR), checks the
generated client files under OUTDIR/NAME/ against it, writes GDB/LLDB command
files and checks what the clients printed and what the stub dumped.  Every
failure line names the layout, the register and the expected and actual
bytes.

  stubcheck.py layout-check   OUTDIR NAME
  stubcheck.py gdb-script     OUTDIR NAME PORT [--tdesc]    > cmds.gdb
  stubcheck.py gdb-check      OUTDIR NAME GDB_OUTPUT DUMP [WHAT]
  stubcheck.py lldb-script    OUTDIR NAME PORT              > cmds.lldb
  stubcheck.py lldb-check     OUTDIR NAME LLDB_OUTPUT DUMP [WHAT]
  stubcheck.py lldb-nofile-check NAME LLDB_OUTPUT
  stubcheck.py lldb-qreginfo-script NAME PORT               > cmds.lldb
  stubcheck.py lldb-qreginfo-check  NAME LLDB_OUTPUT DUMP [WHAT]
  stubcheck.py protocol       OUTDIR NAME PORT DUMP [--no-xml]
  stubcheck.py protocol-nop   NAME PORT
  stubcheck.py protocol-qreginfo NAME PORT
  stubcheck.py protocol-eof   PORT cut|kill

The qRegisterInfo commands read the replies the stub was built with from its
header (STUB_GEN_DIR/NAME/IDENT_regs.h, default $STUB_DIR/gen).

Exit status 0 when everything matched, 1 otherwise.
"""

import math
import os
import random
import re
import socket
import struct
import sys
import time
import types
import xml.etree.ElementTree as ET

failures = 0


def fail(msg):
    global failures
    failures += 1
    print("FAIL: " + msg)


def ok(msg):
    print("ok: " + msg)


def hexbytes(b):
    return " ".join("%02x" % x for x in b) if b is not None else "(none)"


# ---- the stub's pattern (the same function as pattern_byte in stub.c) ----

def pattern_byte(r, i):
    return ((r * 16 + i) ^ (0x33 * (r // 16))) & 0xFF


def pattern(r, size):
    return bytes(pattern_byte(r, i) for i in range(size))


# ---- layouts ----
#
# The stub's layout (from its IDENT_regs.h, via `stub --list`) is the truth
# the tests hold the clients to: names, remote numbers and sizes.  Offsets
# are recomputed by the layout rule (sum of the sizes before, in regnum
# order), so a wrong offset in any generated file, the header included,
# shows.  LLDB sub-registers are checked against the x86 naming convention
# (eax = rax[31:0], ah = rax[15:8], r8l = r8[7:0], ...), not against the
# definition file under test.

class Reg:
    def __init__(self, regnum, name, size, offset, header_offset):
        self.regnum, self.name, self.size = regnum, name, size
        self.offset, self.header_offset = offset, header_offset


def stub_path(name):
    return os.path.join(os.environ.get("STUB_DIR", "build/stub"), "stub-" + name)


def stub_layout(name):
    """[Reg] in regnum order and the g packet size, from `stub --list`."""
    import subprocess
    text = subprocess.run([stub_path(name), "--list"], check=True, stdout=subprocess.PIPE,
                          universal_newlines=True, timeout=30).stdout
    regs, off, last = [], 0, -1
    for line in text.split("\n"):
        if not line:
            continue
        rn, rname, hoff, bits = line.split()
        # numbers increase; a gap is a number the layout leaves unused
        # (arm-m: xpsr is 25 after pc), which the LLDB file fills
        if int(rn) <= last:
            raise SystemExit("%s: the stub's register %s has regnum %s after %d" % (name, rname, rn, last))
        last = int(rn)
        regs.append(Reg(int(rn), rname, int(bits) // 8, off, int(hoff)))
        off += int(bits) // 8
    return regs, off


FILLER_PREFIX = "unused_regnum_"


def xml_regs(outdir, name):
    """(regnum, name, bitsize) of every <reg> of out/NAME/target.xml."""
    return sorted((int(e.get("regnum")), e.get("name"), int(e.get("bitsize")))
                  for e in ET.parse(os.path.join(outdir, name, "target.xml")).iter("reg"))


def lldb_definition(outdir, name):
    """The dict the LLDB target definition file returns, loaded with a stand-in
    for the lldb module (each lldb constant becomes its own name as a string)."""
    ident = name.replace("-", "_")
    path = os.path.join(outdir, name, ident + "_target_definition.py")
    src = open(path).read()
    fake = types.ModuleType("lldb")
    names = sorted(set(re.findall(r"\b(e[A-Z]\w*|LLDB_\w+)\b", src)))
    for n in names:
        setattr(fake, n, n)
    fake.__all__ = names
    saved = sys.modules.get("lldb")
    sys.modules["lldb"] = fake
    try:
        glob = {"__name__": ident + "_target_definition"}
        exec(compile(src, path, "exec"), glob)
    finally:
        if saved is None:
            del sys.modules["lldb"]
        else:
            sys.modules["lldb"] = saved
    return glob["get_dynamic_setting"](None, "gdb-server-target-definition"), path


# LLDB's names for registers GDB names differently.
def lldb_name_of(gdb_name):
    if gdb_name == "eflags":
        return ("eflags", "rflags")
    m = re.fullmatch(r"st(\d)", gdb_name)
    if m:
        return ("stmm" + m.group(1),)
    return (gdb_name,)


def x86_slice(name, prims):
    """(parent, lsb_byte, size) of an x86 sub-register by its name, or None."""
    p = "r" if "rax" in prims else "e"
    m = re.fullmatch(r"r(\d+)([dwl])", name)
    if m and "r" + m.group(1) in prims:
        return "r" + m.group(1), 0, {"d": 4, "w": 2, "l": 1}[m.group(2)]
    if p == "r" and name in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp", "esp"):
        return "r" + name[1:], 0, 4
    if name in ("ax", "bx", "cx", "dx", "si", "di", "bp", "sp"):
        return p + name, 0, 2
    if re.fullmatch(r"[abcd]h", name):
        return p + name[0] + "x", 1, 1
    if re.fullmatch(r"[abcd]l", name):
        return p + name[0] + "x", 0, 1
    if p == "r" and name in ("sil", "dil", "bpl", "spl"):
        return "r" + name[:2], 0, 1
    return aarch64_slice(name, prims)


def aarch64_slice(name, prims):
    """(parent, lsb_byte, size) of an AArch64 sub-register LLDB knows:
    wN = low half of xN, sN / dN = low 32 / 64 bits of vN."""
    m = re.fullmatch(r"([wsd])(\d+)", name)
    if not m or "x0" not in prims:
        return None
    parent = ("x" if m.group(1) == "w" else "v") + m.group(2)
    if parent not in prims:
        return None
    return parent, 0, 8 if m.group(1) == "d" else 4


SLICE_RE = re.compile(r"^([A-Za-z_]\w*)\[(\d+):(\d+)\]$")


class LReg:
    """One LLDB register: a primary (regnum = list index), a slice, whose
    parent and position come from the x86 naming convention, or a composite
    (ymm0 = xmm0 + ymm0h: parts, the primaries it joins, low part first)."""

    def __init__(self, d, index, nprim, gregs, lldb_names):
        self.name = d["name"]
        self.size = d["bitsize"] // 8
        self.vector = d.get("encoding") in ("eEncodingVector", "vector")
        # shown as a float by "register read --all": read again with -f x
        self.float = d.get("encoding") in ("eEncodingIEEE754", "ieee754") and not self.vector
        self.altname = d.get("alt-name")
        self.parts = None
        if index >= nprim and d.get("composite"):
            self.regnum, self.parent, self.start = None, None, 0
            self.parts = [lldb_names.index(n) for n in d["composite"]]
            self.parent_name = "+".join(d["composite"])
            return
        if index < nprim:
            self.regnum, self.parent, self.start = index, index, 0
            self.parent_name = self.name
            return
        self.regnum = None
        by_gdb = {r.name: r for r in gregs}
        conv = x86_slice(self.name, by_gdb)
        if conv is None:
            raise SystemExit("LLDB register %s: not an x86 or AArch64 sub-register name this test knows" % self.name)
        self.parent, self.start = by_gdb[conv[0]].regnum, conv[1]
        self.parent_name = lldb_names[self.parent]


def lldb_layout(outdir, name, gregs):
    """The LLDB file's registers but its fillers (an entry per unused remote
    number, so that the list index stays the number): nothing is read or
    written through them."""
    d, path = lldb_definition(outdir, name)
    regs = d["registers"]
    nprim = sum(1 for rd in regs if "slice" not in rd and "composite" not in rd)
    names = [rd["name"] for rd in regs[:nprim]]
    return [LReg(rd, i, nprim, gregs, names) for i, rd in enumerate(regs)
            if not (i < nprim and rd["name"].startswith(FILLER_PREFIX))], path


def cmd_layout_check(outdir, name):
    """The generated files against the stub's header, and the pattern."""
    gregs, gsize = stub_layout(name)
    bad = failures
    for r in gregs:
        if r.header_offset != r.offset:
            fail("%s: header: %s has offset %d, the layout rule gives %d" % (name, r.name, r.header_offset, r.offset))
    want = [(r.regnum, r.name, 8 * r.size) for r in gregs]
    have = xml_regs(outdir, name)
    for w, h in zip(want, have):
        if w != h:
            fail("%s: target.xml has %s (regnum %d, %d bits) where the header has %s (regnum %d, %d bits)"
                 % (name, h[1], h[0], h[2], w[1], w[0], w[2]))
    if len(want) != len(have):
        fail("%s: target.xml has %d registers, the header %d" % (name, len(have), len(want)))
    d, path = lldb_definition(outdir, name)
    lregs = d["registers"]
    allprims = [x for x in lregs if "slice" not in x and "composite" not in x]
    prims = [x for x in allprims if not x["name"].startswith(FILLER_PREFIX)]
    for i, x in enumerate(allprims):
        if x["name"].startswith(FILLER_PREFIX) and x["name"] != FILLER_PREFIX + str(i):
            fail("%s: LLDB register %d is the filler %s" % (name, i, x["name"]))
    if [r.regnum for r in gregs] != [i for i, x in enumerate(allprims) if not x["name"].startswith(FILLER_PREFIX)]:
        fail("%s: the LLDB file's list indices are not the header's remote numbers" % name)
    for i, r in enumerate(gregs):
        if i >= len(prims):
            fail("%s: %s lacks %s" % (name, path, r.name))
            continue
        x = prims[i]
        if x["name"] not in lldb_name_of(r.name):
            fail("%s: LLDB register %d is %s, the header's is %s" % (name, i, x["name"], r.name))
        if x.get("bitsize") != 8 * r.size or x.get("offset") != r.offset:
            fail("%s: LLDB %s: %s bits at offset %s, the header: %d bits at %d"
                 % (name, x["name"], x.get("bitsize"), x.get("offset"), 8 * r.size, r.offset))
    if len(prims) != len(gregs):
        fail("%s: %s has %d primary registers, the header %d" % (name, path, len(prims), len(gregs)))
    by_gdb = {r.name: r for r in gregs}
    lname = {i: x["name"] for i, x in enumerate(allprims)}
    for x in lregs:
        if "composite" in x:
            sizes = [p.get("bitsize") for n in x["composite"] for p in prims if p["name"] == n]
            if len(sizes) != len(x["composite"]) or sum(sizes) != x.get("bitsize"):
                fail("%s: LLDB composite %s = %s (%s bits): not whole primaries adding up"
                     % (name, x["name"], "+".join(x["composite"]), x.get("bitsize")))
            continue
        if "slice" not in x:
            continue
        conv = x86_slice(x["name"], by_gdb)
        m = SLICE_RE.match(x["slice"])
        if conv is None or not m:
            fail("%s: LLDB slice %s = %s: not a known x86 or AArch64 sub-register" % (name, x["name"], x["slice"]))
            continue
        parent = lname[by_gdb[conv[0]].regnum]
        expect_slice = "%s[%d:%d]" % (parent, 8 * (conv[1] + conv[2]) - 1, 8 * conv[1])
        if x["slice"] != expect_slice or x.get("bitsize") != 8 * conv[2]:
            fail("%s: LLDB slice %s is %s (%s bits), the naming convention says %s (%d bits)"
                 % (name, x["name"], x["slice"], x.get("bitsize"), expect_slice, 8 * conv[2]))
    if failures == bad:
        ok("%s: target.xml and %s agree with the stub's header (%d registers, %d slices, %d-byte g packet)"
           % (name, os.path.basename(path), len(gregs), len(lregs) - len(prims), gsize))
    # The pattern.
    bad = failures
    buf = bytearray(gsize)
    for r in gregs:
        b = pattern(r.regnum, r.size)
        if len(set(b)) != r.size:
            fail("%s: pattern repeats a byte within %s: %s" % (name, r.name, hexbytes(b)))
        buf[r.offset:r.offset + r.size] = b
    for r in gregs:
        want = bytes(buf[r.offset:r.offset + r.size])
        pos = buf.find(want)
        while pos >= 0:
            if pos != r.offset:
                fail("%s: pattern of %s (%s) also appears at g offset %d"
                     % (name, r.name, hexbytes(want), pos))
            pos = buf.find(want, pos + 1)
    if failures == bad:
        ok("%s: pattern: bytes distinct within each register, no register's bytes "
           "anywhere else in the %d-byte g packet" % (name, gsize))


# ---- the register model: regnum -> bytes, starting from the pattern ----

def initial_model(gregs):
    return {r.regnum: bytearray(pattern(r.regnum, r.size)) for r in gregs}


def model_value(model, parent, start, size):
    return bytes(model[parent][start:start + size])


def contiguous(model, r):
    """r.size bytes of the g packet from r's first part on (remote numbers
    follow the g packet in these layouts)."""
    out, i = b"", r.parts[0]
    while len(out) < r.size and i in model:
        out += bytes(model[i])
        i += 1
    return out[:r.size]


def lreg_value(model, r):
    """What LLDB register r holds in the model (a composite: its parts)."""
    if getattr(r, "parts", None):
        return b"".join(bytes(model[p]) for p in r.parts)
    return model_value(model, r.parent, r.start, r.size)


def check_dump(name, gregs, gsize, model, dump_path, what):
    try:
        text = open(dump_path).read().strip()
        data = bytes.fromhex(text)
    except (OSError, ValueError) as e:
        fail("%s: no usable register dump from the stub (%s): %s" % (name, dump_path, e))
        return
    if len(data) != gsize:
        fail("%s: stub dump has %d bytes, target.xml describes %d" % (name, len(data), gsize))
        return
    bad = 0
    for r in gregs:
        got = data[r.offset:r.offset + r.size]
        if got != bytes(model[r.regnum]):
            bad += 1
            fail("%s: %s: stub's register file, %s: expected %s, got %s"
                 % (name, what, r.name, hexbytes(model[r.regnum]), hexbytes(got)))
    if not bad:
        ok("%s: %s: the stub's own register file matches, byte for byte (%d registers, %d bytes)"
           % (name, what, len(gregs), gsize))


# ---- x87 extended precision ----

def float_to_i387(x):
    """The 10 little-endian bytes of x as an 80-bit x87 extended value
    (normal, non-zero x; exact for every double)."""
    sign = 0x8000 if x < 0 else 0
    m, e = math.frexp(abs(x))          # abs(x) = m * 2**e, 0.5 <= m < 1
    mant = int(m * (1 << 64))          # explicit integer bit at bit 63
    exp = e - 1 + 16383
    return struct.pack("<QH", mant, sign | exp)


assert float_to_i387(1.5) == bytes.fromhex("000000000000 00c0 ff3f".replace(" ", ""))
assert float_to_i387(-3.25) == bytes.fromhex("00000000000000d0 00c0".replace(" ", ""))


def st_value(k):
    """A distinct, exactly representable value for st<k>."""
    return (-1) ** k * ((k + 1) * 1.5 + (2 * k + 1) / 4096.0)


# ---- GDB ----

def gdb_writes(gregs):
    """(command, regnum, new bytes) for every register: GPRs, flags, segment,
    x87 (as floats), vectors (two 64-bit halves), mxcsr and the extras,
    ARM's 12-byte FPA slots (as a byte array)."""
    out = []
    for r in gregs:
        if r.name == "zero":
            # RISC-V x0 is hard-wired to zero: GDB never sends a write to it
            # (its bytes are still read and compared)
            continue
        if r.size == 10:  # x87
            k = int(re.sub(r"\D", "", r.name))
            v = st_value(k)
            out.append(("set $%s = %r" % (r.name, v), r.regnum, float_to_i387(v)))
        elif r.size == 16:  # xmm (vec128), AArch64 v0-v31 (aarch64v: d.u = two uint64)
            new = bytes(b ^ 0xA5 for b in pattern(r.regnum, r.size))
            lo, hi = struct.unpack("<QQ", new)
            half = ".d.u" if re.fullmatch(r"v\d+", r.name) else ".v2_int64"
            out.append(("set $%s%s[0] = %#x" % (r.name, half, lo), None, None))
            out.append(("set $%s%s[1] = %#x" % (r.name, half, hi), r.regnum, new))
        elif r.size == 12:  # ARM FPA slots f0-f7 as a vector of 12 uint8
            new = bytes(b ^ 0xA5 for b in pattern(r.regnum, r.size))
            out.append(("set $%s = {%s}" % (r.name, ", ".join("%#x" % b for b in new)), r.regnum, new))
        else:
            new = bytes(b ^ 0xA5 for b in pattern(r.regnum, r.size))
            out.append(("set $%s = %#x" % (r.name, int.from_bytes(new, "little")), r.regnum, new))
    return out


def cmd_gdb_script(outdir, name, port, tdesc):
    gregs, _ = stub_layout(name)
    lines = ["set pagination off", "set confirm off", "set width 0", "set height 0"]
    if tdesc:
        lines.append("set tdesc filename " + os.path.abspath(os.path.join(outdir, name, "target.xml")))
    lines += ["target remote 127.0.0.1:%s" % port,
              "echo ==READ1==\\n", "maint print raw-registers",
              "echo ==WRITE==\\n"]
    lines += [c for c, _, _ in gdb_writes(gregs)]
    lines += ["maint flush register-cache",
              "echo ==READ2==\\n", "maint print raw-registers",
              "echo ==END==\\n", "disconnect"]
    print("\n".join(lines))


RAW_RE = re.compile(r"^\s*(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S.*?)\s*$")


def parse_raw_registers(text):
    regs = {}
    for line in text.splitlines():
        m = RAW_RE.match(line)
        if not m or m.group(1) in ("Name", "''"):
            continue
        size, raw = int(m.group(5)), m.group(7)
        if raw.startswith("0x") and len(raw) == 2 + 2 * size:
            regs[m.group(1)] = bytes.fromhex(raw[2:])[::-1]  # printed as a number
        else:
            regs[m.group(1)] = raw
    return regs


def section(text, start, end):
    if start not in text:
        return None
    rest = text.split(start, 1)[1]
    return rest.split(end, 1)[0] if end in rest else rest


def compare_gdb(name, what, gregs, model, got):
    bad = 0
    for r in gregs:
        want = bytes(model[r.regnum])
        have = got.get(r.name)
        if have != want:
            bad += 1
            fail("%s: %s: %s: expected %s, got %s" % (name, what, r.name, hexbytes(want),
                 hexbytes(have) if isinstance(have, bytes) else (have or "(not shown)")))
    if not bad:
        ok("%s: %s: all %d registers right" % (name, what, len(gregs)))


def cmd_gdb_check(outdir, name, output_path, dump_path, what):
    gregs, gsize = stub_layout(name)
    text = open(output_path, errors="replace").read()
    for line in text.splitlines():
        if re.search(r"warning:|error|Error|Could not|Remote 'g'|Truncated|No symbol|Invalid|"
                     r"Numeric constant|too large", line) and "No executable has been specified" not in line:
            if "determining executable automatically" in line or "Try using the \"file\"" in line:
                continue
            fail("%s: %s: GDB said: %s" % (name, what, line.strip()))
    model = initial_model(gregs)
    read1 = section(text, "==READ1==", "==WRITE==")
    if read1 is None:
        fail("%s: %s: GDB did not get to the first register read; its output:\n%s" % (name, what, text))
        return
    compare_gdb(name, what + ", read before writes", gregs, model, parse_raw_registers(read1))
    for _, regnum, new in gdb_writes(gregs):
        if regnum is not None:
            model[regnum][:] = new
    read2 = section(text, "==READ2==", "==END==")
    if read2 is None or "==END==" not in text:
        fail("%s: %s: GDB stopped before reading back its writes; its output after the first read:\n%s"
             % (name, what, text.split("==WRITE==", 1)[-1]))
    else:
        compare_gdb(name, what + ", read back after writes", gregs, model, parse_raw_registers(read2))
    check_dump(name, gregs, gsize, model, dump_path, what + ", after writes")


# ---- LLDB ----

# struct formats of the IEEE 754 sizes LLDB parses a written value as
FLOAT_PACK = {4: "<f", 8: "<d"}


def lldb_value(r, b):
    if getattr(r, "float", False) and r.size in FLOAT_PACK:
        # LLDB parses the value as a number: the shortest decimal that is
        # exactly these bytes (every pattern the tests write is finite)
        return repr(struct.unpack(FLOAT_PACK[r.size], b)[0])
    if r.vector:
        return '"{%s}"' % " ".join("0x%02x" % x for x in b)
    return "0x%0*x" % (2 * len(b), int.from_bytes(b, "little"))


def lldb_plan(gregs, lregs):
    """The LLDB write commands and the model after them.

    Every primary register gets the pattern XOR 0x5a; then every slice gets
    its current bytes inverted.  LLDB 16 builds a slice write from its cached
    copy of the parent and does not fetch the parent first, and every write
    drops its cache, so each slice write is preceded by a read of the parent.
    A slice whose name is another register's alt-name (x86_64 "sp" = rsp[15:0]
    versus rsp's alt-name "sp") cannot be named in a command: LLDB picks the
    alt-name; it is only read (register read --all shows it by its name)."""
    model = initial_model(gregs)
    altnames = {r.altname for r in lregs if r.altname}
    cmds, skipped = [], []
    for r in lregs:
        if r.regnum is None:
            continue
        new = bytes(b ^ 0x5A for b in pattern(r.regnum, r.size))
        cmds.append("register write %s %s" % (r.name, lldb_value(r, new)))
        model[r.regnum][:] = new
    for r in lregs:
        if r.regnum is not None:
            continue
        if r.name in altnames:
            skipped.append(r.name)
            continue
        if r.parts:  # composites are read, their parts written
            continue
        if r.float:  # LLDB parses a written value as a float: read only
            skipped.append(r.name)
            continue
        new = bytes(b ^ 0xFF for b in model_value(model, r.parent, r.start, r.size))
        cmds.append("register read %s" % r.parent_name)
        cmds.append("register write %s %s" % (r.name, lldb_value(r, new)))
        model[r.parent][r.start:r.start + r.size] = new
    return cmds, model, skipped


def cmd_lldb_script(outdir, name, port):
    gregs, _ = stub_layout(name)
    lregs, path = lldb_layout(outdir, name, gregs)
    cmds, _, _ = lldb_plan(gregs, lregs)
    read = ["register read --all"] + float_read(lregs)
    lines = ["settings set plugin.process.gdb-remote.target-definition-file " + os.path.abspath(path),
             "gdb-remote 127.0.0.1:%s" % port] + read + cmds + read
    print("\n".join(lines))


def float_read(lregs):
    """The command that shows the float-formatted registers (RISC-V f0-f31)
    and sub-registers as hex: LLDB 13-15 print a double with too few digits
    to give its bytes back."""
    names = [r.name for r in lregs if r.float]
    return ["register read -f x " + " ".join(names)] if names else []


def register_reads(secs):
    """The outputs of each "register read --all", each with the float
    sub-registers' hex read that follows it."""
    reads = []
    for cmd, out in secs:
        if cmd == "register read --all":
            reads.append(out)
        elif cmd.startswith("register read -f x ") and reads:
            reads[-1] += "\n" + out
    return reads


LLDB_VAL_RE = re.compile(r"^\s*(\w+) = (0x[0-9a-fA-F]+|\{[^}]*\})")


def parse_lldb_registers(text):
    regs = {}
    for line in text.splitlines():
        m = LLDB_VAL_RE.match(line)
        if not m:
            continue
        v = m.group(2)
        if v.startswith("{"):
            regs[m.group(1)] = bytes(int(x, 16) for x in v[1:-1].split())
        else:
            regs[m.group(1)] = ("int", v)
    return regs


def compare_lldb(name, what, lregs, model, got):
    bad = 0
    for r in lregs:
        want = lreg_value(model, r)
        have = got.get(r.name)
        if isinstance(have, tuple):  # a hex number: as many digits as bytes
            digits = have[1][2:]
            have = bytes.fromhex(digits)[::-1] if len(digits) == 2 * r.size else have[1]
        if have != want and r.parts and "LLDB 13 " in what and have == contiguous(model, r):
            # LLDB 13 reads a composite as size bytes from its first part's
            # offset, not from its parts: known, and what it does here
            print("note: %s: %s: %s (composite of %s) reads as %d contiguous bytes from %s's offset "
                  "(LLDB 13 ignores the parts; LLDB 14-16 join them)"
                  % (name, what, r.name, r.parent_name, r.size, r.parent_name.split("+")[0]))
            continue
        if have != want:
            bad += 1
            kind = "" if r.regnum is not None else " (%s of %s)" % ("composite" if r.parts else "slice", r.parent_name)
            fail("%s: %s: %s%s: expected %s, got %s" % (name, what, r.name, kind, hexbytes(want),
                 hexbytes(have) if isinstance(have, bytes) else (have or "(not shown)")))
    if not bad:
        nslices = sum(1 for r in lregs if r.regnum is None)
        ok("%s: %s: all %d registers and %d slices right"
           % (name, what, len(lregs) - nslices, nslices))


def lldb_sections(text):
    """Output of each command, keyed in order: [(command, output)]."""
    out = []
    for chunk in re.split(r"^\(lldb\) ", text, flags=re.M)[1:]:
        cmd, _, rest = chunk.partition("\n")
        out.append((cmd.strip(), rest))
    return out


def cmd_lldb_check(outdir, name, output_path, dump_path, what):
    gregs, gsize = stub_layout(name)
    lregs, _ = lldb_layout(outdir, name, gregs)
    text = open(output_path, errors="replace").read()
    secs = lldb_sections(text)
    for cmd, out in secs:
        for line in out.splitlines():
            if "error" in line.lower() or "failed" in line.lower():
                fail("%s: LLDB, after `%s`: %s" % (name, cmd, line.strip()))
    reads = register_reads(secs)
    if len(reads) != 2:
        fail("%s: LLDB ran %d of the 2 `register read --all`; its output:\n%s" % (name, len(reads), text))
        return
    compare_lldb(name, what + ", read before writes", lregs, initial_model(gregs), parse_lldb_registers(reads[0]))
    _, model, skipped = lldb_plan(gregs, lregs)
    compare_lldb(name, what + ", read back after writes", lregs, model, parse_lldb_registers(reads[1]))
    if skipped:
        print("note: %s: slices not written (name is also an alt-name, or a float LLDB would parse): %s"
              % (name, " ".join(skipped)))
    check_dump(name, gregs, gsize, model, dump_path, what + ", after writes")


def cmd_lldb_nofile_check(name, output_path):
    """The seed case: a stub without target.xml or qRegisterInfo and LLDB
    without a target definition file.  LLDB 16 connects but has no registers:
    the frame shows pc 0xffffffffffffffff and `register read` refuses."""
    text = open(output_path, errors="replace").read()
    expect = [
        ("stopped at an invalid pc", r"frame #0: 0xffffffffffffffff"),
        ("register read --all refused",
         r"\(lldb\) register read --all\nerror: Command requires a process, which is currently stopped\."),
    ]
    good = True
    for what, rx in expect:
        if not re.search(rx, text):
            good = False
            fail("%s: LLDB without the definition file: expected %s (/%s/); output:\n%s"
                 % (name, what, rx, text))
    if re.search(r"^\s*\w+ = 0x", text, re.M):
        good = False
        fail("%s: LLDB without the definition file printed register values:\n%s" % (name, text))
    if good:
        ok("%s: LLDB 16 without the definition file has no registers "
           "(pc 0xffffffffffffffff; 'register read' -> 'Command requires a process, which is currently stopped.')"
           % name)


# ---- LLDB through qRegisterInfo (stub --qregisterinfo, no definition file) ----

def header_path(name):
    ident = name.replace("-", "_")
    gen = os.environ.get("STUB_GEN_DIR") or os.path.join(os.environ.get("STUB_DIR", "build/stub"), "gen")
    return os.path.join(gen, name, ident + "_regs.h")


def c_string(lit):
    """The value of a C string literal's body (the escapes a header uses)."""
    return re.sub(r'\\(["\\nt])', lambda m: {"n": "\n", "t": "\t"}.get(m.group(1), m.group(1)), lit)


def header_qreginfo(name):
    """What the stub's header says LLDB's discovery packets get: the
    qRegisterInfo replies (list), the number of registers, the triple and
    the byte order."""
    path = header_path(name)
    text = open(path).read()
    uc = name.replace("-", "_").upper()
    m = re.search(r"_qregisterinfo\(unsigned n\)\s*\{.*?replies\[\d+\] = \{(.*?)\n\s*\};", text, re.S)
    if not m:
        raise SystemExit("%s: no qRegisterInfo replies in %s" % (name, path))
    replies = [c_string(x) for x in re.findall(r'^\s*"((?:[^"\\]|\\.)*)",\s*$', m.group(1), re.M)]
    count = int(re.search(r"#define %s_NUM_QREGISTERINFO (\d+)" % uc, text).group(1))
    if count != len(replies):
        raise SystemExit("%s: %s: %s_NUM_QREGISTERINFO is %d, the table has %d replies"
                         % (name, path, uc, count, len(replies)))
    triple = c_string(re.search(r'#define %s_LLDB_TRIPLE "((?:[^"\\]|\\.)*)"' % uc, text).group(1))
    em = re.search(r'tail\[\] = ";endian:(\w+);"', text)
    return replies, triple, em.group(1) if em else "little"


def parse_reply(rep):
    """qRegisterInfo reply -> dict of its key:value; pairs."""
    d = {}
    for pair in rep.split(";"):
        if pair:
            k, _, v = pair.partition(":")
            d[k] = v
    return d


def qreginfo_layout(name, gregs, check=True):
    """LLDB's registers as the stub's qRegisterInfo replies name them: the
    first len(gregs) are the primaries (qRegisterInfo number = remote
    number), the rest sub-registers, placed by the x86 naming convention."""
    replies, _, _ = header_qreginfo(name)
    ds = []
    for rep in replies:
        d = parse_reply(rep)
        ds.append({"name": d.get("name", "?"), "bitsize": int(d.get("bitsize", "0"), 0),
                   "encoding": d.get("encoding"), "alt-name": d.get("alt-name"),
                   "container": d.get("container-regs")})
    nprim = len(gregs)
    names = [d["name"] for d in ds[:nprim]]
    for d in ds[nprim:]:
        # several containers: a composite of those registers, in that order
        c = (d.pop("container") or "").split(",")
        if len(c) > 1:
            d["composite"] = [names[int(x, 16)] for x in c]
    for d in ds[:nprim]:
        d.pop("container")
    for r, n in zip(gregs, names if check else []):
        if n not in lldb_name_of(r.name):
            fail("%s: qRegisterInfo%x names %s %s; LLDB's name for it is %s"
                 % (name, r.regnum, r.name, n, " or ".join(lldb_name_of(r.name))))
    return [LReg(d, i, nprim, gregs, names) for i, d in enumerate(ds)]


def cmd_lldb_qreginfo_script(name, port):
    gregs, _ = stub_layout(name)
    lregs = qreginfo_layout(name, gregs, check=False)
    cmds, _, _ = lldb_plan(gregs, lregs)
    read = ["register read --all"] + float_read(lregs)
    print("\n".join(["gdb-remote 127.0.0.1:%s" % port] + read + cmds + read))


def extra_lldb_regs(gregs, lregs, lnames_shown):
    """Registers LLDB shows that the replies do not name (LLDB's own
    additions): the x86 sub-registers and mm0-7 it knows how to place."""
    by_gdb = {r.name: r for r in gregs}
    known = {r.name for r in lregs}
    out, unknown = [], []
    for n in lnames_shown:
        if n in known:
            continue
        conv = x86_slice(n, by_gdb)
        m = re.fullmatch(r"mm(\d)", n)
        if conv is None and m and "st" + m.group(1) in by_gdb:
            conv = ("st" + m.group(1), 0, 8)
        if conv is None:
            unknown.append(n)
            continue
        parent = by_gdb[conv[0]].regnum
        out.append(types.SimpleNamespace(name=n, regnum=None, parent=parent, start=conv[1], size=conv[2],
                                         parent_name=lregs[parent].name))
    return out, unknown


def cmd_lldb_qreginfo_check(name, output_path, dump_path, what):
    gregs, gsize = stub_layout(name)
    lregs = qreginfo_layout(name, gregs)
    text = open(output_path, errors="replace").read()
    secs = lldb_sections(text)
    for cmd, out in secs:
        for line in out.splitlines():
            if re.search(r"error|failed|registers? (was|were) unavailable", line, re.I):
                fail("%s: LLDB, after `%s`: %s" % (name, cmd, line.strip()))
    reads = register_reads(secs)
    if not reads:
        fail("%s: %s: LLDB did not get to `register read --all`; its output:\n%s" % (name, what, text))
        return
    if len(reads) < 2:
        fail("%s: %s: LLDB stopped before reading back its writes (see the error above)" % (name, what))
    _, model, skipped = lldb_plan(gregs, lregs)
    for label, out, mdl in (("read before writes", reads[0], initial_model(gregs)),
                            ("read back after writes", reads[1] if len(reads) > 1 else None, model)):
        if out is None:
            continue
        got = parse_lldb_registers(out)
        compare_lldb(name, "%s, %s" % (what, label), lregs, mdl, got)
        extra, unknown = extra_lldb_regs(gregs, lregs, got)
        if extra:
            compare_lldb(name, "%s, %s, registers LLDB added (%s)" % (what, label, " ".join(r.name for r in extra)),
                         extra, mdl, got)
        if unknown:
            print("note: %s: LLDB also shows %s (not checked: no known place in the layout)"
                  % (name, " ".join(unknown)))
    if skipped:
        print("note: %s: slices not written (name is also an alt-name, or a float LLDB would parse): %s"
              % (name, " ".join(skipped)))
    if len(reads) > 1:
        check_dump(name, gregs, gsize, model, dump_path, what + ", after writes")


# ---- raw protocol ----

class Client:
    def __init__(self, port, name):
        self.name = name
        self.s = socket.create_connection(("127.0.0.1", int(port)), timeout=10)
        # Acks and packets are small separate writes: no Nagle delays.
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.buf = b""

    def _read(self):
        data = self.s.recv(65536)
        if not data:
            raise EOFError("connection closed")
        self.buf += data

    def getc(self):
        while not self.buf:
            self._read()
        c, self.buf = self.buf[:1], self.buf[1:]
        return c

    def read_packet(self, context):
        """Reads one $...#cs reply, checks its checksum, returns the data."""
        while True:
            c = self.getc()
            if c == b"$":
                break
            fail("%s: %s: unexpected byte %r before a reply" % (self.name, context, c))
        data = b""
        while True:
            c = self.getc()
            if c == b"#":
                break
            data += c
        cs = self.getc() + self.getc()
        if int(cs, 16) != sum(data) & 0xFF:
            fail("%s: %s: reply checksum %s, computed %02x" % (self.name, context, cs.decode(), sum(data) & 0xFF))
        return data

    def send_raw(self, b):
        self.s.sendall(b)

    @staticmethod
    def frame(data):
        return b"$" + data + b"#%02x" % (sum(data) & 0xFF)

    def cmd(self, data, context=None):
        """Sends a packet, expects '+' then a reply; returns the reply."""
        if isinstance(data, str):
            data = data.encode()
        context = context or data[:40].decode("latin-1")
        self.send_raw(self.frame(data))
        ack = self.getc()
        if ack != b"+":
            fail("%s: %s: expected ack '+', got %r" % (self.name, context, ack))
        reply = self.read_packet(context)
        self.send_raw(b"+")
        return reply

    def expect_nothing(self, secs=0.2):
        self.s.settimeout(secs)
        try:
            data = self.s.recv(4096)
        except socket.timeout:
            data = b""
        finally:
            self.s.settimeout(10)
        return data


def strip_comments(b):
    return re.sub(rb"<!--.*?-->", b"", b, flags=re.S)


def unescape(b):
    out, i = bytearray(), 0
    while i < len(b):
        if b[i] == 0x7D:
            out.append(b[i + 1] ^ 0x20)
            i += 2
        else:
            out.append(b[i])
            i += 1
    return bytes(out)


def expect(name, what, got, want):
    if isinstance(want, re.Pattern):
        good = want.fullmatch(got.decode("latin-1")) is not None
    else:
        good = got == (want.encode() if isinstance(want, str) else want)
    if good:
        ok("%s: %s" % (name, what))
    else:
        shown = got if len(got) < 200 else got[:200] + b"..."
        fail("%s: %s: expected %r, got %r" % (name, what, want if not isinstance(want, re.Pattern) else want.pattern, shown))


def cmd_protocol(outdir, name, port, dump_path, no_xml):
    gregs, gsize = stub_layout(name)
    c = Client(port, name)
    n = len(gregs)
    model = initial_model(gregs)

    def gbytes():
        b = bytearray(gsize)
        for r in gregs:
            b[r.offset:r.offset + r.size] = model[r.regnum]
        return bytes(b)

    def check_g(what):
        """g must hold the model: failures name each wrong register."""
        rep = c.cmd("g")
        try:
            got = bytes.fromhex(rep.decode())
        except ValueError:
            got = b""
        if len(got) != gsize:
            fail("%s: %s: g reply of %d bytes (%r...), expected %d" % (name, what, len(got), rep[:40], gsize))
            return
        bad = [r for r in gregs if got[r.offset:r.offset + r.size] != model[r.regnum]]
        for r in bad:
            fail("%s: %s: %s: expected %s, got %s" % (name, what, r.name, hexbytes(model[r.regnum]),
                                                     hexbytes(got[r.offset:r.offset + r.size])))
        if not bad:
            ok("%s: %s" % (name, what))

    # Handshake.
    rep = c.cmd("qSupported:multiprocess+;swbreak+;xmlRegisters=i386")
    feats = rep.decode().split(";")
    m = re.fullmatch(r"PacketSize=([0-9a-fA-F]+)", feats[0])
    if not m or int(m.group(1), 16) < 2 * gsize + 1:
        fail("%s: qSupported: no PacketSize big enough for G (%r)" % (name, rep))
    if ("qXfer:features:read+" in feats) == no_xml:
        fail("%s: qSupported %s qXfer:features:read+ (%r)" % (name, "offers" if no_xml else "lacks", rep))
    else:
        ok("%s: qSupported: %s" % (name, rep.decode()))
    for pkt in ("qRegisterInfo0", "qHostInfo", "vCont?", "QStartNoAckMode", "vMustReplyEmpty", "qC", "X0,0:"):
        expect(name, "%s is unsupported (empty reply)" % pkt, c.cmd(pkt), "")
    expect(name, "? reports a stop", c.cmd("?"), "S05")

    # Every register, every byte.
    g = c.cmd("g")
    try:
        gb = bytes.fromhex(g.decode())
    except ValueError:
        gb = b""
    if len(gb) != gsize:
        fail("%s: g: %d bytes, target.xml describes %d" % (name, len(gb), gsize))
    else:
        bad = 0
        for r in gregs:
            if gb[r.offset:r.offset + r.size] != bytes(model[r.regnum]):
                bad += 1
                fail("%s: g: %s: expected %s, got %s" % (name, r.name, hexbytes(model[r.regnum]),
                                                         hexbytes(gb[r.offset:r.offset + r.size])))
        if not bad:
            ok("%s: g gives the pattern for all %d registers" % (name, n))
    bad = 0
    for r in gregs:
        got = c.cmd("p%x" % r.regnum)
        if got != model[r.regnum].hex().encode():
            bad += 1
            try:
                shown = hexbytes(bytes.fromhex(got.decode()))
            except ValueError:
                shown = repr(got)
            fail("%s: p%x: %s: expected %s, got %s" % (name, r.regnum, r.name, hexbytes(model[r.regnum]), shown))
    if not bad:
        ok("%s: p gives the pattern for all %d registers" % (name, n))

    # p/P/G/m/M errors and writes.
    expect(name, "p past the last register -> E02", c.cmd("p%x" % n), "E02")
    expect(name, "p with a huge number -> E02", c.cmd("pffffffffffffffff"), "E02")
    expect(name, "p with 17 hex digits -> E01", c.cmd("p10000000000000000"), "E01")
    expect(name, "p without a number -> E01", c.cmd("p"), "E01")
    expect(name, "p with junk -> E01", c.cmd("p1x"), "E01")
    last = gregs[-1]
    val = bytes(range(0xC0, 0xC0 + last.size))
    expect(name, "P of the last register", c.cmd("P%x=%s" % (last.regnum, val.hex())), "OK")
    model[last.regnum][:] = val
    expect(name, "p reads the P value back", c.cmd("p%x" % last.regnum), val.hex())
    expect(name, "P with one byte too many -> E03", c.cmd("P0=%s" % ("11" * (gregs[0].size + 1))), "E03")
    expect(name, "P with one byte too few -> E03", c.cmd("P0=%s" % ("11" * (gregs[0].size - 1))), "E03")
    expect(name, "P with an odd digit count -> E01", c.cmd("P0=123"), "E01")
    expect(name, "P with non-hex data -> E01", c.cmd("P0=%s" % ("zz" * gregs[0].size)), "E01")
    expect(name, "P without '=' -> E01", c.cmd("P0"), "E01")
    expect(name, "P past the last register -> E02", c.cmd("P%x=00" % n), "E02")
    check_g("g shows the P write at %s's offset" % last.name)
    newg = bytes((i * 7 + 3) & 0xFF for i in range(gsize))
    expect(name, "G one byte short -> E03", c.cmd("G" + newg[:-1].hex()), "E03")
    expect(name, "G one byte long -> E03", c.cmd("G" + newg.hex() + "00"), "E03")
    expect(name, "G with non-hex data -> E01", c.cmd("G" + "x" * (2 * gsize)), "E01")
    expect(name, "G with an odd digit count -> E01", c.cmd("G" + newg.hex()[:-1]), "E01")
    check_g("g unchanged after refused G")
    expect(name, "G of the whole file", c.cmd("G" + newg.hex()), "OK")
    for r in gregs:
        model[r.regnum][:] = newg[r.offset:r.offset + r.size]
    check_g("g returns what G wrote")
    expect(name, "p after G (%s)" % gregs[1].name, c.cmd("p1"), newg[gregs[1].offset:gregs[1].offset + gregs[1].size].hex())
    expect(name, "g with junk -> E01", c.cmd("gx"), "E01")
    expect(name, "m reads zeros", c.cmd("m1000,10"), "00" * 16)
    expect(name, "m with length 0", c.cmd("m0,0"), "")
    rep = c.cmd("mffffffffffffff00,ffffffff")
    if rep and set(rep) == {ord("0")} and len(rep) <= 4096 * 2:
        ok("%s: m with a huge length gets a bounded reply (%d bytes)" % (name, len(rep) // 2))
    else:
        fail("%s: m with a huge length: %r" % (name, rep[:80]))
    for bad_m in ("m", "m1000", "m1000,", "m,10", "mxyz,1", "m10,1x", "m10;1"):
        expect(name, "%r -> E01" % bad_m, c.cmd(bad_m), "E01")
    expect(name, "M is accepted", c.cmd("M1000,4:01020304"), "OK")
    expect(name, "M with too little data -> E03", c.cmd("M1000,4:0102"), "E03")
    expect(name, "M with non-hex data -> E01", c.cmd("M1000,2:zzzz"), "E01")
    expect(name, "M without ':' -> E01", c.cmd("M1000,2"), "E01")
    expect(name, "m still reads zeros after M", c.cmd("m1000,4"), "00000000")
    for pkt in ("c", "s", "c1000", "s1000", "C05", "S05", "C05;1000"):
        expect(name, "%s reports a stop at once" % pkt, c.cmd(pkt), "S05")
    for pkt in ("cxyz", "C", "Cxx", "S05;zz"):
        expect(name, "%r -> E01" % pkt, c.cmd(pkt), "E01")
    expect(name, "Hg0 -> OK", c.cmd("Hg0"), "OK")

    # qXfer:features:read.
    # The stub embeds the target.xml generated with its header (in the stub
    # build's GENDIR); it must equal that file exactly and out/NAME/target.xml
    # except for comments (they name the def by the path regdefgen was given).
    gen_xml = os.path.join(os.environ.get("STUB_GEN_DIR", ""), name, "target.xml")
    xml_path = gen_xml if os.environ.get("STUB_GEN_DIR") and os.path.exists(gen_xml) \
        else os.path.join(outdir, name, "target.xml")
    want_xml = open(xml_path, "rb").read()
    out_xml = open(os.path.join(outdir, name, "target.xml"), "rb").read()
    if strip_comments(want_xml) != strip_comments(out_xml):
        fail("%s: %s and %s differ outside comments" % (name, xml_path, os.path.join(outdir, name, "target.xml")))
    if no_xml:
        expect(name, "--no-xml: qXfer:features:read is unsupported",
               c.cmd("qXfer:features:read:target.xml:0,fff"), "")
    else:
        for chunk in (0xFFF, 0x100, 0x3E7, 7, 0x7FFFFFFF):
            got, off, parts, last_kind = b"", 0, 0, None
            while True:
                rep = c.cmd("qXfer:features:read:target.xml:%x,%x" % (off, chunk))
                if not rep or rep[:1] not in b"ml":
                    fail("%s: qXfer chunk %#x at %d: reply %r" % (name, chunk, off, rep[:40]))
                    break
                data = unescape(rep[1:])
                if len(data) > chunk:
                    fail("%s: qXfer chunk %#x: got %d bytes" % (name, chunk, len(data)))
                got += data
                off += len(data)
                parts += 1
                last_kind = rep[:1]
                if rep[:1] == b"l" or not data or parts > 100000:
                    break
            if got == want_xml and last_kind == b"l":
                ok("%s: qXfer in chunks of %#x (%d replies, last 'l') gives %s exactly (%d bytes)"
                   % (name, chunk, parts, xml_path, len(want_xml)))
            else:
                fail("%s: qXfer in chunks of %#x: %d bytes%s, %s has %d; first difference at %s"
                     % (name, chunk, len(got), "" if last_kind == b"l" else " (no final 'l')", xml_path,
                        len(want_xml), next((i for i, (a, b) in enumerate(zip(got, want_xml)) if a != b),
                                            min(len(got), len(want_xml)))))
        expect(name, "qXfer at the end -> 'l' and no data",
               c.cmd("qXfer:features:read:target.xml:%x,100" % len(want_xml)), "l")
        expect(name, "qXfer past the end -> E01",
               c.cmd("qXfer:features:read:target.xml:%x,100" % (len(want_xml) + 1)), "E01")
        expect(name, "qXfer of another annex -> E00", c.cmd("qXfer:features:read:other.xml:0,100"), "E00")
        for bad_x in ("qXfer:features:read:target.xml:", "qXfer:features:read:target.xml:0",
                      "qXfer:features:read:target.xml:0,", "qXfer:features:read:target.xml:zz,10",
                      "qXfer:features:read:target.xml:0,10,"):
            expect(name, "%r -> E01" % bad_x, c.cmd(bad_x), "E01")

    # Framing: checksums, acks, retransmission.
    c.send_raw(b"$g#00")
    expect(name, "bad checksum -> '-'", c.getc(), b"-")
    expect(name, "no reply to a packet with a bad checksum", c.expect_nothing(), b"")
    c.send_raw(b"$g#zz")
    expect(name, "non-hex checksum -> '-'", c.getc(), b"-")
    expect(name, "checksum in capitals accepted", _upper_cs(c, b"?"), "S05")
    c.send_raw(Client.frame(b"?"))
    c.getc()
    first = c.read_packet("? before '-'")
    c.send_raw(b"-")
    again = c.read_packet("? resent after '-'")
    c.send_raw(b"+")
    expect(name, "'-' after a reply makes the stub send it again", again, first)
    expect(name, "empty packet -> empty reply", c.cmd(b""), "")
    expect(name, "NUL inside a packet -> E01", c.cmd(b"p\x001"), "E01")
    long_pkt = b"q" + b"A" * 5000
    expect(name, "5001-byte packet -> E04 (refused, not stored)", c.cmd(long_pkt), "E04")
    c.send_raw(b"$qSupp$?#3f")
    expect(name, "a '$' inside a packet starts a new one (ack)", c.getc(), b"+")
    expect(name, "a '$' inside a packet starts a new one (reply)", c.read_packet("restarted ?"), b"S05")
    c.send_raw(b"+")

    # Garbage: random bytes, including '$', '#', '}', '*', '-', NUL and 0x03.
    rng = random.Random(1234)
    for round_ in range(40):
        n_bytes = rng.choice([1, 2, 7, 64, 700, 5000])
        junk = bytes(rng.choice(b"$#}*-+\x00\x03\xffgGpPmMqk0123456789abcdef:,;=") if rng.random() < 0.7
                     else rng.randrange(256) for _ in range(n_bytes))
        junk = junk.replace(b"k", b"K").replace(b"D", b"d")  # no kill/detach by chance
        c.send_raw(junk)
    # End any open packet, then drain whatever the stub answered.
    c.send_raw(b"#00")
    time.sleep(0.3)
    while c.expect_nothing(0.3):
        pass
    c.buf = b""
    expect(name, "after %d rounds of garbage the stub still answers ?" % 40, c.cmd("?"), "S05")
    check_g("... and g is intact")

    # Detach ends the session.
    expect(name, "D -> OK", c.cmd("D"), "OK")
    try:
        rest = c.expect_nothing(2)
        expect(name, "connection closed after D", rest, b"")
    except OSError:
        ok("%s: connection closed after D" % name)
    c.s.close()
    # The stub writes its dump as it exits.
    deadline = time.time() + 10
    while time.time() < deadline and not (os.path.exists(dump_path) and open(dump_path).read().endswith("\n")):
        time.sleep(0.05)
    check_dump(name, gregs, gsize, model, dump_path, "protocol session")


def _upper_cs(c, data):
    c.send_raw(b"$" + data + b"#" + (b"%02X" % (sum(data) & 0xFF)))
    if c.getc() != b"+":
        fail("%s: checksum in capitals not acked" % c.name)
    rep = c.read_packet("capital checksum")
    c.send_raw(b"+")
    return rep


def cmd_protocol_nop(name, port):
    """--no-p: p and P get the empty (unsupported) reply; g/G still work."""
    gregs, gsize = stub_layout(name)
    c = Client(port, name)
    expect(name, "--no-p: p0 is unsupported (empty reply)", c.cmd("p0"), "")
    expect(name, "--no-p: P0=... is unsupported (empty reply)", c.cmd("P0=" + "00" * gregs[0].size), "")
    g = c.cmd("g")
    want = b"".join(pattern(r.regnum, r.size) for r in gregs)
    expect(name, "--no-p: g still gives the pattern", g, want.hex())
    expect(name, "--no-p: G still works", c.cmd("G" + want.hex()), "OK")
    expect(name, "D -> OK", c.cmd("D"), "OK")
    c.s.close()


def cmd_protocol_qreginfo(name, port):
    """--qregisterinfo: no target.xml; qRegisterInfoN and qHostInfo answered
    with the header's replies, E45 past the end."""
    gregs, gsize = stub_layout(name)
    replies, triple, endian = header_qreginfo(name)
    c = Client(port, name)
    rep = c.cmd("qSupported:multiprocess+;swbreak+;xmlRegisters=i386")
    if b"qXfer:features:read+" in rep.split(b";"):
        fail("%s: --qregisterinfo: qSupported offers qXfer:features:read+ (%r)" % (name, rep))
    else:
        ok("%s: --qregisterinfo: qSupported without qXfer:features:read+ (%s)" % (name, rep.decode()))
    expect(name, "--qregisterinfo: qXfer:features:read is unsupported",
           c.cmd("qXfer:features:read:target.xml:0,fff"), "")
    expect(name, "qRegisterInfo0 is %s_qregisterinfo(0)" % name.replace("-", "_"),
           unescape(c.cmd("qRegisterInfo0")), replies[0])
    bad = 0
    for i, want in enumerate(replies):
        got = unescape(c.cmd("qRegisterInfo%x" % i))
        if got != want.encode():
            bad += 1
            fail("%s: qRegisterInfo%x: expected %r, got %r" % (name, i, want, got))
    if not bad:
        ok("%s: qRegisterInfo0 .. qRegisterInfo%x (hex) are the header's %d replies"
           % (name, len(replies) - 1, len(replies)))
    n = len(replies)
    for pkt, want in (("qRegisterInfo1a", replies[0x1a]), ("qRegisterInfo1A", replies[0x1a]),
                      ("qRegisterInfo01a", replies[0x1a]), ("qRegisterInfo10", replies[16])):
        expect(name, "%s (hex) is reply %d" % (pkt, int(pkt[13:], 16)), unescape(c.cmd(pkt)), want)
    for pkt in ("qRegisterInfo%x" % n, "qRegisterInfo%x" % (n + 1), "qRegisterInfoffffffff",
                "qRegisterInfo100000000", "qRegisterInfoffffffffffffffff"):
        expect(name, "%s (past the last, %x) -> E45" % (pkt, n - 1), c.cmd(pkt), "E45")
    for pkt in ("qRegisterInfo", "qRegisterInfo1x", "qRegisterInfo-1", "qRegisterInfo 1",
                "qRegisterInfo10000000000000000"):
        expect(name, "%r -> E01" % pkt, c.cmd(pkt), "E01")
    rep = c.cmd("qHostInfo")
    want = "triple:%s;endian:%s;" % (triple.encode().hex(), endian)
    expect(name, "qHostInfo -> %r (triple %s)" % (want, triple), unescape(rep), want)
    m = re.fullmatch(rb"triple:([0-9a-f]+);endian:(\w+);", unescape(rep))
    if m and bytes.fromhex(m.group(1).decode()).decode() == triple:
        ok("%s: qHostInfo's triple decodes to %s" % (name, triple))
    else:
        fail("%s: qHostInfo's triple does not decode to %s: %r" % (name, triple, rep))
    expect(name, "qHostInfo with junk is unsupported", c.cmd("qHostInfox"), "")
    g = c.cmd("g")
    want_g = b"".join(pattern(r.regnum, r.size) for r in gregs)
    expect(name, "--qregisterinfo: g gives the pattern", g, want_g.hex())
    expect(name, "--qregisterinfo: p0", c.cmd("p0"), pattern(0, gregs[0].size).hex())
    expect(name, "D -> OK", c.cmd("D"), "OK")
    c.s.close()


def cmd_protocol_eof(port, kind):
    """Ends a session the rough way: 'cut' = close in the middle of a packet,
    'kill' = a k packet (reply X09, then the stub closes)."""
    c = Client(port, "eof")
    if kind == "cut":
        expect("session", "p0 before the cut", c.cmd("p0")[:2], re.compile(r"[0-9a-f]{2}"))
        c.send_raw(b"$g#6")
        c.s.close()
    else:
        c.send_raw(Client.frame(b"k"))
        expect("session", "k is acked", c.getc(), b"+")
        expect("session", "k -> X09", c.read_packet("k"), b"X09")
        c.send_raw(b"+")
        try:
            expect("session", "connection closed after k", c.expect_nothing(2), b"")
        except OSError:
            ok("session: connection closed after k")
        c.s.close()


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    cmd, args = argv[1], argv[2:]
    flags = [a for a in args if a.startswith("--")]
    args = [a for a in args if not a.startswith("--")]
    try:
        if cmd == "layout-check":
            cmd_layout_check(*args)
        elif cmd == "gdb-script":
            cmd_gdb_script(*args, tdesc="--tdesc" in flags)
        elif cmd == "gdb-check":
            cmd_gdb_check(*args[:4], what=args[4] if len(args) > 4 else "GDB")
        elif cmd == "lldb-script":
            cmd_lldb_script(*args)
        elif cmd == "lldb-check":
            cmd_lldb_check(*args[:4], what=args[4] if len(args) > 4 else "LLDB")
        elif cmd == "lldb-nofile-check":
            cmd_lldb_nofile_check(*args)
        elif cmd == "lldb-qreginfo-script":
            cmd_lldb_qreginfo_script(*args)
        elif cmd == "lldb-qreginfo-check":
            cmd_lldb_qreginfo_check(*args[:3], what=args[3] if len(args) > 3 else "LLDB (qRegisterInfo)")
        elif cmd == "protocol":
            cmd_protocol(*args, no_xml="--no-xml" in flags)
        elif cmd == "protocol-nop":
            cmd_protocol_nop(*args)
        elif cmd == "protocol-qreginfo":
            cmd_protocol_qreginfo(*args)
        elif cmd == "protocol-eof":
            cmd_protocol_eof(args[0], args[1] if len(args) > 1 else "cut")
        else:
            print(__doc__)
            return 2
    except (OSError, EOFError) as e:
        fail("%s: connection problem: %s" % (" ".join(args[:2]), e))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
