#!/usr/bin/env python3
"""killat.py MODE SECONDS DIR CMD...: start CMD and SIGKILL it at a random moment.

MODE any:   kill after a uniformly random delay in [0, SECONDS].
MODE write: kill while CMD writes: wait until a temporary file (NAME.tmpXXXXXX)
            newer than the start appears anywhere under DIR, then kill after a
            random delay in [0, SECONDS].
Prints "killed" if CMD was killed, "finished STATUS" if it ended first.
"""
import os
import random
import signal
import subprocess
import sys
import time


def tmp_files(top):
    found = set()
    for dirpath, _dirs, files in os.walk(top):
        for f in files:
            stem, dot, suffix = f.rpartition(".tmp")
            if dot and len(suffix) == 6:
                found.add(os.path.join(dirpath, f))
    return found


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in ("any", "write"):
        sys.stderr.write(__doc__)
        sys.exit(2)
    mode, secs, top, cmd = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4:]
    before = tmp_files(top)
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
    if mode == "write":
        while proc.poll() is None and not (tmp_files(top) - before):
            time.sleep(0.0005)
    time.sleep(random.uniform(0, secs))
    if proc.poll() is None:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        print("killed")
    else:
        print("finished %d" % proc.returncode)


main()
