"""Helper of tests/lldb/test-lldb-tables.sh.

Two halves:

* write(d, path), called inside LLDB 16's embedded Python (the system python3
  cannot import lldb) right after the target-definition module was imported
  and get_dynamic_setting(None, "gdb-server-target-definition") returned d:
  writes repr() of d and of the lldb constants the comparison needs to path.
  repr() keeps the Python types (int vs float vs bool, list vs tuple) that
  LLDB cares about; the other half reads it back with ast.literal_eval.

* python3 dump_td.py compare LAYOUT TSV DUMP, run with the system python3:
  compares the dict with the reference TSV (tests/data/reference/NAME.tsv)
  and prints one line per mismatch, "LAYOUT: REGISTER: KEY: expected X, got Y"
  (REGISTER is "(top)" for the top-level keys); exit status 1 if any.
"""

import ast
import sys

# Constant names and the values LLDB 16 gives them (lldb-target-definition.md
# §1, verified there). The dump carries the values of the running LLDB too;
# the comparison checks that they agree.
ENCODINGS = {"uint": ("eEncodingUint", 1), "sint": ("eEncodingSint", 2),
             "ieee754": ("eEncodingIEEE754", 3), "vector": ("eEncodingVector", 4)}
FORMATS = {"hex": ("eFormatHex", 11), "address": ("eFormatAddressInfo", 35),
           "uint8_t[]": ("eFormatVectorOfUInt8", 22), "decimal": ("eFormatDecimal", 9),
           "binary": ("eFormatBinary", 2), "float": ("eFormatFloat", 13)}
GENERICS = {"pc": ("LLDB_REGNUM_GENERIC_PC", 0), "sp": ("LLDB_REGNUM_GENERIC_SP", 1),
            "fp": ("LLDB_REGNUM_GENERIC_FP", 2), "ra": ("LLDB_REGNUM_GENERIC_RA", 3),
            "flags": ("LLDB_REGNUM_GENERIC_FLAGS", 4)}
for _n in range(1, 9):
    GENERICS["arg%d" % _n] = ("LLDB_REGNUM_GENERIC_ARG%d" % _n, 4 + _n)
BYTE_ORDER_LITTLE = ("eByteOrderLittle", 4)
SETTING = "gdb-server-target-definition"


def _constant_names():
    names = [v[0] for t in (ENCODINGS, FORMATS, GENERICS) for v in t.values()]
    return names + [BYTE_ORDER_LITTLE[0]]


def write(d, path):
    import lldb  # only inside LLDB
    consts = {n: getattr(lldb, n, None) for n in _constant_names()}
    with open(path, "w") as f:
        f.write(repr({"definition": d, "constants": consts}))
        f.write("\n")


def read_tsv(path):
    facts, sets, regs, slices = {}, [], [], []
    reg_cols = slice_cols = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line:
                continue
            c = line.split("\t")
            if c[0] == "#reg":
                reg_cols = c[1:]
            elif c[0] == "#slice":
                slice_cols = c[1:]
            elif line.startswith("#"):
                continue
            elif c[0] == "fact":
                facts[c[1]] = c[2]
            elif c[0] == "set":
                if int(c[1]) != len(sets):
                    raise ValueError("%s: sets out of order" % path)
                sets.append(c[2])
            elif c[0] == "reg":
                regs.append(dict(zip(reg_cols, c[1:])))
            elif c[0] == "slice":
                slices.append(dict(zip(slice_cols, c[1:])))
            else:
                raise ValueError("%s: unknown row %r" % (path, c[0]))
    return facts, sets, regs, slices


def none_or(v, conv=str):
    return None if v == "-" else conv(v)


def expected_registers(regs, slices):
    """The list LLDB should see: dicts of key -> expected value (None = absent)."""
    out = []
    for r in regs:
        out.append({
            "name": r["lldb_name"],
            "set": int(r["set"]),
            "bitsize": int(r["bits"]),
            "encoding": ENCODINGS[r["enc"]][1],
            "format": FORMATS[r["fmt"]][1],
            "offset": int(r["off"]),
            "gcc": none_or(r["eh"], int),
            "dwarf": none_or(r["dwarf"], int),
            "generic": None if r["generic"] == "-" else GENERICS[r["generic"]][1],
            "alt-name": none_or(r["alt"]),
            "slice": None,
        })
    for s in slices:
        out.append({
            "name": s["name"],
            "set": int(s["set"]),
            "bitsize": int(s["bits"]),
            "encoding": ENCODINGS[s["enc"]][1],
            "format": FORMATS[s["fmt"]][1],
            "offset": None,
            "gcc": None,
            "dwarf": None,
            "generic": None,
            "alt-name": None,
            "slice": s["slice"],
        })
    return out


