# A small valid file using lldb constants, a slice and a composite.
from lldb import *

def get_dynamic_setting(target, setting_name):
    return {
        "sets": ["General Purpose Registers", "Floating Point Registers"],
        "host-info": {"triple": "x86_64-*-linux", "endian": eByteOrderLittle},
        "breakpoint-pc-offset": -1,
        "registers": [
            {"name": "rax", "set": 0, "bitsize": 64, "offset": 0, "encoding": eEncodingUint,
             "format": eFormatHex, "dwarf": 0, "gcc": 0},
            {"name": "rip", "set": 0, "bitsize": 64, "offset": 8, "encoding": eEncodingUint,
             "format": eFormatAddressInfo, "dwarf": 16, "generic": LLDB_REGNUM_GENERIC_PC,
             "alt-name": "pc"},
            {"name": "xmm0", "set": 1, "bitsize": 128, "offset": 16, "encoding": "vector",
             "format": "uint8_t[]", "dwarf": 17},
            {"name": "eax", "set": 0, "bitsize": 32, "slice": "rax[31:0]"},
            {"name": "both", "set": 0, "bitsize": 128, "composite": ["rax", "rip"]},
        ],
    }
