#!/usr/bin/env python3
"""tests/tools/qreginfo-of.py TARGET.xml [swap]: the qRegisterInfo replies
that describe the registers of one target.xml document (no includes), one
a line, in remote-number order with GDB's g offsets; with "swap" the first
two registers trade offsets (a stub whose qRegisterInfo disagrees with its
target.xml, for the stub doctor's test)."""
import re, sys
xml = open(sys.argv[1]).read()
regs, num = [], 0
for m in re.finditer(r'<reg ([^>]*)/>', xml):
    a = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
    num = int(a.get("regnum", num))
    regs.append((num, a))
    num += 1
regs.sort(key=lambda x: x[0])
off, out = 0, []
for _, a in regs:
    bits = int(a["bitsize"])
    enc = "encoding:vector;format:vector-uint8;" if bits > 64 else "encoding:uint;format:hex;"
    gen = "generic:%s;" % a["generic"] if "generic" in a else ""
    out.append([a["name"], bits, off, enc, gen])
    off += bits // 8
if len(sys.argv) > 2:  # rax and rbx change places in qRegisterInfo only
    out[0][2], out[1][2] = out[1][2], out[0][2]
for name, bits, o, enc, gen in out:
    print("name:%s;bitsize:%d;offset:%d;%sset:General Purpose Registers;%s" % (name, bits, o, enc, gen))