def show(v):
    return "absent" if v is _ABSENT else repr(v)


_ABSENT = object()


def same(expected, got):
    """Equal value and exact type (an int must be an int, not a bool/float)."""
    if expected is None:
        return got is _ABSENT
    return type(got) is type(expected) and got == expected


def compare(layout, tsv, dump):
    errors = []

    def err(reg, key, expected, got):
        errors.append("%s: %s: %s: expected %s, got %s"
                      % (layout, reg, key, "absent" if expected is None else repr(expected),
                         show(got)))

    facts, sets, regs, slices = read_tsv(tsv)
    with open(dump) as f:
        data = ast.literal_eval(f.read())
    consts = data["constants"]
    for table in (ENCODINGS, FORMATS, GENERICS):
        for name, value in table.values():
            if consts.get(name) != value:
                err("(lldb)", name, value, consts.get(name, _ABSENT))
    if consts.get(BYTE_ORDER_LITTLE[0]) != BYTE_ORDER_LITTLE[1]:
        err("(lldb)", BYTE_ORDER_LITTLE[0], BYTE_ORDER_LITTLE[1], consts.get(BYTE_ORDER_LITTLE[0]))

    d = data["definition"]
    if type(d) is not dict:
        err("(top)", "get_dynamic_setting", "a dict", d)
        return errors
    top = lambda k: d.get(k, _ABSENT)

    if not same(sets, top("sets")):
        err("(top)", "sets", sets, top("sets"))
    if not same(int(facts["g_bytes"]), top("g-packet-size")):
        err("(top)", "g-packet-size", int(facts["g_bytes"]), top("g-packet-size"))
    bpo = none_or(facts["breakpoint_pc_offset"], int)
    if not same(bpo, top("breakpoint-pc-offset")):
        err("(top)", "breakpoint-pc-offset", bpo, top("breakpoint-pc-offset"))
    hi = top("host-info")
    if type(hi) is not dict:
        err("(top)", "host-info", {"triple": facts["triple"]}, hi)
    else:
        if not same(facts["triple"], hi.get("triple", _ABSENT)):
            err("(top)", "host-info.triple", facts["triple"], hi.get("triple", _ABSENT))
        # optional, ignored by LLDB; if given it must say little-endian (x86)
        if "endian" in hi and not same(BYTE_ORDER_LITTLE[1], hi["endian"]):
            err("(top)", "host-info.endian", BYTE_ORDER_LITTLE[1], hi["endian"])
        for k in hi:
            if k not in ("triple", "endian"):
                err("(top)", "host-info." + k, None, hi[k])
    for k in d:
        if k not in ("sets", "registers", "g-packet-size", "host-info", "breakpoint-pc-offset"):
            err("(top)", k, None, d[k])

    want = expected_registers(regs, slices)
    got = top("registers")
    if type(got) is not list:
        err("(top)", "registers", "a list", got)
        return errors
    want_names = [w["name"] for w in want]
    got_names = [g.get("name", _ABSENT) if type(g) is dict else g for g in got]
    if want_names != got_names:
        # where the list order first differs (each entry is also compared below)
        i = next((i for i, (a, b) in enumerate(zip(want_names, got_names)) if a != b),
                 min(len(want_names), len(got_names)))
        err("(top)", "registers[%d] (list order, %d expected, %d given)"
            % (i, len(want_names), len(got_names)),
            want_names[i] if i < len(want_names) else "(end of list)",
            got_names[i] if i < len(got_names) else "(end of list)")
    for i in range(max(len(want), len(got))):
        if i >= len(got):
            err(want[i]["name"], "list index %d" % i, "present", _ABSENT)
            continue
        g = got[i]
        if i >= len(want):
            err(g.get("name", "#%d" % i) if type(g) is dict else "#%d" % i,
                "list index %d" % i, None, g)
            continue
        w = want[i]
        if type(g) is not dict:
            err(w["name"], "type", "a dict", g)
            continue
        for key, ev in w.items():
            gv = g.get(key, _ABSENT)
            if not same(ev, gv):
                err(w["name"], key, ev, gv)
        for key in g:
            if key not in w:
                err(w["name"], key, None, g[key])
    return errors


def main(argv):
    if len(argv) != 5 or argv[1] != "compare":
        sys.stderr.write("usage: dump_td.py compare LAYOUT TSV DUMP\n")
        return 2
    errors = compare(argv[2], argv[3], argv[4])
    for e in errors:
        print(e)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
