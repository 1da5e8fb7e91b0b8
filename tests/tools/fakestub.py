#!/usr/bin/env python3
"""tests/tools/fakestub.py MODE PORT: a misbehaving GDB stub for the probe's
error paths.  It accepts connections on 127.0.0.1:PORT (a first connection
that sends nothing, like the harness's readiness check, is ignored) and:

  silent     acknowledges nothing and never answers
  badsum     answers every packet with a wrong checksum
  truncated  answers qSupported with half a packet, then closes
  noregs     answers qSupported without qXfer:features:read, and
             qRegisterInfo0 with E45 (no way to learn the registers)
  qreginfo   no target.xml; answers qHostInfo and qRegisterInfo as
             lldb-server does (offsets out of order, a sub-register)
  rle        serves a description through target.xml with an annex, in
             small 'm' chunks with binary escapes, and a run-length
             encoded g reply (the probe must decode all of it)
"""
import socket, sys

mode, port = sys.argv[1], int(sys.argv[2])

XML = {
    "target.xml": '<?xml version="1.0"?>\n<target><architecture>i386:x86-64</architecture>'
                  '<xi:include href="regs.xml"/></target>\n',
    # '}' '#' '$' '*' in an XML comment: they must arrive escaped and come out whole
    "regs.xml": '<?xml version="1.0"?>\n<!-- escapes: } # $ * -->\n'
                '<feature name="org.gnu.gdb.i386.core">\n'
                '  <reg name="rax" bitsize="64" type="int64" regnum="0"/>\n'
                '  <reg name="rip" bitsize="64" type="code_ptr"/>\n'
                '  <reg name="eflags" bitsize="32" type="int32"/>\n'
                '</feature>\n',
}


QREGINFO = [
    "name:rax;bitsize:64;offset:8;encoding:uint;format:hex;set:General Purpose Registers;ehframe:0;dwarf:0;",
    "name:rip;bitsize:64;offset:0;encoding:uint;format:hex;set:General Purpose Registers;ehframe:16;dwarf:16;generic:pc;",
    "name:xmm0;bitsize:128;offset:16;encoding:vector;format:vector-uint8;set:Floating Point Registers;dwarf:17;",
    "name:eax;bitsize:32;offset:8;encoding:uint;format:hex;set:General Purpose Registers;container-regs:0;invalidate-regs:0;",
]


def frame(data: bytes) -> bytes:
    return b"$" + data + b"#%02x" % (sum(data) & 0xFF)


def escape(data: bytes) -> bytes:
    out = bytearray()
    for b in data:
        if b in b"}#$*":
            out += bytes([0x7D, b ^ 0x20])
        else:
            out.append(b)
    return bytes(out)


def packets(conn):
    buf = b""
    while True:
        d = conn.recv(4096)
        if not d:
            return
        buf += d
        while True:
            if mode == "badsum" and buf[:1] == b"-":
                conn.sendall(b"$OK#00")  # a NAK: send the (still bad) reply again
            buf = buf.lstrip(b"+-")
            i = buf.find(b"$")
            j = buf.find(b"#", i)
            if i < 0 or j < 0 or len(buf) < j + 3:
                break
            pkt = buf[i + 1:j]
            buf = buf[j + 3:]
            yield pkt.decode("latin-1")


def serve(conn):
    for pkt in packets(conn):
        if mode == "silent":
            continue
        conn.sendall(b"+")
        if mode == "badsum":
            conn.sendall(b"$OK#00")
            continue
        if mode == "truncated":
            conn.sendall(b"$PacketSize=1000;qXfer:feat")
            return
        if pkt.startswith("qSupported"):
            reply = b"PacketSize=1000" + (b";qXfer:features:read+" if mode == "rle" else b"")
        elif pkt == "?":
            reply = b"S05"
        elif pkt.startswith("qXfer:features:read:") and mode == "rle":
            annex, rest = pkt[len("qXfer:features:read:"):].split(":")
            off, _ = (int(x, 16) for x in rest.split(","))
            doc = XML.get(annex)
            if doc is None:
                reply = b"E00"
            else:
                chunk = doc.encode()[off:off + 40]  # small chunks: many 'm' replies
                last = off + 40 >= len(doc)
                reply = (b"l" if last else b"m") + escape(chunk)
        elif pkt == "g" and mode == "rle":
            # 20 bytes = 40 hex digits: "00" x 16 bytes run-length encoded
            reply = b"0*" + bytes([29 + 31]) + b"11223344"
        elif pkt.startswith("qRegisterInfo") and mode == "qreginfo":
            n = int(pkt[len("qRegisterInfo"):], 16)
            reply = QREGINFO[n].encode() if n < len(QREGINFO) else b"E45"
        elif pkt == "qHostInfo" and mode == "qreginfo":
            reply = b"triple:" + b"x86_64-pc-linux-gnu".hex().encode() + b";ptrsize:8;endian:little;"
        elif pkt == "g" and mode == "qreginfo":
            reply = b"ab" * 32
        elif pkt.startswith("qRegisterInfo"):
            reply = b"E45"
        else:
            reply = b""
        conn.sendall(frame(reply))


srv = socket.socket()
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind(("127.0.0.1", port))
srv.listen(4)
while True:
    conn, _ = srv.accept()
    try:
        serve(conn)
    except OSError:
        pass
    conn.close()
