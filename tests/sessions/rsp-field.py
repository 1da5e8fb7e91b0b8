# tests/sessions/rsp-field.py STOP_REPLY REGNUM_HEX: prints the value of
# register REGNUM_HEX expedited in a GDB remote stop reply (T05NN:VALUE;...),
# run-length decoded and read little-endian, in hex without leading zeros.
# Prints nothing if the reply does not carry it.
import sys


def unrle(s):
    out = []
    i = 0
    while i < len(s):
        if s[i] == '*' and out and i + 1 < len(s):
            out.append(out[-1][-1] * (ord(s[i + 1]) - 29))
            i += 2
        else:
            out.append(s[i])
            i += 1
    return ''.join(out)


reply, want = sys.argv[1], int(sys.argv[2], 16)
for field in reply[3:].split(';'):
    key, _, value = field.partition(':')
    try:
        if int(key, 16) == want:
            print('%x' % int.from_bytes(bytes.fromhex(unrle(value)), 'little'))
    except ValueError:
        pass
