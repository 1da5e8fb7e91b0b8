# A float offset (from Python 3's '/') counts as missing for LLDB, which
# then rejects the whole file.
from lldb import *

def get_dynamic_setting(target, setting_name):
    return {
        "sets": ["General Purpose Registers"],
        "host-info": {"triple": "x86_64-*-linux", "endian": eByteOrderLittle},
        "registers": [
            {"name": "rax", "set": 0, "bitsize": 64, "offset": 0},
            {"name": "rbx", "set": 0, "bitsize": 64, "offset": 16 / 2},
        ],
    }
