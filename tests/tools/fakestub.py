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
  stale      as rle, but first a stale stop reply ($T02thread:p01.01;)
             before the qSupported reply, as QEMU sends when the machine
             was running (started without -S, or a debugger resumed it)
  console    as rle, with an 'O' console-output packet before every reply
  gchange    as rle, but the g reply is 40 bytes until target.xml has been
             read and 20 after (as QEMU arm: 168 then 68)
  onebyte    target.xml one byte per 'm' reply, never ending
  rlebomb    a g reply whose run-length encoding expands past 64 MiB
  sameannex  target.xml includes one annex 256 times
  slowreginfo  qRegisterInfo without end, each reply after 0.3 s
  reg-noname, reg-bits0, reg-bitsneg, reg-bitshuge, reg-offneg
             qRegisterInfo1 with no name, bitsize 0, -8, 2^31, offset -8
  file       serves FAKESTUB_XML (one file) as target.xml; the g reply is
             FAKESTUB_G_BEFORE bytes until target.xml has been read and
             FAKESTUB_G_AFTER bytes after (zeros); PacketSize is
             FAKESTUB_PACKETSIZE (hex, default 1000); with
             FAKESTUB_G_PATTERN=1 byte i of g is i % 256, not zero;
             FAKESTUB_QREGINFO=FILE (one reply a line) answers
             qRegisterInfoN with line N (E45 past the end) and qHostInfo
             with x86_64-pc-linux-gnu (FAKESTUB_NOHOSTINFO=1: refuses it);
             FAKESTUB_NOXML=1 offers no target.xml;
             a packet longer than PacketSize ($, data, #xx) gets E01, as
             from a stub whose buffer is that size; P is refused (empty
             reply), G accepted and sent back by later g replies
FAKESTUB_LOG=FILE appends every packet received to FILE.
"""
import os, socket, sys, time

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


XML_LIKE_RLE = ("rle", "stale", "console", "gchange", "rlebomb")
if mode == "file":
    XML = {"target.xml": open(os.environ["FAKESTUB_XML"]).read()}
    G_BEFORE = int(os.environ["FAKESTUB_G_BEFORE"])
    G_AFTER = int(os.environ["FAKESTUB_G_AFTER"])
    PACKETSIZE = os.environ.get("FAKESTUB_PACKETSIZE", "1000").encode()
    G_PATTERN = os.environ.get("FAKESTUB_G_PATTERN") == "1"
    NOXML = os.environ.get("FAKESTUB_NOXML") == "1"
    NOHOSTINFO = os.environ.get("FAKESTUB_NOHOSTINFO") == "1"
    FILE_QREGINFO = (open(os.environ["FAKESTUB_QREGINFO"]).read().splitlines()
                     if os.environ.get("FAKESTUB_QREGINFO") else None)


def g_file(n):
    return bytes(i % 256 for i in range(n)).hex().encode() if G_PATTERN else b"00" * n
if mode == "sameannex":
    XML["target.xml"] = ('<?xml version="1.0"?>\n<target><architecture>i386:x86-64</architecture>'
                         + '<xi:include href="regs.xml"/>' * 256 + '</target>\n')

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


BAD_REG = {
    "reg-noname": "bitsize:64;offset:0;encoding:uint;format:hex;set:General Purpose Registers;",
    "reg-bits0": "name:rbx;bitsize:0;offset:16;encoding:uint;format:hex;",
    "reg-bitsneg": "name:rbx;bitsize:-8;offset:16;encoding:uint;format:hex;",
    "reg-bitshuge": "name:rbx;bitsize:2147483648;offset:16;encoding:uint;format:hex;",
    "reg-offneg": "name:rbx;bitsize:64;offset:-8;encoding:uint;format:hex;",
}


def serve(conn):
    read_xml = False
    written = None  # file mode: the registers of the last G
    first = True
    log = open(os.environ["FAKESTUB_LOG"], "a") if os.environ.get("FAKESTUB_LOG") else None
    for pkt in packets(conn):
        if log:
            log.write(pkt + "\n")
            log.flush()
        if mode == "silent":
            continue
        conn.sendall(b"+")
        if mode == "stale" and first:
            conn.sendall(frame(b"T02thread:p01.01;"))
        first = False
        if mode == "console":
            conn.sendall(frame(b"O" + b"booting...\n".hex().encode()))
        if mode == "badsum":
            conn.sendall(b"$OK#00")
            continue
        if mode == "truncated":
            conn.sendall(b"$PacketSize=1000;qXfer:feat")
            return
        if mode == "file" and len(pkt) + 4 > int(PACKETSIZE, 16):
            # as a stub whose buffer is the PacketSize it announced
            reply = b"E01"
        elif pkt.startswith("qSupported") and mode == "file":
            reply = b"PacketSize=" + PACKETSIZE + (b"" if NOXML else b";qXfer:features:read+")
        elif pkt == "g" and mode == "file":
            reply = written if written else g_file(G_AFTER if read_xml else G_BEFORE)
        elif pkt.startswith("G") and mode == "file":
            written = pkt[1:].encode()
            reply = b"OK"
        elif pkt.startswith("qRegisterInfo") and mode == "file" and FILE_QREGINFO is not None:
            n = int(pkt[len("qRegisterInfo"):], 16)
            reply = FILE_QREGINFO[n].encode() if n < len(FILE_QREGINFO) else b"E45"
        elif pkt == "qHostInfo" and mode == "file" and FILE_QREGINFO is not None and not NOHOSTINFO:
            reply = b"triple:" + b"x86_64-pc-linux-gnu".hex().encode() + b";ptrsize:8;endian:little;"
        elif pkt.startswith("qSupported"):
            reply = b"PacketSize=1000" + (b";qXfer:features:read+" if mode in XML_LIKE_RLE + ("onebyte", "sameannex") else b"")
        elif pkt == "?":
            reply = b"S05"
        elif pkt.startswith("qXfer:features:read:") and mode == "onebyte":
            reply = b"m<"
        elif pkt == "g" and mode == "rlebomb":
            reply = b"0" + b"*~" * 700000
        elif pkt.startswith("qRegisterInfo") and mode == "slowreginfo":
            n = int(pkt[len("qRegisterInfo"):], 16)
            time.sleep(0.3)
            reply = b"name:r%d;bitsize:64;offset:%d;encoding:uint;format:hex;" % (n, 8 * n)
        elif pkt.startswith("qRegisterInfo") and mode in BAD_REG:
            n = int(pkt[len("qRegisterInfo"):], 16)
            reply = [QREGINFO[0].encode(), BAD_REG[mode].encode()][n] if n < 2 else b"E45"
        elif pkt == "g" and mode in BAD_REG:
            reply = b"00" * 24
        elif pkt.startswith("qXfer:features:read:") and mode in XML_LIKE_RLE + ("sameannex", "file"):
            annex, rest = pkt[len("qXfer:features:read:"):].split(":")
            off, _ = (int(x, 16) for x in rest.split(","))
            doc = XML.get(annex)
            if doc is None:
                reply = b"E00"
            else:
                chunk = doc.encode()[off:off + 40]  # small chunks: many 'm' replies
                last = off + 40 >= len(doc)
                reply = (b"l" if last else b"m") + escape(chunk)
                if annex == "target.xml":
                    read_xml = True
        elif pkt == "g" and mode == "gchange" and not read_xml:
            reply = b"00" * 40
        elif pkt == "g" and mode in XML_LIKE_RLE + ("sameannex",):
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
    # "+" and the reply are two small writes: without this, Nagle holds the
    # reply until the ack of the "+" (40 ms a packet, 13 s a probe)
    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        serve(conn)
    except OSError:
        pass
    conn.close()
