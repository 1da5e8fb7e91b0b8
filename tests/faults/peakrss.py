#!/usr/bin/env python3
"""peakrss.py SECONDS CMD...: run CMD, print its peak RSS, kill it after SECONDS.

Prints one line to stdout, "status=S peak_rss_kb=K seconds=T", where S is
the exit status, or "signal-N" if a signal ended it, or "timeout" if it ran
longer than SECONDS (it is then killed).  CMD's own output is passed through.
With PEAKRSS_AS_MB set, CMD runs with that address-space limit (ulimit -v),
so a runaway cannot take the machine's memory.
Exits 0 unless CMD could not be started.
"""
import os
import resource
import signal
import subprocess
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__)
        sys.exit(2)
    limit = float(sys.argv[1])
    start = time.monotonic()
    limit_mb = os.environ.get("PEAKRSS_AS_MB")

    def limit_memory():
        if limit_mb:
            n = int(limit_mb) << 20
            resource.setrlimit(resource.RLIMIT_AS, (n, n))

    proc = subprocess.Popen(sys.argv[2:], preexec_fn=limit_memory)
    status = None
    while True:
        pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            if os.WIFSIGNALED(st):
                status = "signal-%d" % os.WTERMSIG(st)
            elif status is None:
                status = str(os.WEXITSTATUS(st))
            break
        if status is None and time.monotonic() - start > limit:
            status = "timeout"
            os.kill(proc.pid, signal.SIGKILL)
        time.sleep(0.05)
    proc.returncode = 0  # reaped above
    print("status=%s peak_rss_kb=%d seconds=%.1f"
          % (status, ru.ru_maxrss, time.monotonic() - start))


main()
