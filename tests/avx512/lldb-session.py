# tests/avx512/lldb-session.py: run inside LLDB (script exec) by
# test-avx512-session.sh.  One LLDB command drives the whole session, since
# in batch mode LLDB skips the remaining -o commands after a signal stop:
# continue to the program's int3, read the registers, write two of them,
# continue to the end.  Each command's output is printed between markers.
import lldb

dbg = lldb.debugger
dbg.SetAsync(False)
ci = dbg.GetCommandInterpreter()


def run(cmd):
    res = lldb.SBCommandReturnObject()
    ci.HandleCommand(cmd, res)
    print("==> " + cmd)
    print(res.GetOutput() or "", end="")
    print(res.GetError() or "", end="")


run("process handle SIGTRAP -s true -p false -n true")
run("continue")
run("register read ymm5 ymm13h xmm5 zmm17 k3 xmm20")
run('register write ymm5 "{' + " ".join("0x%02x" % (0xa0 + i) for i in range(32)) + '}"')
run('register write ymm13h "{' + " ".join("0x%02x" % (0x01 + i) for i in range(16)) + '}"')
run("register read ymm5 xmm5 ymm13h")
run("continue")
